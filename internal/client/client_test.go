package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	// The last 7 characters of a key are its checksum.
	badChecksum := testKey[:len(testKey)-7] + "aaaaaaa"

	tests := []struct {
		name    string
		edit    func(*Config)
		wantErr string
	}{
		{"empty endpoint", func(c *Config) { c.Endpoint = "" }, "endpoint: must be set"},
		{"no scheme", func(c *Config) { c.Endpoint = "127.0.0.1:8080" }, "endpoint:"},
		{"ftp scheme", func(c *Config) { c.Endpoint = "ftp://example.com" }, "endpoint:"},
		{"no host", func(c *Config) { c.Endpoint = "http://" }, "endpoint:"},
		{"query", func(c *Config) { c.Endpoint = "http://example.com?x=1" }, "endpoint:"},
		{"fragment", func(c *Config) { c.Endpoint = "http://example.com/#top" }, "endpoint:"},
		{"bad URL", func(c *Config) { c.Endpoint = "http://exa mple.com" }, "endpoint:"},
		{"user info", func(c *Config) { c.Endpoint = "http://bob:hunter2@example.com" }, "endpoint: \"http://bob:xxxxx@example.com\" must not hold a user name or password"},
		{"no key", func(c *Config) { c.APIKey = "" }, "api_key: must be set"},
		{"short key", func(c *Config) { c.APIKey = "shk_abc" }, "api_key:"},
		{"bad checksum", func(c *Config) { c.APIKey = badChecksum }, "api_key:"},
		{"negative max retries", func(c *Config) { c.MaxRetries = -1 }, "max_retries:"},
		{"negative wait min", func(c *Config) { c.RetryWaitMin = -time.Second }, "retry_wait_min:"},
		{"negative wait max", func(c *Config) { c.RetryWaitMax = -time.Second }, "retry_wait_max:"},
		{"negative retry time", func(c *Config) { c.MaxRetryTime = -time.Second }, "max_retry_time:"},
		{"negative timeout", func(c *Config) { c.Timeout = -time.Second }, "request_timeout:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := Config{Endpoint: "http://127.0.0.1:8080", APIKey: testKey}
			tt.edit(&cfg)
			_, err := New(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New: got error %v, want one containing %q", err, tt.wantErr)
			}
			if cfg.APIKey != "" && strings.Contains(err.Error(), cfg.APIKey) {
				t.Errorf("the error repeats the API key: %v", err)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	t.Parallel()
	c, err := New(Config{Endpoint: "https://status.example.com", APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	want := retrySettings{maxRetries: 4, waitMin: time.Second, waitMax: 30 * time.Second, maxTime: 2 * time.Minute}
	if c.retry != want {
		t.Errorf("retry settings: got %+v, want %+v", c.retry, want)
	}
	if c.httpClient.Timeout != 30*time.Second {
		t.Errorf("timeout: got %s, want 30s", c.httpClient.Timeout)
	}
	if c.userAgent != DefaultUserAgent {
		t.Errorf("user agent: got %q, want %q", c.userAgent, DefaultUserAgent)
	}
}

func TestNewKeepsCallersHTTPClient(t *testing.T) {
	t.Parallel()
	own := &http.Client{Timeout: time.Hour}
	c, err := New(Config{Endpoint: "http://127.0.0.1:8080", APIKey: testKey, HTTPClient: own, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if own.Timeout != time.Hour || c.httpClient.Timeout != time.Second {
		t.Errorf("timeouts: caller's %s (want 1h), client's %s (want 1s)", own.Timeout, c.httpClient.Timeout)
	}
}

func TestEndpointPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		suffix   string
		wantPath string
	}{
		{"", "/api/v3/me"},
		{"/", "/api/v3/me"},
		{"/api/v3", "/api/v3/me"},
		{"/api/v3/", "/api/v3/me"},
		{"/statushub", "/statushub/api/v3/me"},
	}
	for _, tt := range tests {
		t.Run(tt.suffix, func(t *testing.T) {
			t.Parallel()
			srv := newScriptServer(t, answer{status: http.StatusOK, body: `{}`})
			c := newTestClient(t, srv.URL+tt.suffix, nil)
			if _, err := c.Me(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := srv.received()[0].path; got != tt.wantPath {
				t.Errorf("path: got %q, want %q", got, tt.wantPath)
			}
		})
	}
}

func TestMethods(t *testing.T) {
	t.Parallel()
	name, role := "ci", "viewer"
	expiresAt := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		call      func(context.Context, *Client) (any, error)
		answer    answer
		wantReq   string // method and path
		wantQuery string
		wantBody  string
		want      any
	}{
		{
			name:    "Me",
			call:    func(ctx context.Context, c *Client) (any, error) { return c.Me(ctx) },
			answer:  answer{status: 200, body: `{"account":{"id":"acc_1"}}`},
			wantReq: "GET /api/v3/me",
			want:    &api.Me{Account: api.Account{ID: "acc_1"}},
		},
		{
			name: "CreateHub",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateHub(ctx, api.HubCreate{Name: "Main", Subdomain: "main"})
			},
			answer:   answer{status: 201, body: `{"id":"hub_1"}`},
			wantReq:  "POST /api/v3/hubs",
			wantBody: `{"name":"Main","subdomain":"main"}`,
			want:     &api.Hub{ID: "hub_1"},
		},
		{
			name:    "GetHub",
			call:    func(ctx context.Context, c *Client) (any, error) { return c.GetHub(ctx, "hub_1") },
			answer:  answer{status: 200, body: `{"id":"hub_1"}`},
			wantReq: "GET /api/v3/hubs/hub_1",
			want:    &api.Hub{ID: "hub_1"},
		},
		{
			name:      "ListHubs",
			call:      func(ctx context.Context, c *Client) (any, error) { return c.ListHubs(ctx, "") },
			answer:    answer{status: 200, body: `{"data":[{"id":"hub_1"}]}`},
			wantReq:   "GET /api/v3/hubs",
			wantQuery: "page_size=100",
			want:      []api.Hub{{ID: "hub_1"}},
		},
		{
			name:      "ListHubs by subdomain",
			call:      func(ctx context.Context, c *Client) (any, error) { return c.ListHubs(ctx, "main&x=1") },
			answer:    answer{status: 200, body: `{"data":[]}`},
			wantReq:   "GET /api/v3/hubs",
			wantQuery: "page_size=100&subdomain=main%26x%3D1",
			want:      []api.Hub(nil),
		},
		{
			name: "UpdateHub",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateHub(ctx, "hub_1", api.HubUpdate{Name: &name})
			},
			answer:   answer{status: 200, body: `{"id":"hub_1","name":"ci"}`},
			wantReq:  "PATCH /api/v3/hubs/hub_1",
			wantBody: `{"name":"ci"}`,
			want:     &api.Hub{ID: "hub_1", Name: "ci"},
		},
		{
			name:    "DeleteHub",
			call:    func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteHub(ctx, "hub_1") },
			answer:  answer{status: 204},
			wantReq: "DELETE /api/v3/hubs/hub_1",
		},
		{
			name: "CreateComponent",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateComponent(ctx, "hub_1", api.ComponentCreate{Name: "API"})
			},
			answer:   answer{status: 201, body: `{"id":"cmp_1"}`},
			wantReq:  "POST /api/v3/hubs/hub_1/components",
			wantBody: `{"name":"API"}`,
			want:     &api.Component{ID: "cmp_1"},
		},
		{
			name:    "GetComponent",
			call:    func(ctx context.Context, c *Client) (any, error) { return c.GetComponent(ctx, "hub_1", "cmp_1") },
			answer:  answer{status: 200, body: `{"id":"cmp_1"}`},
			wantReq: "GET /api/v3/hubs/hub_1/components/cmp_1",
			want:    &api.Component{ID: "cmp_1"},
		},
		{
			name:      "ListComponents",
			call:      func(ctx context.Context, c *Client) (any, error) { return c.ListComponents(ctx, "hub_1") },
			answer:    answer{status: 200, body: `{"data":[{"id":"cmp_1"}]}`},
			wantReq:   "GET /api/v3/hubs/hub_1/components",
			wantQuery: "page_size=100",
			want:      []api.Component{{ID: "cmp_1"}},
		},
		{
			name: "UpdateComponent clears the group",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateComponent(ctx, "hub_1", "cmp_1", api.ComponentUpdate{Group: api.Null[string]()})
			},
			answer:   answer{status: 200, body: `{"id":"cmp_1"}`},
			wantReq:  "PATCH /api/v3/hubs/hub_1/components/cmp_1",
			wantBody: `{"group":null}`,
			want:     &api.Component{ID: "cmp_1"},
		},
		{
			name: "DeleteComponent",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DeleteComponent(ctx, "hub_1", "cmp_1")
			},
			answer:  answer{status: 204},
			wantReq: "DELETE /api/v3/hubs/hub_1/components/cmp_1",
		},
		{
			name: "CreateMember",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateMember(ctx, api.MemberCreate{Email: "a@example.com", Name: "A"})
			},
			answer:   answer{status: 201, body: `{"id":"mem_1"}`},
			wantReq:  "POST /api/v3/members",
			wantBody: `{"email":"a@example.com","name":"A"}`,
			want:     &api.Member{ID: "mem_1"},
		},
		{
			name:    "GetMember",
			call:    func(ctx context.Context, c *Client) (any, error) { return c.GetMember(ctx, "mem_1") },
			answer:  answer{status: 200, body: `{"id":"mem_1"}`},
			wantReq: "GET /api/v3/members/mem_1",
			want:    &api.Member{ID: "mem_1"},
		},
		{
			name:      "ListMembers by email",
			call:      func(ctx context.Context, c *Client) (any, error) { return c.ListMembers(ctx, "a+b@example.com") },
			answer:    answer{status: 200, body: `{"data":[{"id":"mem_1"}]}`},
			wantReq:   "GET /api/v3/members",
			wantQuery: "email=a%2Bb%40example.com&page_size=100",
			want:      []api.Member{{ID: "mem_1"}},
		},
		{
			name: "UpdateMember",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateMember(ctx, "mem_1", api.MemberUpdate{HubRoles: &map[string]string{}})
			},
			answer:   answer{status: 200, body: `{"id":"mem_1"}`},
			wantReq:  "PATCH /api/v3/members/mem_1",
			wantBody: `{"hub_roles":{}}`,
			want:     &api.Member{ID: "mem_1"},
		},
		{
			name:    "DeleteMember",
			call:    func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteMember(ctx, "mem_1") },
			answer:  answer{status: 204},
			wantReq: "DELETE /api/v3/members/mem_1",
		},
		{
			name: "SetHubRole",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.SetHubRole(ctx, "mem_1", "hub_1", "editor")
			},
			answer:   answer{status: 200, body: `{"role":"editor"}`},
			wantReq:  "PUT /api/v3/members/mem_1/hub-roles/hub_1",
			wantBody: `{"role":"editor"}`,
		},
		{
			name: "RemoveHubRole",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.RemoveHubRole(ctx, "mem_1", "hub_1")
			},
			answer:  answer{status: 204},
			wantReq: "DELETE /api/v3/members/mem_1/hub-roles/hub_1",
		},
		{
			name: "CreateAPIKey",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateAPIKey(ctx, "mem_1", api.APIKeyCreate{Name: "ci", LimitRole: &role})
			},
			answer:   answer{status: 201, body: `{"id":"key_1","secret":"s"}`},
			wantReq:  "POST /api/v3/members/mem_1/api-keys",
			wantBody: `{"name":"ci","limit_role":"viewer"}`,
			want:     &api.APIKey{ID: "key_1", Secret: "s"},
		},
		{
			name: "CreateAPIKey that expires",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateAPIKey(ctx, "mem_1", api.APIKeyCreate{Name: "ci", ExpiresAt: &expiresAt})
			},
			answer:   answer{status: 201, body: `{"id":"key_1","expires_at":"2026-12-02T10:00:00Z","expired":false}`},
			wantReq:  "POST /api/v3/members/mem_1/api-keys",
			wantBody: `{"name":"ci","expires_at":"2026-12-02T10:00:00Z"}`,
			want:     &api.APIKey{ID: "key_1", ExpiresAt: &expiresAt},
		},
		{
			name:    "GetAPIKey",
			call:    func(ctx context.Context, c *Client) (any, error) { return c.GetAPIKey(ctx, "mem_1", "key_1") },
			answer:  answer{status: 200, body: `{"id":"key_1"}`},
			wantReq: "GET /api/v3/members/mem_1/api-keys/key_1",
			want:    &api.APIKey{ID: "key_1"},
		},
		{
			name:      "ListAPIKeys",
			call:      func(ctx context.Context, c *Client) (any, error) { return c.ListAPIKeys(ctx, "mem_1") },
			answer:    answer{status: 200, body: `{"data":[{"id":"key_1"}]}`},
			wantReq:   "GET /api/v3/members/mem_1/api-keys",
			wantQuery: "page_size=100",
			want:      []api.APIKey{{ID: "key_1"}},
		},
		{
			name:      "ListAccountAPIKeys",
			call:      func(ctx context.Context, c *Client) (any, error) { return c.ListAccountAPIKeys(ctx, APIKeyFilter{}) },
			answer:    answer{status: 200, body: `{"data":[{"id":"key_1","expires_at":"2026-12-02T10:00:00Z","expired":true}]}`},
			wantReq:   "GET /api/v3/api-keys",
			wantQuery: "page_size=100",
			want:      []api.APIKey{{ID: "key_1", ExpiresAt: &expiresAt, Expired: true}},
		},
		{
			name: "ListAccountAPIKeys by member and last use",
			call: func(ctx context.Context, c *Client) (any, error) {
				since := time.Date(2026, 12, 2, 11, 30, 0, 0, time.FixedZone("CET", 3600))
				return c.ListAccountAPIKeys(ctx, APIKeyFilter{MemberID: "mem_1", NotUsedSince: since})
			},
			answer:    answer{status: 200, body: `{"data":[{"id":"key_1"}]}`},
			wantReq:   "GET /api/v3/api-keys",
			wantQuery: "member_id=mem_1&not_used_since=2026-12-02T10%3A30%3A00Z&page_size=100",
			want:      []api.APIKey{{ID: "key_1"}},
		},
		{
			name: "UpdateAPIKey removes the limit",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateAPIKey(ctx, "mem_1", "key_1", api.APIKeyUpdate{LimitRole: api.Null[string]()})
			},
			answer:   answer{status: 200, body: `{"id":"key_1"}`},
			wantReq:  "PATCH /api/v3/members/mem_1/api-keys/key_1",
			wantBody: `{"limit_role":null}`,
			want:     &api.APIKey{ID: "key_1"},
		},
		{
			name:    "ResetAPIKey",
			call:    func(ctx context.Context, c *Client) (any, error) { return c.ResetAPIKey(ctx, "mem_1", "key_1") },
			answer:  answer{status: 200, body: `{"id":"key_1","secret":"s2"}`},
			wantReq: "POST /api/v3/members/mem_1/api-keys/key_1/reset",
			want:    &api.APIKey{ID: "key_1", Secret: "s2"},
		},
		{
			name:    "DeleteAPIKey",
			call:    func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteAPIKey(ctx, "mem_1", "key_1") },
			answer:  answer{status: 204},
			wantReq: "DELETE /api/v3/members/mem_1/api-keys/key_1",
		},
		{
			name:    "EffectiveRoles",
			call:    func(ctx context.Context, c *Client) (any, error) { return c.EffectiveRoles(ctx, "mem_1", "key_1") },
			answer:  answer{status: 200, body: `{"data":[{"hub_id":"hub_1","effective_role":"viewer"}]}`},
			wantReq: "GET /api/v3/members/mem_1/api-keys/key_1/effective-roles",
			want:    []api.EffectiveRole{{HubID: "hub_1", EffectiveRole: "viewer"}},
		},
		{
			name:      "ListAuditEvents",
			call:      func(ctx context.Context, c *Client) (any, error) { return c.ListAuditEvents(ctx, 10) },
			answer:    answer{status: 200, body: `{"data":[{"id":"evt_1"}]}`},
			wantReq:   "GET /api/v3/audit-events",
			wantQuery: "page_size=10",
			want:      []api.AuditEvent{{ID: "evt_1"}},
		},
		{
			name:    "ids are escaped",
			call:    func(ctx context.Context, c *Client) (any, error) { return c.GetHub(ctx, "../members") },
			answer:  answer{status: 200, body: `{"id":"hub_1"}`},
			wantReq: "GET /api/v3/hubs/..%2Fmembers",
			want:    &api.Hub{ID: "hub_1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newScriptServer(t, tt.answer)
			c := newTestClient(t, srv.URL, nil)

			got, err := tt.call(context.Background(), c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("result: got %#v, want %#v", got, tt.want)
			}

			reqs := srv.received()
			if len(reqs) != 1 {
				t.Fatalf("got %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if got := r.method + " " + r.path; got != tt.wantReq {
				t.Errorf("request: got %q, want %q", got, tt.wantReq)
			}
			if r.query != tt.wantQuery {
				t.Errorf("query: got %q, want %q", r.query, tt.wantQuery)
			}
			if r.body != tt.wantBody {
				t.Errorf("body: got %q, want %q", r.body, tt.wantBody)
			}
			checkHeaders(t, r)
		})
	}
}

// checkHeaders checks the headers that every request carries.
func checkHeaders(t *testing.T, r received) {
	t.Helper()
	wantContentType := ""
	if r.body != "" {
		wantContentType = "application/json"
	}
	for name, want := range map[string]string{
		"Authorization": "Bearer " + testKey,
		"User-Agent":    "client-test/1.0",
		"Accept":        "application/json",
		"Content-Type":  wantContentType,
	} {
		if got := r.header.Get(name); got != want {
			t.Errorf("header %s: got %q, want %q", name, got, want)
		}
	}
	if key := r.header.Get(api.IdempotencyKeyHeader); (key != "") != (r.method == http.MethodPost) {
		t.Errorf("%s with Idempotency-Key %q: only a POST, and every POST, carries one", r.method, key)
	}
}

func TestListFollowsEveryPage(t *testing.T) {
	t.Parallel()
	srv := newScriptServer(t,
		answer{status: 200, body: `{"data":[{"id":"hub_1"},{"id":"hub_2"}],"next_cursor":"c2"}`},
		answer{status: 200, body: `{"data":[{"id":"hub_3"}],"next_cursor":"c3"}`},
		answer{status: 200, body: `{"data":[{"id":"hub_4"}]}`},
	)
	c := newTestClient(t, srv.URL, nil)

	hubs, err := c.ListHubs(context.Background(), "main")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range hubs {
		ids = append(ids, h.ID)
	}
	if want := []string{"hub_1", "hub_2", "hub_3", "hub_4"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids: got %v, want %v", ids, want)
	}
	var queries []string
	for _, r := range srv.received() {
		queries = append(queries, r.query)
	}
	want := []string{
		"page_size=100&subdomain=main",
		"cursor=c2&page_size=100&subdomain=main",
		"cursor=c3&page_size=100&subdomain=main",
	}
	if !reflect.DeepEqual(queries, want) {
		t.Errorf("queries: got %q, want %q", queries, want)
	}
}

func TestListAuditEventsLimit(t *testing.T) {
	t.Parallel()
	pages := []answer{
		{status: 200, body: `{"data":[{"id":"evt_1"},{"id":"evt_2"}],"next_cursor":"c2"}`},
		{status: 200, body: `{"data":[{"id":"evt_3"},{"id":"evt_4"}],"next_cursor":"c3"}`},
		{status: 200, body: `{"data":[{"id":"evt_5"}]}`},
	}
	tests := []struct {
		limit        int
		wantEvents   int
		wantRequests int
		wantPageSize string
	}{
		{limit: 0, wantEvents: 5, wantRequests: 3, wantPageSize: "page_size=100"},
		{limit: 3, wantEvents: 3, wantRequests: 2, wantPageSize: "page_size=3"},
		{limit: 500, wantEvents: 5, wantRequests: 3, wantPageSize: "page_size=100"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("limit %d", tt.limit), func(t *testing.T) {
			t.Parallel()
			srv := newScriptServer(t, pages...)
			c := newTestClient(t, srv.URL, nil)
			events, err := c.ListAuditEvents(context.Background(), tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			reqs := srv.received()
			if len(events) != tt.wantEvents || len(reqs) != tt.wantRequests {
				t.Errorf("got %d events in %d requests, want %d in %d", len(events), len(reqs), tt.wantEvents, tt.wantRequests)
			}
			if !strings.HasSuffix(reqs[0].query, tt.wantPageSize) {
				t.Errorf("query %q, want %q", reqs[0].query, tt.wantPageSize)
			}
		})
	}
}

func TestListStopsOnARepeatedCursor(t *testing.T) {
	t.Parallel()
	srv := newScriptServer(t, answer{status: 200, body: `{"data":[{"id":"hub_1"}],"next_cursor":"same"}`})
	c := newTestClient(t, srv.URL, nil)

	_, err := c.ListHubs(context.Background(), "")
	if err == nil || !strings.Contains(err.Error(), "same next_cursor") {
		t.Fatalf("got error %v, want one about the repeated cursor", err)
	}
	if n := len(srv.received()); n != 2 {
		t.Errorf("got %d requests, want 2", n)
	}
}

func TestErrorsMatchSentinels(t *testing.T) {
	t.Parallel()
	sentinels := []error{ErrNotFound, ErrConflict, ErrUnauthorized, ErrRateLimited}
	tests := []struct {
		status int
		want   error
	}{
		{http.StatusNotFound, ErrNotFound},
		{http.StatusConflict, ErrConflict},
		{http.StatusUnauthorized, ErrUnauthorized},
		{http.StatusTooManyRequests, ErrRateLimited},
		{http.StatusBadRequest, nil},
		{http.StatusForbidden, nil},
		{http.StatusInternalServerError, nil},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			t.Parallel()
			srv := newScriptServer(t, answer{status: tt.status, body: `{"code":"c","message":"m"}`})
			c := newTestClient(t, srv.URL, nil)

			_, err := c.GetHub(context.Background(), "hub_1")
			var ce *Error
			if !errors.As(err, &ce) || ce.Status != tt.status {
				t.Fatalf("got %v, want an *Error with status %d", err, tt.status)
			}
			for _, s := range sentinels {
				if got := errors.Is(err, s); got != (s == tt.want) {
					t.Errorf("errors.Is(err, %q) = %t", s, got)
				}
			}
		})
	}
}

func TestErrorDescribesTheAnswer(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 600) // 1200 bytes
	apiErr, _ := json.Marshal(api.Error{Code: api.CodeQuotaExceeded, Message: "member mem_x already has 10 API keys", Field: "name"})
	tests := []struct {
		name   string
		answer answer
		want   string
	}{
		{
			name:   "api.Error",
			answer: answer{status: http.StatusConflict, body: string(apiErr)},
			want:   `POST /api/v3/members/mem_x/api-keys: 409 Conflict: quota_exceeded: member mem_x already has 10 API keys (field "name")`,
		},
		{
			name:   "HTML from a proxy",
			answer: answer{status: http.StatusBadRequest, body: "<html>\n  <h1>Bad request</h1>\n</html>"},
			want:   "POST /api/v3/members/mem_x/api-keys: 400 Bad Request: <html> <h1>Bad request</h1> </html>",
		},
		{
			name:   "no body",
			answer: answer{status: http.StatusForbidden},
			want:   "POST /api/v3/members/mem_x/api-keys: 403 Forbidden",
		},
		{
			name:   "unknown status",
			answer: answer{status: 499, body: `{"code":"odd","message":"odd"}`},
			want:   "POST /api/v3/members/mem_x/api-keys: 499: odd: odd",
		},
		{
			name:   "long body",
			answer: answer{status: http.StatusBadRequest, body: long},
			want:   "POST /api/v3/members/mem_x/api-keys: 400 Bad Request: " + strings.Repeat("é", 254) + "…",
		},
		{
			name:   "secret in the body",
			answer: answer{status: http.StatusBadRequest, body: "key " + testKey + " refused"},
			want:   "POST /api/v3/members/mem_x/api-keys: 400 Bad Request: key shk_…(masked) refused",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newScriptServer(t, tt.answer)
			c := newTestClient(t, srv.URL, nil)

			_, err := c.CreateAPIKey(context.Background(), "mem_x", api.APIKeyCreate{Name: "ci"})
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error:\n got %v\nwant %s", err, tt.want)
			}
			var ce *Error
			if errors.As(err, &ce) && len(ce.Message) > maxExcerpt {
				t.Errorf("message of %d bytes, want at most %d", len(ce.Message), maxExcerpt)
			}
		})
	}
}

func TestUndecodableAnswer(t *testing.T) {
	t.Parallel()
	srv := newScriptServer(t, answer{status: http.StatusOK, body: "<html>hello</html>"})
	c := newTestClient(t, srv.URL, nil)

	_, err := c.GetHub(context.Background(), "hub_1")
	if err == nil || !strings.HasPrefix(err.Error(), "GET /api/v3/hubs/hub_1: decoding the answer:") {
		t.Fatalf("got error %v, want a decoding error naming the request", err)
	}
}

// Terraform refreshes up to 10 resources at once by default: their
// requests must keep reusing the same connections, not open new ones.
func TestParallelCallsReuseConnections(t *testing.T) {
	t.Parallel()
	const parallel, rounds = 10, 3
	var opened atomic.Int32
	var allArrived sync.WaitGroup // holds each answer until the round's requests are all in flight
	barrier := atomic.Bool{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if barrier.Load() {
			allArrived.Done()
			allArrived.Wait()
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"hub_1"}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.URL, nil)

	// A first answer without rate-limit headers turns pacing off, so that
	// the rounds' requests are all sent at once.
	if _, err := c.GetHub(context.Background(), "hub_1"); err != nil {
		t.Fatal(err)
	}
	barrier.Store(true)
	for range rounds {
		allArrived.Add(parallel)
		errs := make(chan error, parallel)
		var calls sync.WaitGroup
		for range parallel {
			calls.Go(func() {
				_, err := c.GetHub(context.Background(), "hub_1")
				errs <- err
			})
		}
		calls.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := opened.Load(); got != parallel {
		t.Errorf("%d rounds of %d parallel calls opened %d connections, want %d", rounds, parallel, got, parallel)
	}
}
