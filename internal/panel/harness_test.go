package panel_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver/apiservertest"
	"github.com/statushub-community/terraform-provider-statushub/internal/clocktest"
	"github.com/statushub-community/terraform-provider-statushub/internal/logtest"
	"github.com/statushub-community/terraform-provider-statushub/internal/panel"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// env is the server as `statushub-server serve` runs it, API and pages, on
// a TCP listener, over a fresh store with its own clock.
type env struct {
	url   string
	clock *clocktest.Clock
	owner string // the bootstrap owner key's secret
	logs  *logtest.Buffer
	srv   *httptest.Server
}

func newEnv(t *testing.T) *env { return newEnvWith(t, envOptions{}) }

// envOptions change the server of an env from the plain one most tests use.
type envOptions struct {
	tls        bool                  // serve over TLS, with a certificate that the browsers' client trusts
	rateLimits *apiserver.RateLimits // nil: no rate limits
}

func newEnvWith(t *testing.T, opts envOptions) *env {
	t.Helper()
	clock := clocktest.New(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	st, owner := apiservertest.Open(t, ":memory:", store.WithClock(clock.Now))
	logs := &logtest.Buffer{}
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	limits := apiserver.RateLimits{Disabled: true}
	if opts.rateLimits != nil {
		limits = *opts.rateLimits
	}
	handler := apiserver.New(apiserver.Config{Store: st, Logger: logger, RateLimits: limits, Pages: panel.New})
	srv := httptest.NewUnstartedServer(handler)
	srv.Config = apiserver.NewHTTPServer(handler, logger)
	if opts.tls {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	return &env{url: srv.URL, clock: clock, owner: owner, logs: logs, srv: srv}
}

// call sends a JSON API request with a key and decodes the answer into out
// (when not nil); it returns the status.
func (e *env) call(t *testing.T, key, method, path string, in, out any) int {
	t.Helper()
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, e.url+api.BasePath+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil && resp.StatusCode < 300 && resp.StatusCode != http.StatusNoContent {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode
}

// must is call that fails the test on any status but want.
func must[T any](t *testing.T, e *env, key, method, path string, in any, want int) T {
	t.Helper()
	var out T
	if got := e.call(t, key, method, path, in, &out); got != want {
		t.Fatalf("%s %s = %d, want %d", method, path, got, want)
	}
	return out
}

func (e *env) me(t *testing.T, key string) api.Me {
	return must[api.Me](t, e, key, "GET", "/me", nil, http.StatusOK)
}

func (e *env) createHub(t *testing.T, name, subdomain string) api.Hub {
	return must[api.Hub](t, e, e.owner, "POST", "/hubs", api.HubCreate{Name: name, Subdomain: subdomain}, http.StatusCreated)
}

func (e *env) createMember(t *testing.T, email string, hubRoles map[string]string) api.Member {
	return must[api.Member](t, e, e.owner, "POST", "/members", api.MemberCreate{Email: email, Name: "Member", HubRoles: hubRoles}, http.StatusCreated)
}

func (e *env) createKey(t *testing.T, memberID, name string, limit *string, expiresAt *time.Time) api.APIKey {
	return must[api.APIKey](t, e, e.owner, "POST", "/members/"+memberID+"/api-keys",
		api.APIKeyCreate{Name: name, LimitRole: limit, ExpiresAt: expiresAt}, http.StatusCreated)
}

// browser is a client with cookies that follows redirects, as a browser
// with JavaScript off would.
type browser struct {
	t      *testing.T
	e      *env
	client *http.Client
	last   string // the body of the last page
}

func (e *env) browser(t *testing.T) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := *e.srv.Client() // a copy: the server's client is shared
	client.Jar = jar
	return &browser{t: t, e: e, client: &client}
}

// page is an answer of the pages.
type page struct {
	status int
	header http.Header
	body   string
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	b.last = string(body)
	return page{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

// replay is a browser that sends the cookies b holds now, whatever b does
// later: what a copied session cookie would do.
func (b *browser) replay() *browser {
	u, err := url.Parse(b.e.url)
	if err != nil {
		b.t.Fatal(err)
	}
	c := b.e.browser(b.t)
	c.client.Jar.SetCookies(u, b.client.Jar.Cookies(u))
	return c
}

func (b *browser) get(path string) page {
	b.t.Helper()
	req, err := http.NewRequestWithContext(b.t.Context(), "GET", b.e.url+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// post sends a form as it is: add csrf_token to send one.
func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	req, err := http.NewRequestWithContext(b.t.Context(), "POST", b.e.url+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// csrf is the token of the forms of the last page.
func (b *browser) csrf() string {
	b.t.Helper()
	m := csrfField.FindStringSubmatch(b.last)
	if m == nil {
		b.t.Fatalf("the last page has no CSRF token:\n%s", b.last)
	}
	return m[1]
}

// submit posts a form of the last page, with its CSRF token.
func (b *browser) submit(path string, form url.Values) page {
	b.t.Helper()
	form.Set("csrf_token", b.csrf())
	return b.post(path, form)
}

func (b *browser) signIn(secret string) page {
	b.t.Helper()
	b.get("/sign-in")
	return b.submit("/sign-in", url.Values{"api_key": {secret}})
}

// errorBox is the text of the page's #error, "" when it has none.
func errorBox(p page) string {
	m := regexp.MustCompile(`(?s)<div id="error"[^>]*>(.*?)</div>`).FindStringSubmatch(p.body)
	if m == nil {
		return ""
	}
	return m[1]
}

var secretField = regexp.MustCompile(`id="new-secret" readonly value="([^"]+)"`)

// newSecret is the secret shown once on p, "" when there is none.
func newSecret(p page) string {
	m := secretField.FindStringSubmatch(p.body)
	if m == nil {
		return ""
	}
	return m[1]
}

var (
	rowPattern  = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	cellPattern = regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`)
	tagPattern  = regexp.MustCompile(`<[^>]*>`)
)

// tableRows is the text of each cell of each body row of the table with
// the id, as a reader sees it.
func tableRows(t *testing.T, p page, id string) [][]string {
	t.Helper()
	table := regexp.MustCompile(`(?s)<table id="` + id + `"[^>]*>.*?<tbody>(.*?)</tbody>`).FindStringSubmatch(p.body)
	if table == nil {
		t.Fatalf("no table#%s in:\n%s", id, p.body)
	}
	var rows [][]string
	for _, row := range rowPattern.FindAllStringSubmatch(table[1], -1) {
		var cells []string
		for _, cell := range cellPattern.FindAllStringSubmatch(row[1], -1) {
			cells = append(cells, strings.TrimSpace(tagPattern.ReplaceAllString(cell[1], "")))
		}
		rows = append(rows, cells)
	}
	return rows
}
