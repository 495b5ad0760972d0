package apiserver_test

import (
	"net/http"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// TestReadsAfterWrites: the answers and callers that the server keeps never
// outlive a write. A read repeated after a rename, a demotion or a
// revocation sees it at once.
func TestReadsAfterWrites(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	hub := e.createHub(t)
	cmp := e.createComponent(t, hub.ID, "API")
	m := e.createMember(t, map[string]string{hub.ID: "viewer"})
	key := e.createKey(t, m.ID, "reader", "").Secret
	path := "/hubs/" + hub.ID + "/components/" + cmp.ID

	name := func() string {
		return fetch[api.Component](t, e, key, "GET", path, nil, ok).Name
	}
	if got := name(); got != "API" || name() != "API" {
		t.Fatalf("name %q, want API", got)
	}
	e.do(t, e.owner, "PATCH", path, api.ComponentUpdate{Name: new("Web")}, ok)
	if got := name(); got != "Web" {
		t.Errorf("after a rename the name is %q, want Web", got)
	}

	e.do(t, e.owner, "DELETE", "/members/"+m.ID+"/hub-roles/"+hub.ID, nil, http.StatusNoContent)
	e.do(t, key, "GET", path, nil, http.StatusNotFound)

	e.do(t, e.owner, "PUT", "/members/"+m.ID+"/hub-roles/"+hub.ID, api.HubRole{Role: "viewer"}, ok)
	name()
	keys := fetch[api.Page[api.APIKey]](t, e, e.owner, "GET", "/members/"+m.ID+"/api-keys", nil, ok)
	e.do(t, e.owner, "DELETE", "/members/"+m.ID+"/api-keys/"+keys.Data[0].ID, nil, http.StatusNoContent)
	e.do(t, key, "GET", path, nil, http.StatusUnauthorized)
}
