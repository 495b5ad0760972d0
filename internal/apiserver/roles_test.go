package apiserver_test

import (
	"maps"
	"net/http"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// TestEffectiveRolesOfTheArticle reproduces the StatusHub keys article
// (DOMAIN.md §2): a member with no access to hub A, admin on B and editor
// on C, and keys with various limits; then the member is demoted to editor
// on B, and every key follows at once.
func TestEffectiveRolesOfTheArticle(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	a, b, c := e.createHub(t), e.createHub(t), e.createHub(t)
	m := e.createMember(t, map[string]string{b.ID: "admin", c.ID: "editor"})
	keys := map[string]api.APIKey{}
	for _, limit := range []string{"", "viewer", "editor", "manager", "admin"} {
		keys[limit] = e.createKey(t, m.ID, "limit:"+limit, limit)
	}

	// A hub the list leaves out is no_access: hub A never appears.
	check := func(t *testing.T, limit string, want map[string]string) {
		t.Helper()
		k := keys[limit]
		path := "/members/" + m.ID + "/api-keys/" + k.ID + "/effective-roles"
		asOwner := fetch[api.EffectiveRoles](t, e, e.owner, "GET", path, nil, ok).Data
		asItself := fetch[api.EffectiveRoles](t, e, k.Secret, "GET", path, nil, ok).Data
		me := fetch[api.Me](t, e, k.Secret, "GET", "/me", nil, ok).Roles
		for name, roles := range map[string][]api.EffectiveRole{"as the owner": asOwner, "as itself": asItself, "/me": me} {
			if got := byHub(roles, a, b, c); !maps.Equal(got, want) {
				t.Errorf("limit %q, %s: %v, want %v", limit, name, got, want)
			}
		}
	}
	examples := []struct {
		name  string
		limit string
		want  map[string]string
	}{
		{"example A, no limit", "", map[string]string{"B": "admin", "C": "editor"}},
		{"example B, limit manager", "manager", map[string]string{"B": "manager", "C": "editor"}},
		{"example C, limit editor", "editor", map[string]string{"B": "editor", "C": "editor"}},
		{"limit admin", "admin", map[string]string{"B": "admin", "C": "editor"}},
		{"limit viewer", "viewer", map[string]string{"B": "viewer", "C": "viewer"}},
	}
	for _, ex := range examples {
		t.Run(ex.name, func(t *testing.T) { check(t, ex.limit, ex.want) })
	}

	updateB := func(key string, want int) {
		t.Helper()
		e.do(t, key, "PATCH", "/hubs/"+b.ID, `{"description": "changed"}`, want)
	}
	updateB(keys["manager"].Secret, ok)
	e.do(t, e.owner, "PUT", "/members/"+m.ID+"/hub-roles/"+b.ID, `{"role": "editor"}`, ok)
	updateB(keys["manager"].Secret, denied)

	t.Run("limit manager, member demoted to editor on B", func(t *testing.T) {
		check(t, "manager", map[string]string{"B": "editor", "C": "editor"})
	})
	t.Run("limit admin, member editor on B", func(t *testing.T) {
		check(t, "admin", map[string]string{"B": "editor", "C": "editor"})
	})
}

// byHub maps the hubs a, b and c, as "A", "B" and "C", to their effective
// role, and checks that each entry explains itself.
func byHub(roles []api.EffectiveRole, a, b, c api.Hub) map[string]string {
	names := map[string]string{a.ID: "A", b.ID: "B", c.ID: "C"}
	out := map[string]string{}
	for _, r := range roles {
		out[names[r.HubID]] = r.EffectiveRole
		if r.MemberRole == "" || r.HubName == "" {
			out[names[r.HubID]] += " (incomplete entry)"
		}
	}
	return out
}

// TestOwnerSeesEveryHub: the owner is admin on every hub, also on one that
// no member has a role on.
func TestOwnerSeesEveryHub(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	h := e.createHub(t)
	me := fetch[api.Me](t, e, e.owner, "GET", "/me", nil, http.StatusOK)
	if len(me.Roles) != 1 || me.Roles[0].HubID != h.ID || me.Roles[0].EffectiveRole != "admin" || me.Roles[0].MemberRole != "admin" {
		t.Errorf("the owner's roles: %+v", me.Roles)
	}
	if me.Account.Name != "default" {
		t.Errorf("/me: account %+v, want the bootstrap account's name", me.Account)
	}
	if !me.Member.Owner || me.Key.Secret != "" {
		t.Errorf("/me: member %+v, key secret shown: %v", me.Member, me.Key.Secret != "")
	}
}

// TestHubAdminSeesOnlyItsHubsRoles: a hub admin may list members, but sees
// only their roles on the hubs it administers.
func TestHubAdminSeesOnlyItsHubsRoles(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	mine, other := e.createHub(t), e.createHub(t)
	admin := e.createMember(t, map[string]string{mine.ID: "admin", other.ID: "viewer"})
	key := e.createKey(t, admin.ID, "admin", "").Secret
	target := e.createMember(t, map[string]string{mine.ID: "editor", other.ID: "manager"})

	want := map[string]string{mine.ID: "editor"}
	if got := fetch[api.Member](t, e, key, "GET", "/members/"+target.ID, nil, http.StatusOK); !maps.Equal(got.HubRoles, want) {
		t.Errorf("GET: hub_roles %v, want %v", got.HubRoles, want)
	}
	list := fetch[api.Page[api.Member]](t, e, key, "GET", "/members?email="+target.Email, nil, http.StatusOK)
	if len(list.Data) != 1 || !maps.Equal(list.Data[0].HubRoles, want) {
		t.Errorf("list: %+v, want one member with hub_roles %v", list.Data, want)
	}
	self := fetch[api.Member](t, e, key, "GET", "/members/"+admin.ID, nil, http.StatusOK)
	if len(self.HubRoles) != 2 {
		t.Errorf("its own member shows hub_roles %v, want both", self.HubRoles)
	}
}
