package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestRefreshBudget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		w    workload
		want int
	}{
		// 1 hub of 80 components, 4 members of 3 or 4 keys: one list of
		// hubs, one of members, one of the hub's components, one of each
		// member's keys, each plus one, and the handful.
		{"100 objects", workloadOf(100), 2 + 2 + 2 + 4*2 + refreshHandful},
		// 10 hubs of 80 components, 40 members of 3 or 4 keys.
		{"1000 objects", workloadOf(1000), 2 + 2 + 10*2 + 40*2 + refreshHandful},
		// 120 members take two pages.
		{"3000 objects", workloadOf(3000), 2 + 3 + 30*2 + 120*2 + refreshHandful},
		// 200 components a hub take two pages; no members, no lists of them.
		{"5 hubs of 1000 components", refreshWorkload(1000), 2 + 5*3 + refreshHandful},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.w.refreshBudget(); got != tt.want {
				t.Errorf("refreshBudget() = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestRefreshWorkloadLeavesOutEmptyBlocks(t *testing.T) {
	t.Parallel()
	config := refreshWorkload(1000).config(statusHub)
	for _, want := range []string{`resource "statushub_hub" "hub"`, "count = 5", "count = 1000", "statushub_hub.hub[floor(count.index / 200)].id"} {
		if !strings.Contains(config, want) {
			t.Errorf("config lacks %q:\n%s", want, config)
		}
	}
	for _, unwanted := range []string{"statushub_member", "statushub_api_key"} {
		if strings.Contains(config, unwanted) {
			t.Errorf("config has %q, of which it has none:\n%s", unwanted, config)
		}
	}
}

// fakeSize is one run of each variant at 1000 objects, in which every
// phase of StatusHub takes overFloor[phase] times the plugin floor's time
// and the floor twice terraform_data's; StatusHub's API took a tenth of the
// wall-clock in its handlers and sent the requests of the budget.
func fakeSize(overFloor []float64) sizeResult {
	r := sizeResult{Objects: 1000, Workload: workloadOf(1000), Runs: map[variant][][]phaseResult{}}
	usageOf := func(seconds float64) usage {
		d := time.Duration(seconds * float64(time.Second))
		return usage{Wall: d, CPU: d, Self: d / 20}
	}
	var data, floor, hub []phaseResult
	for i, p := range phases {
		data = append(data, phaseResult{Usage: usageOf(1)})
		floor = append(floor, phaseResult{Usage: usageOf(2)})
		hub = append(hub, phaseResult{
			Usage: usageOf(2 * overFloor[i]),
			Requests: tally{
				Reads:    p.maxReads(r.Workload),
				Writes:   p.WantWrites(r.Workload),
				Handling: time.Duration(2 * overFloor[i] * float64(time.Second) / 10),
			},
		})
	}
	r.Runs[terraformData] = [][]phaseResult{data}
	r.Runs[pluginFloor] = [][]phaseResult{floor}
	r.Runs[statusHub] = [][]phaseResult{hub}
	return r
}

func TestOverheadSectionBudgetsOverTheFloor(t *testing.T) {
	t.Parallel()
	// apply, plan, plan -refresh=false, apply (update 10%): the first
	// plan misses its 1.10×, the updating apply its 1.25×.
	s := overheadSection(fakeSize([]float64{1.2, 1.15, 1.05, 1.3}))
	rows := map[string]figure{}
	for _, f := range s.Figures {
		rows[f.Name] = f
	}
	budgeted := map[string]bool{
		"`terraform apply`, over the plugin floor":               true,
		"`terraform plan`, over the plugin floor":                false,
		"`terraform plan -refresh=false`, over the plugin floor": true,
		"`terraform apply (update 10%)`, over the plugin floor":  false,
	}
	for name, met := range budgeted {
		f, ok := rows[name]
		switch {
		case !ok:
			t.Errorf("no row %q", name)
		case f.NoBudget || f.Met != met:
			t.Errorf("%s: met %v (no budget %v), want %v", name, f.Met, f.NoBudget, met)
		}
	}
	if f := rows["`terraform plan`, plugin floor over `terraform_data`"]; !f.NoBudget || f.Ratio != "2.00× (2.00×)" {
		t.Errorf("reference row: %+v, want 2.00× (2.00×) and no budget", f)
	}
	for _, name := range []string{"`terraform apply`: the API's own handling", "`terraform apply (update 10%)`: the API's own handling"} {
		if f := rows[name]; !strings.HasPrefix(f.Ratio, "10% of the wall-clock") {
			t.Errorf("%s: ratio %q, want 10%% of the wall-clock", name, f.Ratio)
		}
	}
	for name, want := range map[string]bool{
		"`terraform plan`: where the time above the floor goes":                true,
		"`terraform apply (update 10%)`: where the time above the floor goes":  true,
		"`terraform apply`: where the time above the floor goes":               false,
		"`terraform plan -refresh=false`: where the time above the floor goes": false,
	} {
		if _, ok := rows[name]; ok != want {
			t.Errorf("row %q shown: %v, want %v (only for a missed budget)", name, ok, want)
		}
	}
}

func TestAPICallsSectionBudgetsTheRefreshReads(t *testing.T) {
	t.Parallel()
	r := fakeSize([]float64{1, 1, 1, 1})
	if missed := missed([]section{apiCallsSection(r)}); len(missed) > 0 {
		t.Errorf("the requests of the budget miss it: %v", missed)
	}
	// One GET per object, as before reading from lists.
	r.Runs[statusHub][0][1].Requests.Reads = r.Workload.Objects()
	s := apiCallsSection(r)
	plan := s.Figures[1]
	if plan.Met || plan.Baseline != "1000 reads, 0 writes" || plan.Ratio != "1.00× the reads" {
		t.Errorf("plan with one GET per object: %+v, want missed against 1000 reads, 1.00×", plan)
	}
}

func TestWriteTableHasSixColumnsOnEveryRow(t *testing.T) {
	t.Parallel()
	sections := []section{overheadSection(fakeSize([]float64{1.2, 1.15, 1.05, 1.3})), apiCallsSection(fakeSize([]float64{1, 1, 1, 1}))}
	var b strings.Builder
	writeTable(&b, sections)
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if cells := strings.Count(line, "|") - 1; cells != 6 {
			t.Errorf("%d cells, want 6: %s", cells, line)
		}
	}
}

func TestSpliceResultsReplacesOnlyTheResults(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(benchmarksFile)
	if err != nil {
		t.Fatal(err)
	}
	got, err := spliceResults(string(doc), "new figures\n")
	if err != nil {
		t.Fatal(err)
	}
	before, _, _ := strings.Cut(string(doc), resultsBegin)
	_, after, _ := strings.Cut(string(doc), resultsEnd)
	if want := before + resultsBegin + "\nnew figures\n" + resultsEnd + after; got != want {
		t.Errorf("spliced %s:\n%s", benchmarksFile, got)
	}
	if _, err := spliceResults("no markers", "new figures\n"); err == nil {
		t.Error("a document without markers took the results")
	}
}
