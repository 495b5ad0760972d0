package apiserver_test

import (
	"maps"
	"net/http"
	"slices"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
)

// TestEffectiveRolesOfTheArticle reproduces the StatusHub keys article
// ("Roles and effective roles" in docs/guides/statushub-rules.md): a member
// with no access to hub A, admin on B and editor on C, and keys with
// various limits; then the member is demoted to editor on B, and every key
// follows at once. As in the article's tables, every hub is listed, hub A as
// no_access.
func TestEffectiveRolesOfTheArticle(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	a, b, c := e.createHub(t), e.createHub(t), e.createHub(t)
	m := e.createMember(t, map[string]string{b.ID: "admin", c.ID: "editor"})
	keys := map[string]api.APIKey{}
	for _, limit := range []string{"", "viewer", "editor", "manager", "admin"} {
		keys[limit] = e.createKey(t, m.ID, "limit:"+limit, limit)
	}

	check := func(t *testing.T, limit string, want []string) {
		t.Helper()
		k := keys[limit]
		path := "/members/" + m.ID + "/api-keys/" + k.ID + "/effective-roles"
		asOwner := fetch[api.EffectiveRoles](t, e, e.owner, "GET", path, nil, ok).Data
		asItself := fetch[api.EffectiveRoles](t, e, k.Secret, "GET", path, nil, ok).Data
		me := fetch[api.Me](t, e, k.Secret, "GET", "/me", nil, ok).Roles
		for name, roles := range map[string][]api.EffectiveRole{"as the owner": asOwner, "as itself": asItself, "/me": me} {
			if got := articleTable(roles, limit, a, b, c); !slices.Equal(got, want) {
				t.Errorf("limit %q, %s:\n got %q\nwant %q", limit, name, got, want)
			}
		}
	}
	examples := []struct {
		name  string
		limit string
		want  []string
	}{
		{"example A, no limit", "", []string{"A no_access no_access", "B admin admin", "C editor editor"}},
		{"example B, limit manager", "manager", []string{"A no_access no_access", "B admin manager", "C editor editor"}},
		{"example C, limit editor", "editor", []string{"A no_access no_access", "B admin editor", "C editor editor"}},
		{"limit admin", "admin", []string{"A no_access no_access", "B admin admin", "C editor editor"}},
		{"limit viewer", "viewer", []string{"A no_access no_access", "B admin viewer", "C editor viewer"}},
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
		check(t, "manager", []string{"A no_access no_access", "B editor editor", "C editor editor"})
	})
	t.Run("limit admin, member editor on B", func(t *testing.T) {
		check(t, "admin", []string{"A no_access no_access", "B editor editor", "C editor editor"})
	})

	// The listing shows hub A's name, not hub A itself.
	e.do(t, keys[""].Secret, "GET", "/hubs/"+a.ID, nil, hidden)
}

// articleTable writes the rows of roles as the article's tables do, in
// their order: the hub (a, b and c as "A", "B" and "C"), the member's role
// and the effective role. It marks a row whose hub name or limit_role is
// not the hub's or the key's.
func articleTable(roles []api.EffectiveRole, limit string, hubs ...api.Hub) []string {
	letters := map[string]api.Hub{}
	for i, h := range hubs {
		letters[string(rune('A'+i))] = h
	}
	out := make([]string, len(roles))
	for i, r := range roles {
		letter := "?"
		for l, h := range letters {
			if h.ID == r.HubID && h.Name == r.HubName {
				letter = l
			}
		}
		out[i] = letter + " " + r.MemberRole + " " + r.EffectiveRole
		if got := ptrString(r.LimitRole); got != limit {
			out[i] += " (limit_role " + got + ")"
		}
	}
	return out
}

func ptrString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// TestOwnerSeesEveryHub: the owner is admin on every hub, also on one that
// no member has a role on.
func TestOwnerSeesEveryHub(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	h := e.createHub(t)
	me := fetch[api.Me](t, e, e.owner, "GET", "/me", nil, http.StatusOK)
	if got, want := articleTable(me.Roles, "", h), []string{"A admin admin"}; !slices.Equal(got, want) {
		t.Errorf("the owner's roles: %q, want %q", got, want)
	}
	if me.Account.Name != "default" {
		t.Errorf("/me: account %+v, want the bootstrap account's name", me.Account)
	}
	if !me.Member.Owner || me.Key.Secret != "" {
		t.Errorf("/me: member %+v, key secret shown: %v", me.Member, me.Key.Secret != "")
	}
}

// TestEffectiveRolesOfAMemberWithoutRoles: a member with no role anywhere
// sees every hub of its account as no_access, and no hub of another.
func TestEffectiveRolesOfAMemberWithoutRoles(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	a, b := e.createHub(t), e.createHub(t)
	m := e.createMember(t, nil)
	k := e.createKey(t, m.ID, "reader", "viewer")
	_, ownerB, err := apiserver.CreateAccount(t.Context(), e.store, "B", "owner@b.example.com")
	if err != nil {
		t.Fatal(err)
	}
	fetch[api.Hub](t, e, ownerB, "POST", "/hubs", api.HubCreate{Name: "Elsewhere", Subdomain: e.name("hub")}, http.StatusCreated)

	me := fetch[api.Me](t, e, k.Secret, "GET", "/me", nil, ok)
	if got, want := articleTable(me.Roles, "viewer", a, b), []string{"A no_access no_access", "B no_access no_access"}; !slices.Equal(got, want) {
		t.Errorf("/me: %q, want %q", got, want)
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
