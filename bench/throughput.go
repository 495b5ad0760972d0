package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
)

// throughputTarget is one GET that the load generator sends to the
// reference API and, for the baseline, to a bare handler that answers the
// same bytes.
type throughputTarget struct {
	Name string
	Path string // under the server's URL
}

// throughputResult compares the reference API with the bare handler, each
// the median of the runs.
type throughputResult struct {
	Target       throughputTarget
	Bare, Server loadResult
}

// loadConns is the number of connections the budget names.
const loadConns = 64

// serverThroughput loads a hub of the workload's size into a file store and
// measures authenticated GETs of one of its components and of its
// component list, with rate limits off and the request log discarded.
func (b *bench) serverThroughput(ctx context.Context) ([]throughputResult, error) {
	dir, err := os.MkdirTemp(b.tmp, "throughput-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	srv, err := startServer(ctx, dir, apiserver.RateLimits{Disabled: true}, nil)
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	hubs, err := seedHubs(ctx, srv.Store, srv.OwnerKey, 1, componentsPerHub)
	if err != nil {
		return nil, err
	}
	header := http.Header{"Authorization": {"Bearer " + srv.OwnerKey}, "Accept": {"application/json"}}

	list := fmt.Sprintf("%s/hubs/%s/components?page_size=%d", api.BasePath, hubs[0], api.MaxPageSize)
	body, _, err := get(ctx, srv.URL+list, header)
	if err != nil {
		return nil, err
	}
	var page api.Page[api.Component]
	if err := json.Unmarshal(body, &page); err != nil || len(page.Data) == 0 {
		return nil, fmt.Errorf("GET %s: no components in %q", list, body)
	}
	targets := []throughputTarget{
		{Name: "GET a component", Path: fmt.Sprintf("%s/hubs/%s/components/%s", api.BasePath, hubs[0], page.Data[0].ID)},
		{Name: "GET a hub's component list", Path: list},
	}

	var results []throughputResult
	for _, t := range targets {
		r, err := b.compareWithBare(ctx, srv.URL, t, header)
		if err != nil {
			return nil, err
		}
		results = append(results, r)
	}
	return results, nil
}

// compareWithBare loads the target on the server and on a bare handler that
// answers what the server answered, alternating, and keeps the medians.
func (b *bench) compareWithBare(ctx context.Context, serverURL string, t throughputTarget, header http.Header) (throughputResult, error) {
	body, contentType, err := get(ctx, serverURL+t.Path, header)
	if err != nil {
		return throughputResult{}, err
	}
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(body)
	}))
	defer bare.Close()

	var bareRuns, serverRuns []loadResult
	for run := range b.plan.LoadRuns + 1 {
		d := b.plan.LoadDuration
		if run == 0 {
			d /= 4 // a warm-up, not kept
		}
		br, err := load(ctx, bare.URL+t.Path, header, loadConns, d)
		if err != nil {
			return throughputResult{}, err
		}
		sr, err := load(ctx, serverURL+t.Path, header, loadConns, d)
		if err != nil {
			return throughputResult{}, err
		}
		if run > 0 {
			bareRuns, serverRuns = append(bareRuns, br), append(serverRuns, sr)
		}
	}
	return throughputResult{Target: t, Bare: medianLoad(bareRuns), Server: medianLoad(serverRuns)}, nil
}

// medianLoad takes the median of each figure of the runs on its own.
func medianLoad(runs []loadResult) loadResult {
	pick := func(f func(loadResult) float64) float64 {
		values := make([]float64, len(runs))
		for i, r := range runs {
			values[i] = f(r)
		}
		return median(values)
	}
	errors := 0
	for _, r := range runs {
		errors += r.Errors
	}
	return loadResult{
		PerSecond: pick(func(r loadResult) float64 { return r.PerSecond }),
		Errors:    errors,
		P50:       time.Duration(pick(func(r loadResult) float64 { return float64(r.P50) })),
		P99:       time.Duration(pick(func(r loadResult) float64 { return float64(r.P99) })),
	}
}

// get returns the body and content type of a 200 answer.
func get(ctx context.Context, url string, header http.Header) ([]byte, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, "", err
	}
	req.Header = header
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, "", err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("GET %s: %s: %s", url, resp.Status, body)
	}
	return body, resp.Header.Get("Content-Type"), nil
}
