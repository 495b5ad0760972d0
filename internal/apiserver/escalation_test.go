package apiserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// TestNoEscalation: no key can make, reset or re-limit a key into something
// stronger than itself, nor reach the keys of another member or the owner's
// roles. Each case has its own member M, admin on hub {hub}, with keys of
// three strengths, and a member N with one key.
func TestNoEscalation(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	hub := e.createHub(t)

	cases := []struct {
		name  string
		as    string // {full}, {editor} or {viewer}: M's keys; {owner}; {owner-admin}, {owner-manager}: the owner's limited keys
		route string
		body  string
		want  int
		field string
	}{
		{"limited key mints an unlimited key", "{editor}", "POST /members/{M}/api-keys", `{"name": "x"}`, denied, "limit_role"},
		{"limited key mints a higher key", "{editor}", "POST /members/{M}/api-keys", `{"name": "x", "limit_role": "manager"}`, denied, "limit_role"},
		{"limited key mints an equal key", "{editor}", "POST /members/{M}/api-keys", `{"name": "x", "limit_role": "editor"}`, created, ""},
		{"limited key mints a lower key", "{editor}", "POST /members/{M}/api-keys", `{"name": "x", "limit_role": "viewer"}`, created, ""},
		{"key raises its own limit", "{editor}", "PATCH /members/{M}/api-keys/{editor-id}", `{"limit_role": "manager"}`, denied, "limit_role"},
		{"key removes its own limit", "{editor}", "PATCH /members/{M}/api-keys/{editor-id}", `{"limit_role": null}`, denied, "limit_role"},
		{"key lowers its own limit", "{editor}", "PATCH /members/{M}/api-keys/{editor-id}", `{"limit_role": "viewer"}`, ok, ""},
		{"limited key re-limits a stronger key", "{editor}", "PATCH /members/{M}/api-keys/{full-id}", `{"limit_role": "viewer"}`, denied, "limit_role"},
		{"limited key resets a stronger key", "{viewer}", "POST /members/{M}/api-keys/{full-id}/reset", "", denied, "limit_role"},
		{"limited key resets an equal key", "{viewer}", "POST /members/{M}/api-keys/{viewer-id}/reset", "", ok, ""},
		{"limited key deletes a stronger key", "{viewer}", "DELETE /members/{M}/api-keys/{full-id}", "", denied, "limit_role"},
		{"unlimited key resets a limited key", "{full}", "POST /members/{M}/api-keys/{editor-id}/reset", "", ok, ""},
		{"member lists another member's keys", "{full}", "GET /members/{N}/api-keys", "", hidden, ""},
		{"member mints a key for another member", "{full}", "POST /members/{N}/api-keys", `{"name": "x"}`, hidden, ""},
		{"member resets another member's key", "{full}", "POST /members/{N}/api-keys/{N-key}/reset", "", hidden, ""},
		{"member reads another key's effective roles", "{full}", "GET /members/{N}/api-keys/{N-key}/effective-roles", "", hidden, ""},
		{"member lists the owner's keys", "{full}", "GET /members/{owner-id}/api-keys", "", hidden, ""},
		{"hub admin grants the owner a role", "{full}", "PUT /members/{owner-id}/hub-roles/{hub}", `{"role": "viewer"}`, http.StatusConflict, "hub_roles"},
		{"hub admin removes the owner's role", "{full}", "DELETE /members/{owner-id}/hub-roles/{hub}", "", http.StatusConflict, "hub_roles"},
		{"hub admin sets the owner's roles", "{full}", "PATCH /members/{owner-id}", `{"hub_roles": {}}`, denied, ""},
		{"hub admin deletes the owner", "{full}", "DELETE /members/{owner-id}", "", denied, ""},
		{"owner sets its own roles", "{owner}", "PATCH /members/{owner-id}", `{"hub_roles": {"{hub}": "viewer"}}`, http.StatusConflict, "hub_roles"},
		{"owner deletes itself", "{owner}", "DELETE /members/{owner-id}", "", http.StatusConflict, "owner"},
		{"owner key limited to admin mints an unlimited key", "{owner-admin}", "POST /members/{M}/api-keys", `{"name": "x"}`, denied, "limit_role"},
		{"owner key limited to admin mints an admin key", "{owner-admin}", "POST /members/{M}/api-keys", `{"name": "x", "limit_role": "admin"}`, created, ""},
		{"owner key limited to manager creates a member", "{owner-manager}", "POST /members", `{"email": "x@example.com", "name": "x"}`, denied, ""},
		{"owner key limited to manager reads another member's keys", "{owner-manager}", "GET /members/{M}/api-keys", "", hidden, ""},
	}
	ownerAdmin := e.createKey(t, e.ownerID, "owner-admin", "admin").Secret
	ownerManager := e.createKey(t, e.ownerID, "owner-manager", "manager").Secret
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := e.createMember(t, map[string]string{hub.ID: "admin"})
			full := e.createKey(t, m.ID, "full", "")
			editor := e.createKey(t, m.ID, "editor", "editor")
			viewer := e.createKey(t, m.ID, "viewer", "viewer")
			n := e.createMember(t, map[string]string{hub.ID: "viewer"})
			nKey := e.createKey(t, n.ID, "n", "")
			fill := strings.NewReplacer(
				"{full}", full.Secret, "{editor}", editor.Secret, "{viewer}", viewer.Secret,
				"{owner}", e.owner, "{owner-admin}", ownerAdmin, "{owner-manager}", ownerManager,
				"{full-id}", full.ID, "{editor-id}", editor.ID, "{viewer-id}", viewer.ID,
				"{M}", m.ID, "{N}", n.ID, "{N-key}", nKey.ID, "{owner-id}", e.ownerID, "{hub}", hub.ID,
			)
			method, path, _ := strings.Cut(fill.Replace(tc.route), " ")
			var body any
			if tc.body != "" {
				body = fill.Replace(tc.body)
			}
			r := e.send(t, request{key: fill.Replace(tc.as), method: method, path: path, body: body})
			if r.status != tc.want {
				t.Fatalf("status %d, want %d: %s", r.status, tc.want, r.body)
			}
			if tc.want >= 400 {
				if got := r.apiError(t).Field; got != tc.field {
					t.Errorf("field %q, want %q", got, tc.field)
				}
			}
		})
	}
}

// TestRefusedResetChangesNothing: the stronger key still works after a
// weaker one was refused its reset.
func TestRefusedResetChangesNothing(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	m := e.createMember(t, nil)
	full := e.createKey(t, m.ID, "full", "")
	viewer := e.createKey(t, m.ID, "viewer", "viewer")

	e.do(t, viewer.Secret, "POST", "/members/"+m.ID+"/api-keys/"+full.ID+"/reset", nil, denied)
	got := fetch[api.Me](t, e, full.Secret, "GET", "/me", nil, ok)
	if got.Key.ID != full.ID || got.Key.ResetAt != nil {
		t.Errorf("after a refused reset, the stronger key is %+v", got.Key)
	}
}
