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
	planOverFloorBudget  = 1.10 // plan time over the plugin floor's
	applyOverFloorBudget = 1.25 // apply time over the plugin floor's
	rateLimitBudget      = 1.15 // apply time under rate limits over the limits' bound
	limitedPlanBudget    = 1.15 // plan time under rate limits over the same plan without
	throughputBudget     = 0.50 // the API's requests a second over a bare handler's
	p99Budget            = 10 * time.Millisecond
	memoryBudget         = 300 << 20 // bytes of resident memory
)

// overheadSection compares StatusHub with the plugin floor in each phase,
// and the plugin floor with terraform_data for reference. For a phase that
// writes, it says how much of it the API's own handling took; for a missed
// budget, where the time above the floor went.
func overheadSection(r sizeResult) section {
	s := section{Title: fmt.Sprintf("Plan and apply, %d objects (plugin floor: the same schemas, no API; "+
		"median of %d runs; wall-clock, CPU ratio in brackets)", r.Objects, len(r.Runs[statusHub]))}
	for i, p := range phases {
		name := "`terraform " + p.Name + "`"
		row, wall := timeFigure(r, i, pluginFloor, statusHub, name+", over the plugin floor")
		row.Budget, row.Met = fmt.Sprintf("≤ %.2f×", p.OverFloor), wall <= p.OverFloor
		reference, _ := timeFigure(r, i, terraformData, pluginFloor, name+", plugin floor over `terraform_data`")
		reference.NoBudget = true
		s.Figures = append(s.Figures, row, reference)
		if p.WantWrites(r.Workload) > 0 {
			s.Figures = append(s.Figures, apiHandlingFigure(r, i, name))
		}
		if !row.Met {
			s.Figures = append(s.Figures, aboveFloorFigure(r, i, name))
		}
	}
	return s
}

// timeFigure is the figure of v's time in phase i against base's, with no
// budget yet, and its wall-clock ratio.
func timeFigure(r sizeResult, i int, base, v variant, name string) (figure, float64) {
	baseSeconds, seconds, wall, cpu := r.times(i, base, v)
	return figure{
		Name:     name,
		Baseline: fmt.Sprintf("%.2f s", baseSeconds),
		Value:    fmt.Sprintf("%.2f s", seconds),
		Ratio:    fmt.Sprintf("%.2f× (%.2f×)", wall, cpu),
	}, wall
}

// apiHandlingFigure says how much of StatusHub's phase i the reference API
// took: the time its handlers took, summed over the requests (which overlap),
// and the CPU of the bench process, where it runs.
func apiHandlingFigure(r sizeResult, i int, name string) figure {
	handling := func(p phaseResult) float64 { return p.Requests.Handling.Seconds() }
	apiCPU := func(p phaseResult) float64 { return p.Usage.Self.Seconds() }
	requests := func(p phaseResult) float64 { return float64(p.Requests.total()) }
	handlingShare := func(p phaseResult) float64 { return handling(p) / p.Usage.Wall.Seconds() }
	cpuShare := func(p phaseResult) float64 { return apiCPU(p) / p.Usage.CPU.Seconds() }
	return figure{
		Name:     name + ": the API's own handling",
		Baseline: "-",
		Value: fmt.Sprintf("%.2f s in its handlers (summed over %.0f requests), %.2f s of CPU",
			r.medianOf(i, statusHub, handling), r.medianOf(i, statusHub, requests), r.medianOf(i, statusHub, apiCPU)),
		Ratio: fmt.Sprintf("%.0f%% of the wall-clock (%.0f%% of the CPU)",
			100*r.medianOf(i, statusHub, handlingShare), 100*r.medianOf(i, statusHub, cpuShare)),
		NoBudget: true,
	}
}

// aboveFloorFigure breaks down what StatusHub's phase i took above the
// plugin floor's: the API's CPU and its handlers' time, and the CPU of
// Terraform and the provider beyond the floor's.
func aboveFloorFigure(r sizeResult, i int, name string) figure {
	wall := func(p phaseResult) float64 { return p.Usage.Wall.Seconds() }
	apiCPU := func(p phaseResult) float64 { return p.Usage.Self.Seconds() }
	clientCPU := func(p phaseResult) float64 { return (p.Usage.CPU - p.Usage.Self).Seconds() }
	handling := func(p phaseResult) float64 { return p.Requests.Handling.Seconds() }
	return figure{
		Name:     name + ": where the time above the floor goes",
		Baseline: "-",
		Value: fmt.Sprintf("%+.2f s wall-clock; CPU: the API %.2f s (handlers %.2f s summed), Terraform and the provider %+.2f s",
			r.medianDifference(i, pluginFloor, statusHub, wall), r.medianOf(i, statusHub, apiCPU),
			r.medianOf(i, statusHub, handling), r.medianDifference(i, pluginFloor, statusHub, clientCPU)),
		Ratio:    "-",
		NoBudget: true,
	}
}

// apiCallsSection counts StatusHub's requests in each phase, beside what
// they were when a refresh read one object per GET.
func apiCallsSection(r sizeResult) section {
	s := section{Title: fmt.Sprintf("API calls, %d objects (before: one GET per object refreshed; the run furthest from the budget)", r.Objects)}
	w := r.Workload
	for i, p := range phases {
		got, extra := r.worstRequests(i)
		value := fmt.Sprintf("%d reads, %d writes, %d 429, %d other errors", got.Reads, got.Writes, got.Throttled, got.Failed)
		if extra != 0 {
			value += ": " + byRoute(got)
		}
		ratio := "-"
		if before := p.readsBefore(w); before > 0 {
			ratio = fmt.Sprintf("%.2f× the reads", float64(got.Reads)/float64(before))
		}
		s.Figures = append(s.Figures, figure{
			Name:     "`terraform " + p.Name + "`",
			Baseline: fmt.Sprintf("%d reads, %d writes", p.readsBefore(w), p.WantWrites(w)),
			Value:    value,
			Ratio:    ratio,
			Budget:   fmt.Sprintf("≤ %d reads, %d writes, no retries", p.maxReads(w), p.WantWrites(w)),
			Met:      extra == 0,
		})
	}
	return s
}

// refreshSection compares a plan under the default rate limits with the
// same plan without, and counts the requests of a targeted plan and of an
// import beside what they were when every object was read with a GET.
func refreshSection(r refreshResult) section {
	var ratios, off, on []float64
	worst := r.Pairs[0].Requests
	for _, p := range r.Pairs {
		ratios = append(ratios, p.On.Wall.Seconds()/p.Off.Wall.Seconds())
		off, on = append(off, p.Off.Wall.Seconds()), append(on, p.On.Wall.Seconds())
		if p.Requests.Throttled+p.Requests.Failed > worst.Throttled+worst.Failed {
			worst = p.Requests
		}
	}
	ratio := median(ratios)
	w := r.Workload
	return section{
		Title: fmt.Sprintf("Refresh, %d hubs and %d components (components with `count` over the hubs; median of %d runs)",
			w.Hubs, w.Components, len(r.Pairs)),
		Figures: []figure{{
			Name:     "`terraform plan` under the default rate limits (30 reads a second), over the same plan without",
			Baseline: fmt.Sprintf("%.2f s", median(off)),
			Value:    fmt.Sprintf("%.2f s, %d reads, %d 429, %d other errors (the run with the most errors)", median(on), worst.Reads, worst.Throttled, worst.Failed),
			Ratio:    fmt.Sprintf("%.2f×", ratio),
			Budget:   fmt.Sprintf("≤ %.2f×, no errors", limitedPlanBudget),
			Met:      ratio <= limitedPlanBudget && worst.Failed == 0,
		},
			oneObjectFigure("`terraform plan -target` of one component", r.Targeted, targetedReadsBefore(w)),
			oneObjectFigure("`terraform import` of one component", r.Imported, importReadsBefore),
		},
	}
}

// oneObjectFigure counts the requests of a command that reads one object
// (and what it depends on), against what it read with one GET per object.
func oneObjectFigure(name string, got tally, before int) figure {
	return figure{
		Name:     name + ": requests",
		Baseline: reads(before) + " (one GET per object)",
		Value:    fmt.Sprintf("%s, %d writes, %d 429, %d other errors: %s", reads(got.Reads), got.Writes, got.Throttled, got.Failed, byRoute(got)),
		Ratio:    "-",
		Budget:   "≤ " + reads(before) + ", no writes",
		Met:      got.Reads <= before && got.total() == got.Reads,
	}
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

func reads(n int) string {
	if n == 1 {
		return "1 read"
	}
	return fmt.Sprintf("%d reads", n)
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
