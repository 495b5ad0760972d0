package apiserver_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/clocktest"
)

func TestRateLimits(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	e := newTestEnvWith(t, envOptions{limits: apiserver.RateLimits{ReadPerSecond: 2, WritePerSecond: 0.25}, now: clk.Now})
	// A key of its own account, so that no setup request has used its buckets.
	_, key, err := apiserver.CreateAccount(t.Context(), e.store, "limited", "owner@limited.example.com")
	if err != nil {
		t.Fatal(err)
	}
	refused := func(method, path, body string, retryAfter string) {
		t.Helper()
		r := e.send(t, request{key: key, method: method, path: path, body: body})
		if r.status != http.StatusTooManyRequests || r.apiError(t).Code != api.CodeRateLimited || r.header.Get("Retry-After") != retryAfter {
			t.Fatalf("%s %s: %d, Retry-After %q: %s; want 429 with Retry-After %s", method, path, r.status, r.header.Get("Retry-After"), r.body, retryAfter)
		}
	}

	e.do(t, key, "GET", "/me", nil, ok)
	e.do(t, key, "GET", "/hubs", nil, ok)
	refused("GET", "/me", "", "1") // the next token is half a second away

	e.do(t, key, "POST", "/hubs", `{"name": "a", "subdomain": "limited-a"}`, created)
	refused("POST", "/hubs", `{"name": "b", "subdomain": "limited-b"}`, "4") // a quarter of a token a second

	e.do(t, e.owner, "GET", "/me", nil, ok) // every key has its own buckets

	clk.Advance(time.Second)
	e.do(t, key, "GET", "/me", nil, ok)
}

func TestRateLimitsDisabled(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	e := newTestEnvWith(t, envOptions{limits: apiserver.RateLimits{Disabled: true, ReadPerSecond: 1, WritePerSecond: 1}, now: clk.Now})
	for range 5 {
		e.do(t, e.owner, "GET", "/me", nil, ok)
		e.createHub(t)
	}
}

// TestRateLimitHeaders: every answer past the limit check tells the key its
// limit for that kind of request and what is left of it, so that a client
// can pace itself; without limits, nothing is announced.
func TestRateLimitHeaders(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	e := newTestEnvWith(t, envOptions{limits: apiserver.RateLimits{ReadPerSecond: 2, WritePerSecond: 0.5}, now: clk.Now})
	_, key, err := apiserver.CreateAccount(t.Context(), e.store, "announced", "owner@announced.example.com")
	if err != nil {
		t.Fatal(err)
	}
	announced := func(method, path, body, limit, remaining string) {
		t.Helper()
		r := e.send(t, request{key: key, method: method, path: path, body: body})
		if got, want := [2]string{r.header.Get(api.RateLimitLimitHeader), r.header.Get(api.RateLimitRemainingHeader)}, [2]string{limit, remaining}; got != want {
			t.Errorf("%s %s (%d): limit and remaining %q, want %q", method, path, r.status, got, want)
		}
	}
	announced("GET", "/me", "", "2", "1")
	announced("GET", "/hubs", "", "2", "0")
	announced("GET", "/me", "", "2", "0") // refused
	announced("POST", "/hubs", `{"name": "a", "subdomain": "announced-a"}`, "0.5", "0")

	off := newTestEnvWith(t, envOptions{limits: apiserver.RateLimits{Disabled: true}, now: clk.Now})
	r := off.send(t, request{key: off.owner, method: "GET", path: "/me"})
	if h := r.header.Get(api.RateLimitLimitHeader) + r.header.Get(api.RateLimitRemainingHeader); h != "" {
		t.Errorf("without rate limits, the headers say %q", h)
	}
}
