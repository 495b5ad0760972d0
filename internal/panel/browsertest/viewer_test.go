package browsertest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// TestViewerKey: a key limited to viewer, of a member who is admin on the
// hub, sees no control on the Hubs and Team pages, and the forms it does
// not see, forged with its own session and CSRF token, are refused as the
// API refuses them.
func TestViewerKey(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	hub := e.createHub("Status")
	component := e.createComponent(hub.ID, "Website")
	member := e.createMember("reader@example.com", "Reader", map[string]string{hub.ID: "admin"})
	viewerLimit := "viewer"
	key := e.createKey(member.ID, api.APIKeyCreate{Name: "dashboard", LimitRole: &viewerLimit})

	viewer := e.person("viewer")
	viewer.mustSignIn(key.Secret)
	for _, path := range []string{"/hubs", "/team"} {
		viewer.open(path)
		if forms := viewer.controls(); len(forms) > 0 {
			t.Errorf("a viewer key sees forms on %s, to %q", path, forms)
		}
	}
	viewer.open("/hubs")
	if got := viewer.text("#hub-" + hub.ID + " .role"); got != "viewer" {
		t.Errorf("the hubs page shows the key's role on %s as %q, want viewer", hub.Name, got)
	}

	token := viewer.csrfToken()
	forged := []struct {
		name   string
		path   string
		form   url.Values
		refuse string // in the answer
	}{
		{
			name:   "a component's status",
			path:   "/hubs/" + hub.ID + "/components/" + component.ID + "/status",
			form:   url.Values{"status": {"major_outage"}},
			refuse: "this key needs the role editor",
		},
		{
			name:   "a new component",
			path:   "/hubs/" + hub.ID + "/components",
			form:   url.Values{"name": {"Forged"}, "status": {"operational"}},
			refuse: "this key needs the role manager",
		},
		{
			name:   "a member's role",
			path:   "/team/members/" + member.ID + "/hub-roles/" + hub.ID,
			form:   url.Values{"role": {"viewer"}, "current": {"admin"}},
			refuse: "this key needs the role admin",
		},
	}
	for _, f := range forged {
		f.form.Set("csrf_token", token)
		status, page := viewer.forge(f.path, f.form)
		if status != http.StatusForbidden || !strings.Contains(page, f.refuse) {
			t.Errorf("forging %s: status %d, want 403 with %q", f.name, status, f.refuse)
		}
	}

	// Its own keys it may manage, within its limit: a wider key is refused
	// with the API's words, and the form keeps what was typed.
	viewer.open("/api-keys")
	status := viewer.submit("#create-key", map[string]string{"name": "wider", "limit_role": "editor"})
	if got := viewer.errorText(); status != http.StatusForbidden || !strings.Contains(got, "may give only limit_role viewer") {
		t.Errorf("creating a key limited to editor: status %d, %q: want 403 saying it may give only viewer", status, got)
	}
	if name, limit := viewer.value("#key-name"), viewer.value("#key-limit-role"); name != "wider" || limit != "editor" {
		t.Errorf("the refused form holds the name %q and the limit %q, want what was typed: wider, editor", name, limit)
	}

	var components api.Page[api.Component]
	e.api(e.owner, http.MethodGet, "/hubs/"+hub.ID+"/components", nil, http.StatusOK, &components)
	if len(components.Data) != 1 || components.Data[0].Status != component.Status {
		t.Errorf("after the forged forms, the hub's components are %+v, want %s alone, %s", components.Data, component.Name, component.Status)
	}
	if got := e.member(member.Email).HubRoles[hub.ID]; got != "admin" {
		t.Errorf("after the forged forms, the member's role is %q, want admin", got)
	}
}
