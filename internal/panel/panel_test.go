package panel_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
)

func TestSignIn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	member := e.createMember(t, "ci@example.com", nil)
	deleted := e.createKey(t, member.ID, "deleted", nil, nil)
	must[struct{}](t, e, e.owner, "DELETE", "/members/"+member.ID+"/api-keys/"+deleted.ID, nil, http.StatusNoContent)
	soon := e.clock.Now().Add(time.Minute)
	expired := e.createKey(t, member.ID, "expired", nil, &soon)
	e.clock.Advance(2 * time.Minute)

	tests := map[string]struct {
		secret     string
		wantStatus int
		wantError  string
	}{
		"good":      {e.owner, http.StatusOK, ""},
		"malformed": {"shk_not-a-key", http.StatusUnauthorized, "malformed API key"},
		"empty":     {"", http.StatusUnauthorized, "malformed API key"},
		"deleted":   {deleted.Secret, http.StatusUnauthorized, "it was deleted, reset or never issued"},
		"expired":   {expired.Secret, http.StatusUnauthorized, "the API key expired at"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := e.browser(t)
			p := b.signIn(tt.secret)
			if p.status != tt.wantStatus {
				t.Fatalf("status = %d, want %d; error box %q", p.status, tt.wantStatus, errorBox(p))
			}
			if got := errorBox(p); !strings.Contains(got, tt.wantError) {
				t.Errorf("error box = %q, want it to contain %q", got, tt.wantError)
			}
			if tt.secret != "" && strings.Contains(p.body, tt.secret) {
				t.Error("the page repeats the key typed")
			}
			if signedIn := strings.Contains(p.body, `id="whoami"`); signedIn != (tt.wantError == "") {
				t.Errorf("signed in = %v", signedIn)
			}
		})
	}
}

func TestSignInNeedsTheFormsToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser(t)
	b.get("/sign-in")
	for name, token := range map[string]string{"missing": "", "wrong": "forged"} {
		p := b.post("/sign-in", url.Values{"api_key": {e.owner}, "csrf_token": {token}})
		if p.status != http.StatusForbidden || !strings.Contains(errorBox(p), "CSRF token") {
			t.Errorf("%s token: status %d, error box %q; want 403 naming the CSRF token", name, p.status, errorBox(p))
		}
	}
}

func TestSessionEnds(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	member := e.createMember(t, "ci@example.com", nil)
	tests := map[string]struct {
		end       func(t *testing.T, b *browser, k api.APIKey)
		wantError string
	}{
		"key deleted": {func(t *testing.T, _ *browser, k api.APIKey) {
			must[struct{}](t, e, e.owner, "DELETE", "/members/"+k.MemberID+"/api-keys/"+k.ID, nil, http.StatusNoContent)
		}, "it was deleted, reset or never issued"},
		"key reset": {func(t *testing.T, _ *browser, k api.APIKey) {
			must[api.APIKey](t, e, e.owner, "POST", "/members/"+k.MemberID+"/api-keys/"+k.ID+"/reset", nil, http.StatusOK)
		}, "it was deleted, reset or never issued"},
		"sign-out": {func(t *testing.T, b *browser, _ api.APIKey) {
			if p := b.submit("/sign-out", url.Values{}); !strings.Contains(p.body, "You signed out.") {
				t.Fatalf("signing out answered %d without saying so", p.status)
			}
		}, "Your session ended."},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			k := e.createKey(t, member.ID, name, nil, nil)
			b := e.browser(t)
			if p := b.signIn(k.Secret); p.status != http.StatusOK {
				t.Fatalf("sign-in: %d %q", p.status, errorBox(p))
			}
			copied := b.replay()
			tt.end(t, b, k)
			p := copied.get("/api-keys")
			if p.status != http.StatusUnauthorized || !strings.Contains(errorBox(p), tt.wantError) {
				t.Fatalf("after the session ended: status %d, error box %q; want 401 with %q", p.status, errorBox(p), tt.wantError)
			}
			if strings.Contains(p.body, `id="whoami"`) {
				t.Error("the page still shows a signed-in key")
			}
		})
	}
}

func TestSessionEndsWhenTheKeyExpires(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	member := e.createMember(t, "ci@example.com", nil)
	at := e.clock.Now().Add(10 * time.Minute)
	k := e.createKey(t, member.ID, "short-lived", nil, &at)
	b := e.browser(t)
	if p := b.signIn(k.Secret); p.status != http.StatusOK {
		t.Fatalf("sign-in: %d %q", p.status, errorBox(p))
	}
	e.clock.Advance(10 * time.Minute)
	p := b.get("/hubs")
	if p.status != http.StatusUnauthorized || !strings.Contains(errorBox(p), "the API key expired at") {
		t.Fatalf("status %d, error box %q; want 401 saying the key expired", p.status, errorBox(p))
	}
}

func TestPostsWithoutTheSessionsCSRFTokenAreRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	other := e.browser(t)
	other.signIn(e.owner)
	otherToken := other.csrf()

	b := e.browser(t)
	b.signIn(e.owner)
	for name, token := range map[string]string{"missing": "", "another session's": otherToken} {
		form := url.Values{"name": {"Forged"}, "subdomain": {"forged"}}
		if token != "" {
			form.Set("csrf_token", token)
		}
		p := b.post("/hubs", form)
		if p.status != http.StatusForbidden || !strings.Contains(errorBox(p), "CSRF token") {
			t.Errorf("%s token: status %d, error box %q; want 403 naming the CSRF token", name, p.status, errorBox(p))
		}
	}
	if hubs := must[api.Page[api.Hub]](t, e, e.owner, "GET", "/hubs", nil, http.StatusOK); len(hubs.Data) != 0 {
		t.Errorf("a refused form made hubs: %v", hubs.Data)
	}
}

func TestViewerKeySeesNoControlsAndForgedPostsAreRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	hub := e.createHub(t, "Hub A", "hub-a")
	cmp := must[api.Component](t, e, e.owner, "POST", "/hubs/"+hub.ID+"/components", api.ComponentCreate{Name: "API"}, http.StatusCreated)
	member := e.createMember(t, "admin@example.com", map[string]string{hub.ID: "admin"})
	viewer := e.createKey(t, member.ID, "read-only", new("viewer"), nil)

	b := e.browser(t)
	b.signIn(viewer.Secret)
	for _, path := range []string{"/hubs", "/team"} {
		p := b.get(path)
		if p.status != http.StatusOK {
			t.Fatalf("GET %s = %d", path, p.status)
		}
		if strings.Contains(p.body, `action="/hubs/`) || strings.Contains(p.body, `action="/team/`) || strings.Contains(p.body, `action="/hubs"`) {
			t.Errorf("GET %s shows a control that would change something:\n%s", path, p.body)
		}
	}
	p := b.submit("/hubs/"+hub.ID+"/components/"+cmp.ID+"/status", url.Values{"status": {"major_outage"}})
	if p.status != http.StatusForbidden || !strings.Contains(errorBox(p), "its effective role there is viewer") {
		t.Errorf("forged status change: status %d, error box %q; want the API's 403", p.status, errorBox(p))
	}
	got := must[api.Component](t, e, e.owner, "GET", "/hubs/"+hub.ID+"/components/"+cmp.ID, nil, http.StatusOK)
	if got.Status != "operational" {
		t.Errorf("status = %s after a refused change", got.Status)
	}
}

func TestSecretShownOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.createHub(t, "Hub A", "hub-a")
	b := e.browser(t)
	b.signIn(e.owner)
	me := e.me(t, e.owner)

	b.get("/api-keys")
	created := b.submit("/api-keys", url.Values{"member_id": {me.Member.ID}, "name": {"ci"}, "limit_role": {"editor"}})
	first := newSecret(created)
	if created.status != http.StatusCreated || first == "" {
		t.Fatalf("create: status %d, error box %q, no secret shown", created.status, errorBox(created))
	}
	k := must[api.Me](t, e, first, "GET", "/me", nil, http.StatusOK).Key

	keyPage := "/api-keys/" + me.Member.ID + "/" + k.ID
	b.get(keyPage)
	reset := b.submit(keyPage+"/reset", url.Values{"confirmed": {"yes"}})
	second := newSecret(reset)
	if reset.status != http.StatusOK || second == "" || second == first {
		t.Fatalf("reset: status %d, error box %q, a new secret shown: %v", reset.status, errorBox(reset), second != "" && second != first)
	}
	if got := e.call(t, first, "GET", "/me", nil, nil); got != http.StatusUnauthorized {
		t.Errorf("the old secret answers %d after the reset, want 401", got)
	}

	for _, path := range []string{"/hubs", "/team", "/api-keys", keyPage, keyPage + "/reset", keyPage + "/delete", "/audit", "/api-keys?not_used_for=720h"} {
		p := b.get(path)
		if p.status != http.StatusOK {
			t.Errorf("GET %s = %d %q", path, p.status, errorBox(p))
		}
		for _, secret := range []string{e.owner, first, second} {
			if strings.Contains(p.body, secret) {
				t.Errorf("GET %s shows a secret", path)
			}
		}
	}
	for _, secret := range []string{e.owner, first, second} {
		if strings.Contains(e.logs.String(), secret) {
			t.Error("the log holds a secret")
		}
	}
}

func TestHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser(t)
	p := b.get("/sign-in")
	want := map[string]string{
		"X-Frame-Options":        "DENY",
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "no-referrer",
		"Cache-Control":          "no-store",
	}
	for name, value := range want {
		if got := p.header.Get(name); got != value {
			t.Errorf("%s = %q, want %q", name, got, value)
		}
	}
	csp := p.header.Get("Content-Security-Policy")
	for _, directive := range []string{"script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "default-src 'none'"} {
		if !strings.Contains(csp, directive) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, directive)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("Content-Security-Policy %q allows inline code", csp)
	}
	if strings.Contains(p.body, "<script>") || strings.Contains(p.body, "style=") || strings.Contains(p.body, "<style") {
		t.Error("the page has an inline script or style, which the policy would block")
	}

}

func TestSessionCookie(t *testing.T) {
	t.Parallel()
	for _, tls := range []bool{false, true} {
		e := newEnvWith(t, envOptions{tls: tls})
		b := e.browser(t)
		b.get("/sign-in")
		form := url.Values{"api_key": {e.owner}, "csrf_token": {b.csrf()}}
		req, err := http.NewRequestWithContext(t.Context(), "POST", e.url+"/sign-in", strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		b.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, err := b.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		var session *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == "statushub_session" {
				session = c
			}
		}
		if session == nil {
			t.Fatalf("TLS %v: sign-in answered %d without a session cookie", tls, resp.StatusCode)
		}
		if !session.HttpOnly || session.SameSite != http.SameSiteStrictMode || session.Secure != tls {
			t.Errorf("TLS %v: session cookie HttpOnly %v, SameSite %v, Secure %v; want HttpOnly, Strict, Secure only over TLS",
				tls, session.HttpOnly, session.SameSite, session.Secure)
		}
		if strings.Contains(session.Value, e.owner) || strings.Contains(resp.Header.Get("Location"), e.owner) {
			t.Errorf("TLS %v: the cookie or the redirect holds the secret", tls)
		}
	}
}

func TestHostileNamesAreEscaped(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	hostile := `<script>alert("x")</script>'`
	hub := e.createHub(t, hostile, "hub-a")
	must[api.Component](t, e, e.owner, "POST", "/hubs/"+hub.ID+"/components", api.ComponentCreate{Name: hostile}, http.StatusCreated)
	member := e.createMember(t, "m@example.com", map[string]string{hub.ID: "editor"})
	k := e.createKey(t, member.ID, hostile, nil, nil)

	b := e.browser(t)
	b.signIn(e.owner)
	for _, path := range []string{"/hubs", "/team", "/api-keys", "/api-keys/" + member.ID + "/" + k.ID, "/audit"} {
		p := b.get(path)
		if strings.Contains(p.body, "<script>alert") || strings.Contains(p.body, `alert("x")`) {
			t.Errorf("GET %s shows a hostile name unescaped", path)
		}
		if !strings.Contains(p.body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&#39;") {
			t.Errorf("GET %s does not show the hostile name escaped", path)
		}
	}
}

func TestAuditNamesTheControlPanel(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	hub := e.createHub(t, "Hub A", "hub-a")
	cmp := must[api.Component](t, e, e.owner, "POST", "/hubs/"+hub.ID+"/components", api.ComponentCreate{Name: "API"}, http.StatusCreated)

	b := e.browser(t)
	b.signIn(e.owner)
	if p := b.submit("/hubs/"+hub.ID+"/components/"+cmp.ID+"/status", url.Values{"status": {"major_outage"}}); p.status != http.StatusOK {
		t.Fatalf("status change: %d %q", p.status, errorBox(p))
	}
	events := must[api.Page[api.AuditEvent]](t, e, e.owner, "GET", "/audit-events", nil, http.StatusOK)
	want := []string{
		"owner via the Control Panel updated component API from operational to major_outage",
		"owner via the API created component API on hub Hub A",
	}
	for i, msg := range want {
		if events.Data[i].Message != msg {
			t.Errorf("event %d = %q, want %q", i, events.Data[i].Message, msg)
		}
	}
	if events.Data[0].Actor != "owner via the Control Panel" {
		t.Errorf("actor = %q", events.Data[0].Actor)
	}
	rows := tableRows(t, b.get("/audit"), "audit")
	var actors []string
	for _, row := range rows {
		actors = append(actors, row[1])
	}
	if want := []string{"owner via the Control Panel", "owner via the API", "owner via the API"}; !slices.Equal(actors, want) {
		t.Errorf("the audit page's actors are %q, want %q", actors, want)
	}
}

func TestRefusedFormKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser(t)
	b.signIn(e.owner)
	b.get("/api-keys")
	p := b.submit("/api-keys", url.Values{"name": {" padded name"}, "limit_role": {"manager"}, "expires_at": {""}})
	if p.status != http.StatusBadRequest || !strings.Contains(errorBox(p), "name") {
		t.Fatalf("status %d, error box %q; want 400 naming the name", p.status, errorBox(p))
	}
	if !strings.Contains(p.body, `id="key-name" name="name" value=" padded name"`) {
		t.Error("the refused form lost the name typed")
	}
	if !strings.Contains(p.body, `<option value="manager" selected>`) {
		t.Error("the refused form lost the limit role chosen")
	}
}

// TestEffectiveRolesPageShowsTheArticlesExamples: the StatusHub keys
// article's examples A, B and C, row by row.
func TestEffectiveRolesPageShowsTheArticlesExamples(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, hb, c := e.createHub(t, "Hub A", "hub-a"), e.createHub(t, "Hub B", "hub-b"), e.createHub(t, "Hub C", "hub-c")
	member := e.createMember(t, "m@example.com", map[string]string{hb.ID: "admin", c.ID: "editor"})
	b := e.browser(t)
	b.signIn(e.owner)
	tests := map[string]struct {
		limit *string
		want  [][]string // hub, member's role, key's limit role, effective role
	}{
		"A": {nil, [][]string{
			{a.Name, "no_access", "none", "no_access"},
			{hb.Name, "admin", "none", "admin"},
			{c.Name, "editor", "none", "editor"},
		}},
		"B": {new("manager"), [][]string{
			{a.Name, "no_access", "manager", "no_access"},
			{hb.Name, "admin", "manager", "manager"},
			{c.Name, "editor", "manager", "editor"},
		}},
		"C": {new("editor"), [][]string{
			{a.Name, "no_access", "editor", "no_access"},
			{hb.Name, "admin", "editor", "editor"},
			{c.Name, "editor", "editor", "editor"},
		}},
	}
	for name, tt := range tests {
		k := e.createKey(t, member.ID, "example "+name, tt.limit, nil)
		got := tableRows(t, b.get("/api-keys/"+member.ID+"/"+k.ID), "effective-roles")
		if !slices.EqualFunc(got, tt.want, slices.Equal) {
			t.Errorf("example %s: rows %q, want %q", name, got, tt.want)
		}
	}
}

func TestOwnerDeletesKeysNotUsedForAMonth(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	member := e.createMember(t, "m@example.com", nil)
	idle := e.createKey(t, member.ID, "idle", nil, nil)
	e.clock.Advance(40 * 24 * time.Hour)
	busy := e.createKey(t, member.ID, "busy", nil, nil)
	e.me(t, busy.Secret)

	b := e.browser(t)
	b.signIn(e.owner)
	p := b.get("/api-keys?not_used_for=720h")
	if !strings.Contains(p.body, `id="key-`+idle.ID+`"`) || strings.Contains(p.body, `id="key-`+busy.ID+`"`) {
		t.Fatalf("the keys not used for 30 days should list idle and not busy:\n%s", p.body)
	}
	ticked := url.Values{"keys": {member.ID + "/" + idle.ID}}
	confirm := b.submit("/api-keys/delete-unused", ticked)
	if !strings.Contains(confirm.body, `id="confirm-question"`) {
		t.Fatalf("no confirmation was asked: %d %q", confirm.status, errorBox(confirm))
	}
	if got := e.call(t, idle.Secret, "GET", "/me", nil, nil); got != http.StatusOK {
		t.Fatalf("the key stopped working (%d) before the confirmation", got)
	}
	ticked.Set("confirmed", "yes")
	if p := b.submit("/api-keys/delete-unused", ticked); p.status != http.StatusOK {
		t.Fatalf("confirmed deletion: %d %q", p.status, errorBox(p))
	}
	if got := e.call(t, idle.Secret, "GET", "/me", nil, nil); got != http.StatusUnauthorized {
		t.Errorf("the deleted key answers %d, want 401", got)
	}
	if got := e.call(t, busy.Secret, "GET", "/me", nil, nil); got != http.StatusOK {
		t.Errorf("the key left alone answers %d, want 200", got)
	}
}

func TestManagerChangesComponents(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	hub := e.createHub(t, "Hub A", "hub-a")
	member := e.createMember(t, "m@example.com", map[string]string{hub.ID: "manager"})
	k := e.createKey(t, member.ID, "ops", nil, nil)
	b := e.browser(t)
	b.signIn(k.Secret)

	b.get("/hubs")
	if p := b.submit("/hubs/"+hub.ID+"/components", url.Values{"name": {"API"}, "status": {"degraded_performance"}}); p.status != http.StatusOK {
		t.Fatalf("add: %d %q", p.status, errorBox(p))
	}
	cmps := must[api.Page[api.Component]](t, e, e.owner, "GET", "/hubs/"+hub.ID+"/components", nil, http.StatusOK)
	if len(cmps.Data) != 1 || cmps.Data[0].Status != "degraded_performance" {
		t.Fatalf("components = %+v", cmps.Data)
	}
	cmp := cmps.Data[0]
	if p := b.submit("/hubs/"+hub.ID+"/components/"+cmp.ID+"/rename", url.Values{"name": {"Public API"}}); p.status != http.StatusOK {
		t.Fatalf("rename: %d %q", p.status, errorBox(p))
	}
	refused := b.submit("/hubs/"+hub.ID+"/components/"+cmp.ID+"/rename", url.Values{"name": {"bad\tname"}})
	if refused.status != http.StatusBadRequest || !strings.Contains(refused.body, `value="bad`+"\t"+`name"`) {
		t.Errorf("a refused rename: %d %q; want 400 keeping the name typed", refused.status, errorBox(refused))
	}
	b.get("/hubs/" + hub.ID + "/components/" + cmp.ID + "/delete")
	if p := b.submit("/hubs/"+hub.ID+"/components/"+cmp.ID+"/delete", url.Values{"confirmed": {"yes"}}); p.status != http.StatusOK {
		t.Fatalf("delete: %d %q", p.status, errorBox(p))
	}
	got := must[api.Page[api.AuditEvent]](t, e, e.owner, "GET", "/audit-events", nil, http.StatusOK)
	want := []string{
		"ops via the Control Panel deleted component Public API from hub Hub A",
		"ops via the Control Panel updated component API (name)",
		"ops via the Control Panel created component API on hub Hub A",
	}
	for i, msg := range want {
		if got.Data[i].Message != msg {
			t.Errorf("event %d = %q, want %q", i, got.Data[i].Message, msg)
		}
	}
}

func TestAdminChangesRolesOnItsHub(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	hub := e.createHub(t, "Hub A", "hub-a")
	other := e.createHub(t, "Hub B", "hub-b")
	admin := e.createMember(t, "admin@example.com", map[string]string{hub.ID: "admin"})
	member := e.createMember(t, "m@example.com", map[string]string{hub.ID: "viewer", other.ID: "editor"})
	k := e.createKey(t, admin.ID, "admin", nil, nil)
	b := e.browser(t)
	b.signIn(k.Secret)

	p := b.get("/team")
	if !strings.Contains(p.body, `id="role-`+member.ID+`-`+hub.ID+`"`) || strings.Contains(p.body, `id="role-`+member.ID+`-`+other.ID+`"`) {
		t.Fatalf("the admin of Hub A should get a role select on Hub A only:\n%s", p.body)
	}
	if p := b.submit("/team/members/"+member.ID+"/hub-roles/"+hub.ID, url.Values{"role": {"editor"}, "current": {"viewer"}}); p.status != http.StatusOK {
		t.Fatalf("set: %d %q", p.status, errorBox(p))
	}
	if p := b.submit("/team/members/"+member.ID+"/hub-roles/"+other.ID, url.Values{"role": {"admin"}, "current": {"editor"}}); p.status != http.StatusNotFound {
		t.Errorf("a forged role change on a hub the key cannot see: %d %q, want the API's 404", p.status, errorBox(p))
	}
	if p := b.submit("/team/members/"+member.ID+"/hub-roles/"+hub.ID, url.Values{"role": {"no_access"}, "current": {"editor"}}); p.status != http.StatusOK {
		t.Fatalf("remove: %d %q", p.status, errorBox(p))
	}
	got := must[api.Member](t, e, e.owner, "GET", "/members/"+member.ID, nil, http.StatusOK)
	if _, ok := got.HubRoles[hub.ID]; ok || got.HubRoles[other.ID] != "editor" {
		t.Errorf("hub_roles = %v, want only %s: editor", got.HubRoles, other.ID)
	}
}

// TestTheAPIKeepsItsPaths: beside the pages, the API's paths still answer
// in JSON, and any other path is the pages'.
func TestTheAPIKeepsItsPaths(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser(t)
	tests := []struct {
		method, path string
		wantStatus   int
		wantType     string
	}{
		{"GET", "/api/v3/no-such-thing", http.StatusNotFound, "application/json"},
		{"GET", "/api/", http.StatusNotFound, "application/json"},
		{"POST", "/healthz", http.StatusMethodNotAllowed, "application/json"},
		{"GET", "/healthz", http.StatusOK, "application/json"},
		{"GET", "/no-such-page", http.StatusNotFound, "text/html; charset=utf-8"},
		{"GET", "/static/panel.css", http.StatusOK, "text/css; charset=utf-8"},
	}
	for _, tt := range tests {
		req, err := http.NewRequestWithContext(t.Context(), tt.method, e.url+tt.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		p := b.do(req)
		if p.status != tt.wantStatus || p.header.Get("Content-Type") != tt.wantType {
			t.Errorf("%s %s = %d %s, want %d %s", tt.method, tt.path, p.status, p.header.Get("Content-Type"), tt.wantStatus, tt.wantType)
		}
	}
}

// TestRateLimitedPagesSayWhenToComeBack: the pages count against the key's
// limits as its API requests do, and a refused page says when to retry, in
// its text and in Retry-After. The server's clock stands still, so the
// bucket of 2 reads a second never refills during the test.
func TestRateLimitedPagesSayWhenToComeBack(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, envOptions{rateLimits: &apiserver.RateLimits{ReadPerSecond: 2, WritePerSecond: 5}})
	b := e.browser(t)
	if p := b.signIn(e.owner); p.status != http.StatusOK {
		t.Fatalf("sign-in = %d: %s", p.status, errorBox(p))
	}
	var p page
	for range 3 {
		if p = b.get("/hubs"); p.status == http.StatusTooManyRequests {
			break
		}
	}
	if p.status != http.StatusTooManyRequests {
		t.Fatalf("GET /hubs = %d after the bucket ran dry, want 429", p.status)
	}
	if got := p.header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After = %q, want %q", got, "1")
	}
	if got := errorBox(p); !strings.Contains(got, "retry in 1 s") {
		t.Errorf("error box = %q, want it to say when to retry", got)
	}
}

// TestWrongMethodGetsAPage: a page's address asked with a method it does
// not answer gets a page that says so, with Allow, as the API's paths get
// JSON (TestTheAPIKeepsItsPaths).
func TestWrongMethodGetsAPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser(t)
	tests := map[string]struct {
		method, path, allow string
	}{
		"GET of a button's address": {"GET", "/sign-out", "POST"},
		"DELETE of a page":          {"DELETE", "/hubs", "GET, POST"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), tt.method, e.url+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			p := b.do(req)
			if p.status != http.StatusMethodNotAllowed {
				t.Fatalf("%s %s = %d, want 405", tt.method, tt.path, p.status)
			}
			if got := p.header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
			if got := p.header.Get("Content-Type"); !strings.HasPrefix(got, "text/html") {
				t.Errorf("Content-Type = %q, want a page", got)
			}
			if got := errorBox(p); !strings.Contains(got, "does not answer "+tt.method) {
				t.Errorf("error box = %q", got)
			}
		})
	}
}
