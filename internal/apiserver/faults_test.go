package apiserver_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver/apiservertest"
	"github.com/statushub-community/terraform-provider-statushub/internal/logtest"
)

func TestParseFaults(t *testing.T) {
	t.Parallel()
	valid := []struct {
		spec string
		want apiserver.Faults
	}{
		{"rate=0.2,seed=42", apiserver.Faults{Rate: 0.2, Seed: 42}},
		{"rate=1,seed=0,mix=429", apiserver.Faults{Rate: 1, Kinds: []apiserver.FaultKind{apiserver.Fault429}}},
		{
			"seed=7, rate=0.5, mix=5xx,5xx-after,close-after, delay=2s",
			apiserver.Faults{Rate: 0.5, Seed: 7, SlowDelay: 2 * time.Second, Kinds: []apiserver.FaultKind{
				apiserver.Fault5xx, apiserver.Fault5xxAfter, apiserver.FaultCloseAfter,
			}},
		},
		{"mix=slow,rate=0.1,seed=1", apiserver.Faults{Rate: 0.1, Seed: 1, Kinds: []apiserver.FaultKind{apiserver.FaultSlow}}},
	}
	for _, tt := range valid {
		got, err := apiserver.ParseFaults(tt.spec)
		if err != nil {
			t.Errorf("ParseFaults(%q): %v", tt.spec, err)
			continue
		}
		if got.Rate != tt.want.Rate || got.Seed != tt.want.Seed || got.SlowDelay != tt.want.SlowDelay || !slices.Equal(got.Kinds, tt.want.Kinds) {
			t.Errorf("ParseFaults(%q) = %+v, want %+v", tt.spec, got, tt.want)
		}
		// String gives back what ParseFaults reads, so that a run can be repeated.
		again, err := apiserver.ParseFaults(got.String())
		if err != nil || again.String() != got.String() {
			t.Errorf("ParseFaults(%q) = %+v, %v, want %+v", got.String(), again, err, got)
		}
	}

	invalid := []struct{ spec, wantErr string }{
		{"", `"" is not a setting`},
		{"seed=1", "rate is required"},
		{"rate=0", `rate "0": must be a number above 0 and at most 1`},
		{"rate=1.5", `rate "1.5"`},
		{"rate=NaN", `rate "NaN"`},
		{"rate=lots", `rate "lots"`},
		{"rate=0.2,seed=-1", `seed "-1": must be a whole number`},
		{"rate=0.2,mix=5xx,6xx", `mix: unknown fault "6xx": use 5xx,5xx-after,429,close-after,slow`},
		{"rate=0.2,mix=", `mix: unknown fault ""`},
		{"rate=0.2,delay=soon", `delay "soon": must be a positive Go duration`},
		{"rate=0.2,delay=-1s", `delay "-1s"`},
		{"rate=0.2,rat=0.3", `unknown setting "rat": use rate, seed, mix or delay`},
		{"rate=0.2,rate=0.3", "rate is given twice"},
		{"rate=0.2,5xx", `"5xx" is not a setting`},
		{"rate=0.2,", `"" is not a setting`},
	}
	for _, tt := range invalid {
		_, err := apiserver.ParseFaults(tt.spec)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParseFaults(%q) = %v, want an error with %q", tt.spec, err, tt.wantErr)
		}
	}
}

func TestParseFaultsPicksASeed(t *testing.T) {
	t.Parallel()
	a, errA := apiserver.ParseFaults("rate=0.2")
	b, errB := apiserver.ParseFaults("rate=0.2")
	if err := errors.Join(errA, errB); err != nil {
		t.Fatal(err)
	}
	if a.Seed == b.Seed {
		t.Errorf("two runs without a seed both got seed %d", a.Seed)
	}
}

func TestNewRefusesInvalidFaults(t *testing.T) {
	t.Parallel()
	defer func() {
		if v := recover(); v == nil || !strings.Contains(v.(string), `unknown fault "teapot"`) {
			t.Errorf("recover() = %v, want a panic naming the fault", v)
		}
	}()
	st, _ := apiservertest.Open(t, ":memory:")
	apiserver.New(apiserver.Config{Store: st, Faults: apiserver.Faults{Rate: 1, Kinds: []apiserver.FaultKind{"teapot"}}})
}

// faultEnv is a server that injects faults and a healthy server over the
// same store: what the faulty one did can be checked through the other.
type faultEnv struct {
	faulty  *testEnv
	healthy *testEnv
	logs    *logtest.Buffer // the faulty server's
}

func newFaultEnv(t *testing.T, faults apiserver.Faults) *faultEnv {
	t.Helper()
	st, owner := apiservertest.Open(t, ":memory:")
	logs := &logtest.Buffer{}
	start := func(cfg apiserver.Config) *testEnv {
		cfg.Store, cfg.RateLimits = st, apiserver.RateLimits{Disabled: true}
		srv := httptest.NewServer(apiserver.New(cfg))
		t.Cleanup(srv.Close)
		return &testEnv{url: srv.URL, store: st, owner: owner}
	}
	return &faultEnv{
		faulty:  start(apiserver.Config{Faults: faults, Logger: slog.New(slog.NewJSONHandler(logs, nil))}),
		healthy: start(apiserver.Config{}),
		logs:    logs,
	}
}

// outcome is what a client saw of rq sent to the faulty server: a status,
// or "no answer". Each request has a connection of its own: on a reused
// one, net/http would repeat a request that got no answer by itself.
func (e *faultEnv) outcome(ctx context.Context, rq request) string {
	rq.headers = maps.Clone(rq.headers)
	if rq.headers == nil {
		rq.headers = map[string]string{}
	}
	rq.headers["Connection"] = "close"
	r, err := e.faulty.trySend(ctx, rq)
	if err != nil {
		return "no answer"
	}
	return strconv.Itoa(r.status)
}

func TestFaultsAreReproducible(t *testing.T) {
	t.Parallel()
	faults := apiserver.Faults{Rate: 0.5, Seed: 42, SlowDelay: time.Millisecond}
	run := func(faults apiserver.Faults) []string {
		e := newFaultEnv(t, faults)
		var outcomes []string
		for range 100 {
			outcomes = append(outcomes, e.outcome(t.Context(), request{key: e.faulty.owner, method: "GET", path: "/me"}))
		}
		return outcomes
	}
	first := run(faults)
	if again := run(faults); !slices.Equal(first, again) {
		t.Errorf("the same seed gave different faults:\n%v\n%v", first, again)
	}
	faults.Seed++
	if other := run(faults); slices.Equal(first, other) {
		t.Error("another seed gave the same faults")
	}
	// Seed 42 draws every kind of fault within 100 requests.
	for _, want := range []string{"200", "429", "500", "502", "503", "504", "no answer"} {
		if !slices.Contains(first, want) {
			t.Errorf("no request had the outcome %s: %v", want, first)
		}
	}
}

func TestFaultsSpareHealthAndOpenAPI(t *testing.T) {
	t.Parallel()
	e := newFaultEnv(t, apiserver.Faults{Rate: 1, Seed: 1})
	for _, path := range []string{"/healthz", api.BasePath + "/openapi.json"} {
		for range 20 {
			if got := e.outcome(t.Context(), request{method: "GET", path: path}); got != "200" {
				t.Fatalf("GET %s: %s, want 200", path, got)
			}
		}
	}
}

func TestFault429RetryAfterValues(t *testing.T) {
	t.Parallel()
	e := newFaultEnv(t, apiserver.Faults{Rate: 1, Seed: 3, Kinds: []apiserver.FaultKind{apiserver.Fault429}})
	seen := map[string]bool{}
	for range 100 {
		r := e.faulty.do(t, e.faulty.owner, "GET", "/me", nil, http.StatusTooManyRequests)
		if code := r.apiError(t).Code; code != api.CodeRateLimited {
			t.Fatalf("code %q, want %q", code, api.CodeRateLimited)
		}
		seen[retryAfterShape(r.header.Get("Retry-After"))] = true
	}
	for _, want := range []string{"1", "future date", "past date", "abc", "-5", "99999999999999999999", "3600"} {
		if !seen[want] {
			t.Errorf("no 429 had a Retry-After of %s; seen %v", want, seen)
		}
	}
}

// retryAfterShape names a Retry-After value: dates by whether they have passed.
func retryAfterShape(v string) string {
	at, err := http.ParseTime(v)
	switch {
	case err != nil:
		return v
	case at.After(time.Now()):
		return "future date"
	default:
		return "past date"
	}
}

// TestFaultsAfterTheChange: a POST that failed after its change was made
// is replayed by its Idempotency-Key, and one that failed before is made
// anew; neither makes a second hub.
func TestFaultsAfterTheChange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind         apiserver.FaultKind
		want         string
		wantReplayed bool
	}{
		{apiserver.Fault5xx, "5", false},
		{apiserver.Fault429, "429", false},
		{apiserver.Fault5xxAfter, "5", true},
		{apiserver.FaultCloseAfter, "no answer", true},
		{apiserver.FaultSlow, "no answer", true},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			t.Parallel()
			e := newFaultEnv(t, apiserver.Faults{Rate: 1, Seed: 1, Kinds: []apiserver.FaultKind{tt.kind}, SlowDelay: time.Hour})
			rq := request{
				key: e.faulty.owner, method: "POST", path: "/hubs",
				body:    api.HubCreate{Name: "Status", Subdomain: "status"},
				headers: map[string]string{api.IdempotencyKeyHeader: "create-status"},
			}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			if tt.kind == apiserver.FaultSlow {
				// Give up once the hub exists, as a client whose timeout ran out would.
				go func() {
					e.waitForHubs(ctx)
					cancel()
				}()
			}
			if got := e.outcome(ctx, rq); !strings.HasPrefix(got, tt.want) {
				t.Fatalf("the faulty server's outcome: %s, want %s", got, tt.want)
			}

			retry := e.healthy.send(t, rq)
			if retry.status != http.StatusCreated {
				t.Fatalf("retry: status %d: %s", retry.status, retry.body)
			}
			if replayed := retry.header.Get("Idempotent-Replayed") == "true"; replayed != tt.wantReplayed {
				t.Errorf("the retry was replayed: %v, want %v", replayed, tt.wantReplayed)
			}
			hubs := fetch[api.Page[api.Hub]](t, e.healthy, e.healthy.owner, "GET", "/hubs", nil, http.StatusOK)
			if len(hubs.Data) != 1 {
				t.Errorf("%d hubs, want 1", len(hubs.Data))
			}
		})
	}
}

// waitForHubs returns once the store holds a hub, or ctx is done.
func (e *faultEnv) waitForHubs(ctx context.Context) {
	for ctx.Err() == nil {
		r, err := e.healthy.trySend(ctx, request{key: e.healthy.owner, method: "GET", path: "/hubs"})
		if err == nil && r.status == http.StatusOK && !bytes.Contains(r.body, []byte(`"data":[]`)) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSlowFaultEndsWithItsClient: a held answer does not outlive the
// client that gave up on it.
func TestSlowFaultEndsWithItsClient(t *testing.T) {
	t.Parallel()
	st, _ := apiservertest.Open(t, ":memory:")
	srv := httptest.NewServer(apiserver.New(apiserver.Config{
		Store:  st,
		Faults: apiserver.Faults{Rate: 1, Kinds: []apiserver.FaultKind{apiserver.FaultSlow}, SlowDelay: time.Hour},
	}))
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	e := &testEnv{url: srv.URL, store: st}
	if _, err := e.trySend(ctx, request{method: "GET", path: "/me"}); err == nil {
		t.Fatal("a slow answer arrived before the client's timeout")
	}
	// Close waits for the handlers; the held answer would keep it an hour.
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(30 * time.Second):
		t.Fatal("the slow handler still runs after its client gave up")
	}
}

func TestFaultsAreLogged(t *testing.T) {
	t.Parallel()
	e := newFaultEnv(t, apiserver.Faults{Rate: 1, Seed: 1, Kinds: []apiserver.FaultKind{apiserver.Fault5xx}})
	e.outcome(t.Context(), request{key: e.faulty.owner, method: "GET", path: "/me"})
	logs := e.logs.String()
	for _, want := range []string{`"msg":"injecting a fault"`, `"fault":"5xx"`, `"path":"/api/v3/me"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log does not have %s:\n%s", want, logs)
		}
	}
}
