package main

import (
	"context"
	"fmt"
	"os"

	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
)

// phase is one Terraform command of a run, and the requests the budget
// allows it: one write per object created or updated, no retries, and for a
// refresh of every object the reads of listing them (workload.refreshBudget)
// where one GET per object was the rule before.
type phase struct {
	Name       string
	Args       []string
	Refresh    bool // refreshes every object
	WantWrites func(workload) int
	OverFloor  float64 // budget of its time over the plugin floor's
}

func none(workload) int      { return 0 }
func every(w workload) int   { return w.Objects() }
func updated(w workload) int { return w.Updated() }

// phases run in this order in one working directory: create every object,
// plan with nothing to change (refreshing every object, then not), and
// update one object in ten in place. An apply makes durable writes, which
// the plugin floor does not, hence its larger margin over the floor.
var phases = []phase{
	{Name: "apply", Args: []string{"apply", "-auto-approve"}, WantWrites: every, OverFloor: applyOverFloorBudget},
	{Name: "plan", Args: []string{"plan"}, Refresh: true, WantWrites: none, OverFloor: planOverFloorBudget},
	{Name: "plan -refresh=false", Args: []string{"plan", "-refresh=false"}, WantWrites: none, OverFloor: planOverFloorBudget},
	{Name: "apply (update 10%)", Args: []string{"apply", "-auto-approve", "-var", "generation=2"}, Refresh: true, WantWrites: updated, OverFloor: applyOverFloorBudget},
}

// maxReads is the most reads the budget allows p.
func (p phase) maxReads(w workload) int {
	if p.Refresh {
		return w.refreshBudget()
	}
	return 0
}

// readsBefore is what p read when a refresh sent one GET per object.
func (p phase) readsBefore(w workload) int {
	if p.Refresh {
		return w.Objects()
	}
	return 0
}

// phaseResult is one phase of one run.
type phaseResult struct {
	Usage    usage
	Requests tally // StatusHub only
}

// runWorkload runs phases once for the workload of n objects made of v, in
// a new working directory and, for StatusHub, against a new server. The
// plugin floor always runs its binary, even when StatusHub is served in
// process.
func (b *bench) runWorkload(ctx context.Context, n int, v variant, limits apiserver.RateLimits, phases []phase) ([]phaseResult, error) {
	dir, err := os.MkdirTemp(b.tmp, fmt.Sprintf("%s-%d-", v, n))
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)

	var srv *refServer
	var env []string
	cliConfig := b.cliConfig
	switch v {
	case statusHub:
		if srv, err = startServer(ctx, dir, limits, newRequestCounter()); err != nil {
			return nil, err
		}
		defer srv.Close()
		env = b.providerEnv(srv)
	case pluginFloor:
		cliConfig = b.floorCLI
	}
	tf, err := newTerraformCLI(b.terraform, cliConfig, dir, workloadOf(n).config(v), env...)
	if err != nil {
		return nil, err
	}

	results := make([]phaseResult, len(phases))
	for i, p := range phases {
		if srv != nil {
			srv.Requests.Take()
		}
		if results[i].Usage, err = tf.run(ctx, p.Args...); err != nil {
			return nil, err
		}
		if srv != nil {
			results[i].Requests = srv.Requests.Take()
		}
	}
	return results, nil
}

// sizeResult is every run of every variant at one size.
type sizeResult struct {
	Objects  int
	Workload workload
	Runs     map[variant][][]phaseResult // [run][phase]
}

// measureSize runs the workload of n objects runs times for each variant,
// rotating which goes first, so that a busy moment of the machine weighs on
// all alike.
func (b *bench) measureSize(ctx context.Context, n, runs int) (sizeResult, error) {
	r := sizeResult{Objects: n, Workload: workloadOf(n), Runs: map[variant][][]phaseResult{}}
	variants := []variant{terraformData, statusHub, pluginFloor}
	for run := range runs {
		for k := range variants {
			v := variants[(run+k)%len(variants)]
			b.logf("%d objects, run %d of %d: %s", n, run+1, runs, v)
			res, err := b.runWorkload(ctx, n, v, apiserver.RateLimits{Disabled: true}, phases)
			if err != nil {
				return r, fmt.Errorf("%d objects, %s: %w", n, v, err)
			}
			r.Runs[v] = append(r.Runs[v], res)
		}
	}
	return r, nil
}

// times returns the median wall-clock seconds of phase i for the variants
// base and v, and the medians over runs of v's wall-clock and CPU time over
// base's in the same run.
func (r sizeResult) times(i int, base, v variant) (baseSeconds, seconds, wallRatio, cpuRatio float64) {
	wall := func(p phaseResult) float64 { return p.Usage.Wall.Seconds() }
	cpu := func(p phaseResult) float64 { return p.Usage.CPU.Seconds() }
	return r.medianWall(i, base), r.medianWall(i, v), r.medianRatio(i, base, v, wall), r.medianRatio(i, base, v, cpu)
}

// medianWall returns the median wall-clock seconds of phase i for v.
func (r sizeResult) medianWall(i int, v variant) float64 {
	return r.medianOf(i, v, func(p phaseResult) float64 { return p.Usage.Wall.Seconds() })
}

// medianOf returns the median over v's runs of f of phase i.
func (r sizeResult) medianOf(i int, v variant, f func(phaseResult) float64) float64 {
	var values []float64
	for _, run := range r.Runs[v] {
		values = append(values, f(run[i]))
	}
	return median(values)
}

// medianRatio returns the median over runs of f of v's phase i over f of
// base's in the same run.
func (r sizeResult) medianRatio(i int, base, v variant, f func(phaseResult) float64) float64 {
	var ratios []float64
	for run := range r.Runs[v] {
		ratios = append(ratios, f(r.Runs[v][run][i])/f(r.Runs[base][run][i]))
	}
	return median(ratios)
}

// medianDifference returns the median over runs of f of v's phase i minus
// f of base's in the same run.
func (r sizeResult) medianDifference(i int, base, v variant, f func(phaseResult) float64) float64 {
	var differences []float64
	for run := range r.Runs[v] {
		differences = append(differences, f(r.Runs[v][run][i])-f(r.Runs[base][run][i]))
	}
	return median(differences)
}

// worstRequests returns StatusHub's requests in phase i in the run that
// strayed furthest from the budget, and how far.
func (r sizeResult) worstRequests(i int) (worst tally, extra int) {
	p := phases[i]
	extra = -1
	for _, run := range r.Runs[statusHub] {
		t := run[i].Requests
		e := max(0, t.Reads-p.maxReads(r.Workload)) + abs(t.Writes-p.WantWrites(r.Workload)) + t.Throttled + t.Failed
		if e > extra {
			worst, extra = t, e
		}
	}
	return worst, extra
}

func abs(n int) int { return max(n, -n) }
