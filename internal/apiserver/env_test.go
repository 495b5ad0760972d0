package apiserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver/apiservertest"
	"github.com/statushub-community/terraform-provider-statushub/internal/logtest"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// testEnv is a server over a fresh store, reached over TCP with the
// settings of NewHTTPServer, with the bootstrap account's owner key.
type testEnv struct {
	url       string
	store     *store.Store
	logs      *logtest.Buffer
	owner     string // the owner key's secret
	ownerID   string // the owner member's id
	accountID string
	unique    atomic.Int64
}

type envOptions struct {
	dbPath string // "" for :memory:
	limits apiserver.RateLimits
	now    func() time.Time // the clock of the store and so of the server; nil for time.Now
}

// newTestEnv has rate limits off: most tests send requests in bursts.
func newTestEnv(t *testing.T) *testEnv {
	return newTestEnvWith(t, envOptions{limits: apiserver.RateLimits{Disabled: true}})
}

func newTestEnvWith(t *testing.T, o envOptions) *testEnv {
	t.Helper()
	path := o.dbPath
	if path == "" {
		path = ":memory:"
	}
	var opts []store.Option
	if o.now != nil {
		opts = append(opts, store.WithClock(o.now))
	}
	st, owner := apiservertest.Open(t, path, opts...)
	logs := &logtest.Buffer{}
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	handler := apiserver.New(apiserver.Config{Store: st, Logger: logger, RateLimits: o.limits})
	// Served as `serve` serves it, on a TCP listener on 127.0.0.1.
	srv := httptest.NewUnstartedServer(handler)
	srv.Config = apiserver.NewHTTPServer(handler, logger)
	srv.Start()
	t.Cleanup(srv.Close)

	e := &testEnv{url: srv.URL, store: st, logs: logs, owner: owner}
	me := fetch[api.Me](t, e, owner, "GET", "/me", nil, http.StatusOK)
	e.ownerID, e.accountID = me.Member.ID, me.Account.ID
	return e
}

// reply is an answer of the server.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// apiError decodes the body as an API error.
func (r reply) apiError(t *testing.T) api.Error {
	t.Helper()
	var e api.Error
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("status %d: the body is not an API error: %v: %s", r.status, err, r.body)
	}
	return e
}

// request is what send sends. A path that starts with "/api/" or "/healthz"
// is taken as is, any other gets the /api/v3 prefix.
type request struct {
	key     string // bearer secret, "" for none
	method  string
	path    string
	body    any // nil, a string sent as is, or a value encoded as JSON
	headers map[string]string
}

func (e *testEnv) send(t *testing.T, rq request) reply {
	t.Helper()
	r, err := e.trySend(t.Context(), rq)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// trySend is send for goroutines other than the test's, which may not
// call t.Fatal.
func (e *testEnv) trySend(ctx context.Context, rq request) (reply, error) {
	path := rq.path
	if !strings.HasPrefix(path, "/api/") && !strings.HasPrefix(path, "/healthz") {
		path = api.BasePath + path
	}
	body, err := bodyReader(rq.body)
	if err != nil {
		return reply{}, err
	}
	req, err := http.NewRequestWithContext(ctx, rq.method, e.url+path, body)
	if err != nil {
		return reply{}, err
	}
	if rq.key != "" {
		req.Header.Set("Authorization", "Bearer "+rq.key)
	}
	for k, v := range rq.headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{}, err
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: raw}, nil
}

func bodyReader(body any) (io.Reader, error) {
	switch b := body.(type) {
	case nil:
		return nil, nil
	case string:
		return strings.NewReader(b), nil
	default:
		raw, err := json.Marshal(b)
		return bytes.NewReader(raw), err
	}
}

// do sends a request and fails the test unless the status is want.
func (e *testEnv) do(t *testing.T, key, method, path string, body any, want int) reply {
	t.Helper()
	r := e.send(t, request{key: key, method: method, path: path, body: body})
	if r.status != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, want, r.body)
	}
	return r
}

// fetch is do that decodes the answer.
func fetch[T any](t *testing.T, e *testEnv, key, method, path string, body any, want int) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(e.do(t, key, method, path, body, want).body, &v); err != nil {
		t.Fatalf("%s %s: decoding %T: %v", method, path, v, err)
	}
	return v
}

// name returns a name no other call of this env returns, for subdomains
// and emails that must be unique.
func (e *testEnv) name(prefix string) string {
	return fmt.Sprintf("%s%d", prefix, e.unique.Add(1))
}

func (e *testEnv) createHub(t *testing.T) api.Hub {
	t.Helper()
	sub := e.name("hub")
	return fetch[api.Hub](t, e, e.owner, "POST", "/hubs", api.HubCreate{Name: "Hub " + sub, Subdomain: sub}, http.StatusCreated)
}

func (e *testEnv) createComponent(t *testing.T, hubID, name string) api.Component {
	t.Helper()
	return fetch[api.Component](t, e, e.owner, "POST", "/hubs/"+hubID+"/components", api.ComponentCreate{Name: name}, http.StatusCreated)
}

func (e *testEnv) createMember(t *testing.T, hubRoles map[string]string) api.Member {
	t.Helper()
	email := e.name("member") + "@example.com"
	return fetch[api.Member](t, e, e.owner, "POST", "/members", api.MemberCreate{Email: email, Name: email, HubRoles: hubRoles}, http.StatusCreated)
}

// createKey makes a key for a member with the owner's key; limit "" is no
// limit. It returns the key with its secret.
func (e *testEnv) createKey(t *testing.T, memberID, name, limit string) api.APIKey {
	t.Helper()
	in := api.APIKeyCreate{Name: name}
	if limit != "" {
		in.LimitRole = &limit
	}
	return fetch[api.APIKey](t, e, e.owner, "POST", "/members/"+memberID+"/api-keys", in, http.StatusCreated)
}
