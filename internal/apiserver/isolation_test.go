package apiserver_test

import (
	"strings"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
)

// TestIsolation: the owner of account A, who may do anything in A, gets 404
// for every id of account B, alone or mixed with ids of A, and changes
// nothing in B.
func TestIsolation(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	_, ownerB, err := apiserver.CreateAccount(t.Context(), e.store, "B", "owner@b.example.com")
	if err != nil {
		t.Fatal(err)
	}
	hubB := fetch[api.Hub](t, e, ownerB, "POST", "/hubs", `{"name": "B", "subdomain": "bee"}`, created)
	cmpB := fetch[api.Component](t, e, ownerB, "POST", "/hubs/"+hubB.ID+"/components", `{"name": "API"}`, created)
	memB := fetch[api.Member](t, e, ownerB, "POST", "/members", `{"email": "m@b.example.com", "name": "M"}`, created)
	keyB := fetch[api.APIKey](t, e, ownerB, "POST", "/members/"+memB.ID+"/api-keys", `{"name": "k"}`, created)
	hubA := e.createHub(t)
	memA := e.createMember(t, nil)

	fill := strings.NewReplacer(
		"{hubB}", hubB.ID, "{cmpB}", cmpB.ID, "{memB}", memB.ID, "{keyB}", keyB.ID,
		"{hubA}", hubA.ID, "{memA}", memA.ID, "{ownerA}", e.ownerID,
	)
	routes := []struct{ route, body string }{
		{"GET /hubs/{hubB}", ""},
		{"PATCH /hubs/{hubB}", `{"name": "Mine"}`},
		{"DELETE /hubs/{hubB}", ""},
		{"GET /hubs/{hubB}/components", ""},
		{"POST /hubs/{hubB}/components", `{"name": "Mine"}`},
		{"GET /hubs/{hubB}/components/{cmpB}", ""},
		{"PATCH /hubs/{hubB}/components/{cmpB}", `{"status": "major_outage"}`},
		{"DELETE /hubs/{hubB}/components/{cmpB}", ""},
		{"GET /hubs/{hubA}/components/{cmpB}", ""},
		{"PATCH /hubs/{hubA}/components/{cmpB}", `{"status": "major_outage"}`},
		{"DELETE /hubs/{hubA}/components/{cmpB}", ""},
		{"GET /members/{memB}", ""},
		{"PATCH /members/{memB}", `{"name": "Mine"}`},
		{"DELETE /members/{memB}", ""},
		{"PUT /members/{memB}/hub-roles/{hubB}", `{"role": "admin"}`},
		{"PUT /members/{memA}/hub-roles/{hubB}", `{"role": "admin"}`},
		{"PUT /members/{memB}/hub-roles/{hubA}", `{"role": "admin"}`},
		{"DELETE /members/{memB}/hub-roles/{hubB}", ""},
		{"GET /members/{memB}/api-keys", ""},
		{"POST /members/{memB}/api-keys", `{"name": "mine"}`},
		{"GET /members/{memB}/api-keys/{keyB}", ""},
		{"PATCH /members/{memB}/api-keys/{keyB}", `{"name": "mine"}`},
		{"DELETE /members/{memB}/api-keys/{keyB}", ""},
		{"POST /members/{memB}/api-keys/{keyB}/reset", ""},
		{"GET /members/{memB}/api-keys/{keyB}/effective-roles", ""},
		{"GET /members/{ownerA}/api-keys/{keyB}", ""},
		{"POST /members/{ownerA}/api-keys/{keyB}/reset", ""},
		{"DELETE /members/{ownerA}/api-keys/{keyB}", ""},
		{"GET /api-keys?member_id={memB}", ""},
	}
	for _, rt := range routes {
		t.Run(rt.route, func(t *testing.T) {
			method, path, _ := strings.Cut(fill.Replace(rt.route), " ")
			var body any
			if rt.body != "" {
				body = rt.body
			}
			r := e.send(t, request{key: e.owner, method: method, path: path, body: body})
			if r.status != hidden || r.apiError(t).Code != api.CodeNotFound {
				t.Errorf("status %d, want 404 not_found: %s", r.status, r.body)
			}
		})
	}

	t.Run("lists", func(t *testing.T) {
		if hubs := fetch[api.Page[api.Hub]](t, e, e.owner, "GET", "/hubs?subdomain=bee", nil, ok); len(hubs.Data) != 0 {
			t.Errorf("A's hub list shows B's hub: %+v", hubs.Data)
		}
		if members := fetch[api.Page[api.Member]](t, e, e.owner, "GET", "/members?email=m@b.example.com", nil, ok); len(members.Data) != 0 {
			t.Errorf("A's member list shows B's member: %+v", members.Data)
		}
		for _, k := range fetch[api.Page[api.APIKey]](t, e, e.owner, "GET", "/api-keys", nil, ok).Data {
			if k.MemberID == memB.ID || k.ID == keyB.ID {
				t.Errorf("A's list of every key shows B's key %+v", k)
			}
		}
	})

	t.Run("B unchanged", func(t *testing.T) {
		if got := fetch[api.Hub](t, e, ownerB, "GET", "/hubs/"+hubB.ID, nil, ok); got != hubB {
			t.Errorf("B's hub is now %+v, was %+v", got, hubB)
		}
		if got := fetch[api.Component](t, e, ownerB, "GET", "/hubs/"+hubB.ID+"/components/"+cmpB.ID, nil, ok); got.Status != cmpB.Status || got.Name != cmpB.Name {
			t.Errorf("B's component is now %+v", got)
		}
		if got := fetch[api.Member](t, e, ownerB, "GET", "/members/"+memB.ID, nil, ok); got.Name != memB.Name || len(got.HubRoles) != 0 {
			t.Errorf("B's member is now %+v", got)
		}
		if got := fetch[api.APIKey](t, e, ownerB, "GET", "/members/"+memB.ID+"/api-keys/"+keyB.ID, nil, ok); got.Name != keyB.Name || got.ResetAt != nil {
			t.Errorf("B's key is now %+v", got)
		}
		if events := fetch[api.Page[api.AuditEvent]](t, e, ownerB, "GET", "/audit-events", nil, ok); len(events.Data) != 4 {
			t.Errorf("B's audit log has %d events, want its own 4", len(events.Data))
		}
	})
}
