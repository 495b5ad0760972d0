package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

func TestRetryPolicy(t *testing.T) {
	t.Parallel()
	getHub := func(ctx context.Context, c *Client) error { _, err := c.GetHub(ctx, "hub_1"); return err }
	createHub := func(ctx context.Context, c *Client) error {
		_, err := c.CreateHub(ctx, api.HubCreate{Name: "Main", Subdomain: "main"})
		return err
	}
	setRole := func(ctx context.Context, c *Client) error { return c.SetHubRole(ctx, "mem_1", "hub_1", "viewer") }
	deleteHub := func(ctx context.Context, c *Client) error { return c.DeleteHub(ctx, "hub_1") }
	updateHub := func(ctx context.Context, c *Client) error {
		_, err := c.UpdateHub(ctx, "hub_1", api.HubUpdate{})
		return err
	}
	ok := answer{status: http.StatusOK, body: `{"id":"hub_1"}`}
	boom := answer{status: http.StatusInternalServerError, body: `{"code":"internal_error","message":"boom"}`}

	tests := []struct {
		name         string
		call         func(context.Context, *Client) error
		answers      []answer
		wantAttempts int
		wantErr      string // "" for success
	}{
		{"429 then 200", getHub, []answer{{status: 429, retryAfter: "1"}, ok}, 2, ""},
		{"503 then 200", getHub, []answer{{status: 503}, ok}, 2, ""},
		{"502 then 200", updateHub, []answer{{status: 502}, ok}, 2, ""},
		{"504 then 204", deleteHub, []answer{{status: 504}, {status: 204}}, 2, ""},
		{"PUT after a reset connection", setRole, []answer{{hangUp: true}, {status: 204}}, 2, ""},
		{"POST after 500 and 429", createHub, []answer{boom, {status: 429}, ok}, 3, ""},
		{"POST after a reset connection", createHub, []answer{{hangUp: true}, ok}, 2, ""},
		{
			"500 forever", getHub, []answer{boom}, 4,
			"GET /api/v3/hubs/hub_1: 500 Internal Server Error: internal_error: boom",
		},
		{
			"429 forever", createHub, []answer{{status: 429, body: `{"code":"rate_limited","message":"slow down"}`}}, 4,
			"POST /api/v3/hubs: 429 Too Many Requests: rate_limited: slow down",
		},
		{"400 GET", getHub, []answer{{status: 400}, ok}, 1, "400 Bad Request"},
		{"400 POST", createHub, []answer{{status: 400}, ok}, 1, "400 Bad Request"},
		{"404", deleteHub, []answer{{status: 404}, ok}, 1, "404 Not Found"},
		{"409", createHub, []answer{{status: 409}, ok}, 1, "409 Conflict"},
		{"501", getHub, []answer{{status: 501}, ok}, 1, "501 Not Implemented"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newScriptServer(t, tt.answers...)
			c := newTestClient(t, srv.URL, nil)

			err := tt.call(context.Background(), c)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("got error %v, want success", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
			}
			if n := len(srv.received()); n != tt.wantAttempts {
				t.Errorf("got %d attempts, want %d", n, tt.wantAttempts)
			}
		})
	}
}

func TestPOSTKeepsItsIdempotencyKey(t *testing.T) {
	t.Parallel()
	srv := newScriptServer(t,
		answer{status: 503}, answer{hangUp: true}, answer{status: 429}, answer{status: 201, body: `{"id":"key_1"}`},
		answer{status: 200, body: `{"id":"key_1"}`},
	)
	c := newTestClient(t, srv.URL, nil)
	ctx := context.Background()

	if _, err := c.CreateAPIKey(ctx, "mem_1", api.APIKeyCreate{Name: "ci"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ResetAPIKey(ctx, "mem_1", "key_1"); err != nil {
		t.Fatal(err)
	}

	var keys []string
	for _, r := range srv.received() {
		keys = append(keys, r.header.Get(api.IdempotencyKeyHeader))
	}
	if len(keys) != 5 {
		t.Fatalf("got %d requests, want 4 attempts of the create and 1 reset", len(keys))
	}
	for i, k := range keys[:4] {
		if k == "" || k != keys[0] {
			t.Errorf("attempt %d of the create has key %q, want %q on every attempt", i+1, k, keys[0])
		}
	}
	if keys[4] == "" || keys[4] == keys[0] {
		t.Errorf("the reset has key %q, want a new one", keys[4])
	}
}

func TestRetryAfterIsHonouredAndCapped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		retryAfter string
	}{
		{"seconds", "30"},
		{"HTTP date", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newScriptServer(t, answer{status: 429, retryAfter: tt.retryAfter}, answer{status: 200, body: `{}`})
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RetryWaitMax = 100 * time.Millisecond })

			start := time.Now()
			if _, err := c.Me(context.Background()); err != nil {
				t.Fatal(err)
			}
			// Backoff alone would wait RetryWaitMin (1ms); Retry-After alone 30s or more.
			if elapsed := time.Since(start); elapsed < 100*time.Millisecond || elapsed > 10*time.Second {
				t.Errorf("took %s, want about RetryWaitMax (100ms)", elapsed)
			}
		})
	}
}

func TestMalformedRetryAfterFallsBackToBackoff(t *testing.T) {
	t.Parallel()
	for _, value := range []string{
		"abc", "-5", "99999999999999999999", "1.5", "Fri, 31 Dec 1999 23:59:59 GMT", "3600", "9223372036854775807",
	} {
		t.Run(value, func(t *testing.T) {
			t.Parallel()
			srv := newScriptServer(t, answer{status: 429, retryAfter: value})
			c := newTestClient(t, srv.URL, nil)

			start := time.Now()
			_, err := c.Me(context.Background())
			if !errors.Is(err, ErrRateLimited) {
				t.Fatalf("got %v, want ErrRateLimited", err)
			}
			if n := len(srv.received()); n != 4 {
				t.Errorf("got %d attempts, want 4", n)
			}
			if elapsed := time.Since(start); elapsed > 5*time.Second {
				t.Errorf("took %s, want waits of at most RetryWaitMax (5ms)", elapsed)
			}
		})
	}
}

func TestMaxRetryTimeBoundsTheWaiting(t *testing.T) {
	t.Parallel()
	srv := newScriptServer(t, answer{status: 429, retryAfter: "1"})
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.MaxRetries = 100
		cfg.RetryWaitMax = 20 * time.Millisecond
		cfg.MaxRetryTime = 100 * time.Millisecond
	})

	_, err := c.Me(context.Background())
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("got %v, want ErrRateLimited", err)
	}
	// Five waits of 20ms fill the 100ms; a sixth would pass it.
	if n := len(srv.received()); n != 6 {
		t.Errorf("got %d attempts, want 6", n)
	}
}

func TestContextDeadline(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		answer  answer
		wantErr error
	}{
		// The wait asked for would pass the deadline: the 429 stands at once.
		{"long Retry-After", answer{status: 429, retryAfter: "60"}, ErrRateLimited},
		{"server never answers", answer{stall: true}, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newScriptServer(t, tt.answer)
			c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RetryWaitMax = time.Minute })
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()

			start := time.Now()
			_, err := c.Me(ctx)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got %v, want %v", err, tt.wantErr)
			}
			if !strings.HasPrefix(err.Error(), "GET /api/v3/me: ") {
				t.Errorf("error %q does not name the request", err)
			}
			if elapsed := time.Since(start); elapsed > 5*time.Second {
				t.Errorf("took %s, want to return soon after the 300ms deadline", elapsed)
			}
		})
	}
}

func TestTimeoutIsPerAttempt(t *testing.T) {
	t.Parallel()
	srv := newScriptServer(t, answer{stall: true}, answer{status: 200, body: `{}`})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.Timeout = 50 * time.Millisecond })

	if _, err := c.Me(context.Background()); err != nil {
		t.Fatalf("got %v, want the second attempt to succeed", err)
	}
	if n := len(srv.received()); n != 2 {
		t.Errorf("got %d attempts, want 2", n)
	}
}

func TestConnectionErrorNamesTheRequest(t *testing.T) {
	t.Parallel()
	// A port that was just free: nothing listens there.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	endpoint := "http://" + l.Addr().String()
	l.Close()
	c := newTestClient(t, endpoint, nil)

	err = c.DeleteHub(context.Background(), "hub_1")
	var opErr *net.OpError
	if !errors.As(err, &opErr) || !strings.HasPrefix(err.Error(), "DELETE /api/v3/hubs/hub_1: dial tcp") {
		t.Fatalf("got %v, want the dial error after the method and path", err)
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		value  string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{" 7 ", 7 * time.Second, true},
		{"9223372036854775807", time.Duration(1<<63 - 1), true},
		{"99999999999999999999", 0, false},
		{"-5", 0, false},
		{"abc", 0, false},
		{"1.5", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(90 * time.Second).Format(time.RFC850), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, false},
		{now.Format(http.TimeFormat), 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			t.Parallel()
			resp := &http.Response{Header: http.Header{"Retry-After": {tt.value}}}
			got, ok := retryAfter(resp, now)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("got %s, %t; want %s, %t", got, ok, tt.want, tt.wantOK)
			}
		})
	}
	if _, ok := retryAfter(nil, now); ok {
		t.Error("a connection error (no answer) has no Retry-After")
	}
}

func TestWait(t *testing.T) {
	t.Parallel()
	s := retrySettings{waitMin: time.Second, waitMax: 30 * time.Second}
	tests := []struct {
		name       string
		retry      int
		retryAfter string
		want       time.Duration
	}{
		{"first retry", 0, "", time.Second},
		{"third retry", 2, "", 4 * time.Second},
		{"capped backoff", 5, "", 30 * time.Second},
		{"no overflow", 1000, "", 30 * time.Second},
		{"Retry-After", 0, "7", 7 * time.Second},
		{"Retry-After over the cap", 0, "3600", 30 * time.Second},
		{"malformed Retry-After", 1, "soon", 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := &http.Response{StatusCode: 429, Header: http.Header{}}
			if tt.retryAfter != "" {
				resp.Header.Set("Retry-After", tt.retryAfter)
			}
			if got := s.wait(tt.retry, resp); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestSafeToRetry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		method string
		key    string
		want   bool
	}{
		{http.MethodGet, "", true},
		{http.MethodPut, "", true},
		{http.MethodPatch, "", true},
		{http.MethodDelete, "", true},
		{http.MethodPost, "k", true},
		{http.MethodPost, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.key, func(t *testing.T) {
			t.Parallel()
			req, err := http.NewRequest(tt.method, "http://example.com/", nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.key != "" {
				req.Header.Set(api.IdempotencyKeyHeader, tt.key)
			}
			if got := safeToRetry(req); got != tt.want {
				t.Errorf("got %t, want %t", got, tt.want)
			}
		})
	}
}

func TestWaitMinFollowsALowWaitMax(t *testing.T) {
	t.Parallel()
	s, err := newRetrySettings(Config{RetryWaitMax: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if s.waitMin != 200*time.Millisecond {
		t.Errorf("waitMin: got %s, want 200ms", s.waitMin)
	}
}
