package main

import (
	"context"
	"fmt"
	"os"

	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
)

// phase is one Terraform command of a run, and the requests the budget
// allows it: one read per object refreshed, one write per object created
// or updated, nothing else.
type phase struct {
	Name       string
	Args       []string
	WantReads  func(workload) int
	WantWrites func(workload) int
}

func none(workload) int      { return 0 }
func every(w workload) int   { return w.Objects() }
func updated(w workload) int { return w.Updated() }

// phases run in this order in one working directory: create every object,
// plan with nothing to change (refreshing every object, then not), and
// update one object in ten in place.
var phases = []phase{
	{Name: "apply", Args: []string{"apply", "-auto-approve"}, WantReads: none, WantWrites: every},
	{Name: "plan", Args: []string{"plan"}, WantReads: every, WantWrites: none},
	{Name: "plan -refresh=false", Args: []string{"plan", "-refresh=false"}, WantReads: none, WantWrites: none},
	{Name: "apply (update 10%)", Args: []string{"apply", "-auto-approve", "-var", "generation=2"}, WantReads: every, WantWrites: updated},
}

// phaseResult is one phase of one run.
type phaseResult struct {
	Usage    usage
	Requests tally // StatusHub only
}

// runWorkload runs phases once for the workload of n objects made of v, in
// a new working directory and, for StatusHub, against a new server.
func (b *bench) runWorkload(ctx context.Context, n int, v variant, limits apiserver.RateLimits, phases []phase) ([]phaseResult, error) {
	dir, err := os.MkdirTemp(b.tmp, fmt.Sprintf("%s-%d-", v, n))
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)

	var srv *refServer
	var env []string
	if v == statusHub {
		if srv, err = startServer(ctx, dir, limits, newRequestCounter()); err != nil {
			return nil, err
		}
		defer srv.Close()
		env = b.providerEnv(srv)
	}
	tf, err := newTerraformCLI(b.terraform, b.cliConfig, dir, workloadOf(n).config(v), env...)
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
			results[i].Requests = tallyOf(srv.Requests.Take())
		}
	}
	return results, nil
}

// sizeResult is every run of both variants at one size.
type sizeResult struct {
	Objects  int
	Workload workload
	Runs     map[variant][][]phaseResult // [run][phase]
}

// measureSize runs the workload of n objects runs times for each variant,
// alternating which goes first, so that a busy moment of the machine
// weighs on both alike.
func (b *bench) measureSize(ctx context.Context, n, runs int) (sizeResult, error) {
	r := sizeResult{Objects: n, Workload: workloadOf(n), Runs: map[variant][][]phaseResult{}}
	for run := range runs {
		order := []variant{terraformData, statusHub}
		if run%2 == 1 {
			order[0], order[1] = order[1], order[0]
		}
		for _, v := range order {
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

// times returns the median wall-clock seconds of phase i for each variant,
// and the medians over runs of StatusHub's wall-clock and CPU time over
// terraform_data's in the same run.
func (r sizeResult) times(i int) (baseline, provider, wallRatio, cpuRatio float64) {
	var base, prov, wall, cpu []float64
	for run := range r.Runs[statusHub] {
		td, sh := r.Runs[terraformData][run][i].Usage, r.Runs[statusHub][run][i].Usage
		base = append(base, td.Wall.Seconds())
		prov = append(prov, sh.Wall.Seconds())
		wall = append(wall, sh.Wall.Seconds()/td.Wall.Seconds())
		cpu = append(cpu, sh.CPU.Seconds()/td.CPU.Seconds())
	}
	return median(base), median(prov), median(wall), median(cpu)
}

// worstRequests returns StatusHub's requests in phase i in the run that
// strayed furthest from the budget, and how far.
func (r sizeResult) worstRequests(i int) (worst tally, extra int) {
	p := phases[i]
	extra = -1
	for _, run := range r.Runs[statusHub] {
		t := run[i].Requests
		e := abs(t.Reads-p.WantReads(r.Workload)) + abs(t.Writes-p.WantWrites(r.Workload)) + t.Throttled + t.Failed
		if e > extra {
			worst, extra = t, e
		}
	}
	return worst, extra
}

func abs(n int) int { return max(n, -n) }
