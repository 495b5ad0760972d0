package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// figure is one line of the report: a measurement, what it is compared
// with, and its budget if it has one.
type figure struct {
	Name     string
	Baseline string
	Value    string
	Ratio    string
	Budget   string
	Met      bool
	NoBudget bool // shown for context: Budget and Met print "-", missed ignores it
}

// section is a titled group of figures.
type section struct {
	Title   string
	Figures []figure
}

// Budgets of the issue, as the report states them.
const (
	overheadBudget   = 1.20 // plan and apply time over terraform_data's
	rateLimitBudget  = 1.15 // apply time under rate limits over the limits' bound
	throughputBudget = 0.50 // the API's requests a second over a bare handler's
	p99Budget        = 10 * time.Millisecond
	memoryBudget     = 300 << 20 // bytes of resident memory
)

// overheadSection compares StatusHub, and the plugin floor under it, with
// terraform_data in each phase.
func overheadSection(r sizeResult) section {
	s := section{Title: fmt.Sprintf("Plan and apply, %d objects (plugin floor: the same schemas, no API; "+
		"median of %d runs; wall-clock, CPU ratio in brackets)", r.Objects, len(r.Runs[statusHub]))}
	for i, p := range phases {
		name := "`terraform " + p.Name + "`"
		statusHubRow, wall := overTerraformData(r, i, statusHub, name)
		statusHubRow.Budget, statusHubRow.Met = fmt.Sprintf("≤ %.2f×", overheadBudget), wall <= overheadBudget
		floorRow, _ := overTerraformData(r, i, pluginFloor, name+", plugin floor")
		floorRow.NoBudget = true
		s.Figures = append(s.Figures, statusHubRow, floorRow)
	}
	return s
}

// overTerraformData is the figure of v's time in phase i against
// terraform_data's, with no budget yet, and its wall-clock ratio.
func overTerraformData(r sizeResult, i int, v variant, name string) (figure, float64) {
	base, seconds, wall, cpu := r.times(i, terraformData, v)
	return figure{
		Name:     name,
		Baseline: fmt.Sprintf("%.2f s", base),
		Value:    fmt.Sprintf("%.2f s", seconds),
		Ratio:    fmt.Sprintf("%.2f× (%.2f×)", wall, cpu),
	}, wall
}

func apiCallsSection(r sizeResult) section {
	s := section{Title: fmt.Sprintf("API calls, %d objects (the run furthest from the budget)", r.Objects)}
	for i, p := range phases {
		got, extra := r.worstRequests(i)
		value := fmt.Sprintf("%d reads, %d writes, %d 429, %d other errors", got.Reads, got.Writes, got.Throttled, got.Failed)
		if extra != 0 {
			value += ": " + byRoute(got)
		}
		s.Figures = append(s.Figures, figure{
			Name:     "`terraform " + p.Name + "`",
			Baseline: fmt.Sprintf("%d reads, %d writes", p.WantReads(r.Workload), p.WantWrites(r.Workload)),
			Value:    value,
			Ratio:    fmt.Sprintf("%+d requests", extra),
			Budget:   "as many, no retries",
			Met:      extra == 0,
		})
	}
	return s
}

func rateLimitSection(runs []limitedResult) section {
	var ratios []float64
	var throttled, failed int
	worst := runs[0]
	for _, r := range runs {
		ratio := r.Wall.Seconds() / r.Bound.Seconds()
		ratios = append(ratios, ratio)
		throttled += r.Requests.Throttled
		failed += r.Requests.Failed
		if ratio > worst.Wall.Seconds()/worst.Bound.Seconds() {
			worst = r
		}
	}
	ratio := median(ratios)
	return section{
		Title: fmt.Sprintf("Under rate limits (5 writes and 30 reads a second), %d objects (median of %d runs)", limitedObjects, len(runs)),
		Figures: []figure{{
			Name:     "`terraform apply`: time over the limits' bound",
			Baseline: fmt.Sprintf("%.1f s for %d writes, %d reads", worst.Bound.Seconds(), worst.Requests.Writes, worst.Requests.Reads),
			Value:    fmt.Sprintf("%.1f s (slowest run)", worst.Wall.Seconds()),
			Ratio:    fmt.Sprintf("%.2f×", ratio),
			Budget:   fmt.Sprintf("≤ %.2f×", rateLimitBudget),
			Met:      ratio <= rateLimitBudget,
		}, {
			Name:     "`terraform apply`: 429s received, other errors",
			Baseline: "-",
			Value:    fmt.Sprintf("%d, %d (all runs)", throttled, failed),
			Ratio:    "-",
			Budget:   "0 errors",
			Met:      failed == 0,
		}},
	}
}

func serverSection(results []throughputResult) section {
	s := section{Title: fmt.Sprintf("Reference API, %d connections on loopback, rate limits off (median of the runs)", loadConns)}
	for _, r := range results {
		ratio := r.Server.PerSecond / r.Bare.PerSecond
		s.Figures = append(s.Figures, figure{
			Name:     r.Target.Name + ": requests a second",
			Baseline: fmt.Sprintf("%.0f/s (bare handler)", r.Bare.PerSecond),
			Value:    fmt.Sprintf("%.0f/s, %d errors", r.Server.PerSecond, r.Server.Errors),
			Ratio:    fmt.Sprintf("%.2f×", ratio),
			Budget:   fmt.Sprintf("≥ %.2f×", throughputBudget),
			Met:      ratio >= throughputBudget && r.Server.Errors == 0,
		}, figure{
			Name:     r.Target.Name + ": latency p50 / p99",
			Baseline: fmt.Sprintf("%s / %s", ms(r.Bare.P50), ms(r.Bare.P99)),
			Value:    fmt.Sprintf("%s / %s", ms(r.Server.P50), ms(r.Server.P99)),
			Ratio:    "-",
			Budget:   "p99 < " + ms(p99Budget),
			Met:      r.Server.P99 < p99Budget,
		})
	}
	return s
}

func memorySection(m memoryResult) section {
	return section{
		Title: "Reference API's memory (`serve` process)",
		Figures: []figure{{
			Name:     fmt.Sprintf("resident memory after listing %d components", m.Components),
			Baseline: "-",
			Value:    fmt.Sprintf("%s (peak %s)", mib(m.RSS), mib(m.Peak)),
			Ratio:    "-",
			Budget:   "≤ " + mib(memoryBudget),
			Met:      m.Peak <= memoryBudget,
		}},
	}
}

// byRoute lists the requests by route, the most frequent first.
func byRoute(t tally) string {
	routes := slices.Collect(maps.Keys(t.ByRoute))
	slices.SortFunc(routes, func(a, b string) int { return cmp.Or(t.ByRoute[b]-t.ByRoute[a], strings.Compare(a, b)) })
	parts := make([]string, len(routes))
	for i, r := range routes {
		parts[i] = fmt.Sprintf("%d × `%s`", t.ByRoute[r], r)
	}
	return strings.Join(parts, ", ")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", d.Seconds()*1000) }

func mib(bytes int64) string { return fmt.Sprintf("%d MiB", bytes>>20) }

// writeTable writes the sections as one Markdown table.
func writeTable(w io.Writer, sections []section) {
	fmt.Fprintln(w, "| Figure | Baseline | StatusHub | Ratio | Budget | Met |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|")
	for _, s := range sections {
		fmt.Fprintf(w, "| **%s** | | | | | |\n", s.Title)
		for _, f := range s.Figures {
			budget, met := f.Budget, "yes"
			switch {
			case f.NoBudget:
				budget, met = "-", "-"
			case !f.Met:
				met = "**no**"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", f.Name, f.Baseline, f.Value, f.Ratio, budget, met)
		}
	}
}

// missed lists the figures that miss their budget.
func missed(sections []section) []string {
	var out []string
	for _, s := range sections {
		for _, f := range s.Figures {
			if !f.Met && !f.NoBudget {
				out = append(out, s.Title+": "+f.Name)
			}
		}
	}
	return out
}
