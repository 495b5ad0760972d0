package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
)

// refreshHubs is how many hubs hold the components of the refresh
// workload: the shape of a large status page, a few hubs of many
// components each.
const refreshHubs = 5

// refreshWorkload is refreshHubs hubs and the components counted over them.
func refreshWorkload(components int) workload {
	return workload{Hubs: refreshHubs, Components: components}
}

// What a targeted plan and an import of one component read when every
// object was read with a GET of its own: the component and every hub, which
// its hub_id refers to through the counted statushub_hub.hub; and the
// imported component.
func targetedReadsBefore(w workload) int { return w.Hubs + 1 }

const importReadsBefore = 1

// refreshResult is what one working directory of the refresh workload
// measured.
type refreshResult struct {
	Workload workload
	Pairs    []limitedPair
	Targeted tally // plan -target of one component
	Imported tally // import of one component
}

// limitedPair is one plan with nothing to change without rate limits and
// one with the reference API's default limits, in the same state.
type limitedPair struct {
	Off, On  usage
	Requests tally // of the plan under limits
}

// measureRefresh applies the refresh workload without rate limits, then in
// the same working directory plans it runs times without and with the
// default limits, rotating which goes first, plans with -target on one
// component and imports one component again.
func (b *bench) measureRefresh(ctx context.Context, components, runs int) (refreshResult, error) {
	r := refreshResult{Workload: refreshWorkload(components)}
	dir, err := os.MkdirTemp(b.tmp, "refresh-")
	if err != nil {
		return r, err
	}
	defer os.RemoveAll(dir)
	off := apiserver.RateLimits{Disabled: true}
	srv, err := startServer(ctx, dir, off, newRequestCounter())
	if err != nil {
		return r, err
	}
	defer srv.Close()
	tf, err := newTerraformCLI(b.terraform, b.cliConfig, dir, r.Workload.config(statusHub), b.providerEnv(srv)...)
	if err != nil {
		return r, err
	}

	b.logf("refresh: applying %d hubs and %d components", r.Workload.Hubs, r.Workload.Components)
	if _, err := tf.run(ctx, "apply", "-auto-approve"); err != nil {
		return r, err
	}
	for run := range runs {
		b.logf("refresh: plan with and without rate limits, run %d of %d", run+1, runs)
		var pair limitedPair
		for k := range 2 {
			limited := (run+k)%2 == 1
			if limited {
				srv.SetRateLimits(apiserver.DefaultRateLimits())
			}
			srv.Requests.Take()
			u, err := tf.run(ctx, "plan")
			if err != nil {
				return r, err
			}
			if limited {
				pair.On, pair.Requests = u, srv.Requests.Take()
				srv.SetRateLimits(off)
			} else {
				pair.Off = u
			}
		}
		r.Pairs = append(r.Pairs, pair)
	}

	target := fmt.Sprintf("statushub_component.component[%d]", components/2)
	b.logf("refresh: plan -target=%s, and its import", target)
	if r.Targeted, err = requestsOf(ctx, srv, tf, "plan", "-target="+target); err != nil {
		return r, err
	}
	id, err := tf.importID(ctx, target)
	if err != nil {
		return r, err
	}
	if _, _, err := tf.exec(ctx, "state", "rm", target); err != nil {
		return r, err
	}
	r.Imported, err = requestsOf(ctx, srv, tf, "import", target, id)
	return r, err
}

// requestsOf runs one command and returns the requests it sent to srv.
func requestsOf(ctx context.Context, srv *refServer, tf *terraformCLI, args ...string) (tally, error) {
	srv.Requests.Take()
	_, err := tf.run(ctx, args...)
	return srv.Requests.Take(), err
}

// importID returns the import id of the component at address in the
// state: its hub's id and its own, joined by a slash.
func (t *terraformCLI) importID(ctx context.Context, address string) (string, error) {
	_, out, err := t.exec(ctx, "show", "-json")
	if err != nil {
		return "", err
	}
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string
					Values  struct {
						ID    string `json:"id"`
						HubID string `json:"hub_id"`
					}
				}
			} `json:"root_module"`
		}
	}
	if err := json.Unmarshal(out, &state); err != nil {
		return "", fmt.Errorf("reading terraform show -json: %w", err)
	}
	for _, res := range state.Values.RootModule.Resources {
		if res.Address == address {
			return res.Values.HubID + "/" + res.Values.ID, nil
		}
	}
	return "", fmt.Errorf("terraform show -json: no %s in the state", address)
}
