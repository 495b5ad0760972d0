package apiserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// Expected answers, short so that the table below reads like "What each
// role may do" in docs/guides/statushub-rules.md.
const (
	ok      = http.StatusOK
	created = http.StatusCreated
	deleted = http.StatusNoContent
	denied  = http.StatusForbidden
	hidden  = http.StatusNotFound
)

// columns are the effective roles of the table, in its order.
var columns = []string{"no_access", "viewer", "editor", "manager", "admin", "owner"}

// permissionTable is "What each role may do" in
// docs/guides/statushub-rules.md, route by route. Each row runs on a hub
// with a component and a target member who is viewer there, fresh for every
// cell that changes something; {unique} is a fresh name.
var permissionTable = []struct {
	action string
	route  string
	body   string
	want   [6]int // no_access, viewer, editor, manager, admin, owner
}{
	{"list hubs", "GET /hubs", "", [6]int{ok, ok, ok, ok, ok, ok}},
	{"read a hub", "GET /hubs/{hub}", "", [6]int{hidden, ok, ok, ok, ok, ok}},
	{"list components", "GET /hubs/{hub}/components", "", [6]int{hidden, ok, ok, ok, ok, ok}},
	{"read a component", "GET /hubs/{hub}/components/{component}", "", [6]int{hidden, ok, ok, ok, ok, ok}},
	{"change a component's status", "PATCH /hubs/{hub}/components/{component}", `{"status": "major_outage"}`, [6]int{hidden, denied, ok, ok, ok, ok}},
	{"rename a component", "PATCH /hubs/{hub}/components/{component}", `{"name": "Renamed"}`, [6]int{hidden, denied, denied, ok, ok, ok}},
	{"create a component", "POST /hubs/{hub}/components", `{"name": "New"}`, [6]int{hidden, denied, denied, created, created, created}},
	{"delete a component", "DELETE /hubs/{hub}/components/{component}", "", [6]int{hidden, denied, denied, deleted, deleted, deleted}},
	{"update hub settings", "PATCH /hubs/{hub}", `{"description": "new"}`, [6]int{hidden, denied, denied, ok, ok, ok}},
	{"grant a member a role", "PUT /members/{member}/hub-roles/{hub}", `{"role": "editor"}`, [6]int{hidden, denied, denied, denied, ok, ok}},
	{"remove a member's role", "DELETE /members/{member}/hub-roles/{hub}", "", [6]int{hidden, denied, denied, denied, deleted, deleted}},
	{"delete the hub", "DELETE /hubs/{hub}", "", [6]int{hidden, denied, denied, denied, deleted, deleted}},
	{"create a hub", "POST /hubs", `{"name": "New", "subdomain": "{unique}"}`, [6]int{denied, denied, denied, denied, denied, created}},
	{"list members", "GET /members", "", [6]int{denied, denied, denied, denied, ok, ok}},
	{"read a member", "GET /members/{member}", "", [6]int{hidden, hidden, hidden, hidden, ok, ok}},
	{"create a member", "POST /members", `{"email": "{unique}@example.com", "name": "New"}`, [6]int{denied, denied, denied, denied, denied, created}},
	{"rename a member", "PATCH /members/{member}", `{"name": "Renamed"}`, [6]int{hidden, hidden, hidden, hidden, denied, ok}},
	{"delete a member", "DELETE /members/{member}", "", [6]int{hidden, hidden, hidden, hidden, denied, deleted}},
	{"list another member's keys", "GET /members/{member}/api-keys", "", [6]int{hidden, hidden, hidden, hidden, hidden, ok}},
	{"create a key for another member", "POST /members/{member}/api-keys", `{"name": "ci"}`, [6]int{hidden, hidden, hidden, hidden, hidden, created}},
	{"read the audit log", "GET /audit-events", "", [6]int{denied, denied, denied, denied, denied, ok}},
}

// A caller of the table: a key whose effective role on every fixture hub
// is that of column.
type tableCaller struct {
	name   string
	column int
	key    string
	member string // the member that fixtures grant the column's role to; "" for none
}

// TestPermissionTable runs every route for every effective role. Each role
// is reached in two ways, by the member's role with an unlimited key and by
// an admin's key limited to that role: the answers must be the same.
func TestPermissionTable(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	callers := tableCallers(t, e)
	readOnly := newFixture(t, e, callers) // shared by the GET rows, which change nothing

	for _, row := range permissionTable {
		for _, c := range callers {
			t.Run(row.action+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				fx := readOnly
				if !strings.HasPrefix(row.route, "GET ") {
					fx = newFixture(t, e, callers)
				}
				method, path, _ := strings.Cut(fx.Replace(row.route), " ")
				var body any
				if row.body != "" {
					body = fx.Replace(row.body)
				}
				r := e.send(t, request{key: c.key, method: method, path: path, body: body})
				if want := row.want[c.column]; r.status != want {
					t.Errorf("%s as %s: status %d, want %d: %s", row.route, c.name, r.status, want, r.body)
				}
			})
		}
	}
}

func tableCallers(t *testing.T, e *testEnv) []tableCaller {
	t.Helper()
	callers := []tableCaller{{name: "owner", column: 5, key: e.owner}}
	var admin string
	for i, role := range columns[:5] {
		m := e.createMember(t, nil)
		member := m.ID
		if role == "no_access" {
			member = ""
		}
		callers = append(callers, tableCaller{name: role, column: i, key: e.createKey(t, m.ID, "full", "").Secret, member: member})
		admin = m.ID
	}
	for i, role := range columns[1:5] {
		callers = append(callers, tableCaller{
			name:   "admin limited to " + role,
			column: i + 1,
			key:    e.createKey(t, admin, "limited", role).Secret,
		})
	}
	return callers
}

// newFixture makes the fresh hub, component and target member of one table
// cell, and returns what fills the placeholders of a route. It writes to
// the store directly: through the API it would be most of the test's time.
func newFixture(t *testing.T, e *testEnv, callers []tableCaller) *strings.Replacer {
	t.Helper()
	var hub, cmp, target string
	err := e.store.Update(t.Context(), func(tx *store.Tx) error {
		sub := e.name("hub")
		h, err := tx.CreateHub(e.accountID, api.HubCreate{Name: sub, Subdomain: sub})
		if err != nil {
			return err
		}
		c, err := tx.CreateComponent(e.accountID, h.ID, api.ComponentCreate{Name: "API"})
		if err != nil {
			return err
		}
		m, err := tx.CreateMember(e.accountID, api.MemberCreate{
			Email: e.name("target") + "@example.com", Name: "Target", HubRoles: map[string]string{h.ID: "viewer"},
		})
		if err != nil {
			return err
		}
		for _, c := range callers {
			if c.member == "" {
				continue
			}
			if err := tx.SetHubRole(e.accountID, c.member, h.ID, columns[c.column]); err != nil {
				return err
			}
		}
		hub, cmp, target = h.ID, c.ID, m.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.NewReplacer("{hub}", hub, "{component}", cmp, "{member}", target, "{unique}", e.name("new"))
}
