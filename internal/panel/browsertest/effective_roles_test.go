package browsertest

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// articleTable is a table of StatusHub's "Management API v3 keys" article:
// one row per hub, with the team member's role and the key's effective
// role there, in the article's words.
type articleTable [][3]string

// The article's examples A, B and C: one member, with no access to Hub A,
// admin on Hub B and editor on Hub C, and three keys of theirs, without a
// limit role, limited to manager and limited to editor.
var (
	exampleA = articleTable{
		{"Hub A", "No access", "No access"},
		{"Hub B", "Admin", "Admin"},
		{"Hub C", "Editor", "Editor"},
	}
	exampleB = articleTable{
		{"Hub A", "No access", "No access"},
		{"Hub B", "Admin", "Manager"},
		{"Hub C", "Editor", "Editor"},
	}
	exampleC = articleTable{
		{"Hub A", "No access", "No access"},
		{"Hub B", "Admin", "Editor"},
		{"Hub C", "Editor", "Editor"},
	}
	// Example B once the member is only an editor on Hub B: the effective
	// role never exceeds the member's.
	exampleBAsEditor = articleTable{
		{"Hub A", "No access", "No access"},
		{"Hub B", "Editor", "Editor"},
		{"Hub C", "Editor", "Editor"},
	}
)

// TestArticleExamples: the owner makes the article's examples in the
// Control Panel, from the hubs to the keys, and each key's page shows the
// article's table.
func TestArticleExamples(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	owner := e.person("owner")
	owner.mustSignIn(e.owner)

	hubs := map[string]string{} // name → id
	for _, name := range []string{"Hub A", "Hub B", "Hub C"} {
		owner.send("#create-hub", map[string]string{"name": name, "subdomain": slug(name)})
		hubs[name] = e.hub(name).ID
	}
	owner.open("/team")
	owner.send("#create-member", map[string]string{"email": "member@example.com", "name": "Team Member"})
	member := e.member("member@example.com")
	// On the team page, which each change of role shows again.
	setRole := func(hub, role string) {
		t.Helper()
		owner.send(`form:has(#role-`+member.ID+`-`+hubs[hub]+`)`, map[string]string{"role": role})
	}
	setRole("Hub B", "admin")
	setRole("Hub C", "editor")

	owner.open("/api-keys")
	// The dropdown lists every role, whatever the member's roles are.
	if got, want := owner.options("#key-limit-role"), []string{"", "viewer", "editor", "manager", "admin"}; !slices.Equal(got, want) {
		t.Errorf("the limit role dropdown offers %q, want %q", got, want)
	}
	examples := []struct {
		key   string
		limit string
		want  articleTable
	}{
		{key: "Example A", limit: "", want: exampleA},
		{key: "Example B", limit: "manager", want: exampleB},
		{key: "Example C", limit: "editor", want: exampleC},
	}
	for _, ex := range examples {
		owner.createKey(map[string]string{"member_id": member.ID, "name": ex.key, "limit_role": ex.limit})
	}
	owner.open("/api-keys")
	for _, ex := range examples {
		owner.click("#key-" + e.key(member.ID, ex.key).ID + " a")
		if diff := cmp.Diff(ex.want, owner.effectiveRoles()); diff != "" {
			t.Errorf("the effective roles of %s (-the article, +the page):\n%s", ex.key, diff)
		}
		owner.click(`a[href="/api-keys"]:not(nav a)`)
	}

	owner.open("/team")
	setRole("Hub B", "editor")
	owner.open(keyPath(e.key(member.ID, "Example B")))
	if diff := cmp.Diff(exampleBAsEditor, owner.effectiveRoles()); diff != "" {
		t.Errorf("the effective roles of Example B, its member an editor on Hub B (-the article, +the page):\n%s", diff)
	}

	// The audit log names the pages as the channel of every change.
	owner.open("/audit")
	for _, row := range owner.table("table#audit")[1:] { // time, actor, action, message
		if len(row) != 4 || row[1] != "owner via the Control Panel" {
			t.Errorf("an audit log row is %q: want the actor owner via the Control Panel", row)
		}
	}
}

// effectiveRoles reads the table of a key's page as the article words it:
// the hub, the member's role and the effective role (the page also shows
// the key's limit role, between them).
func (p *person) effectiveRoles() articleTable {
	p.e.t.Helper()
	rows := p.table("table#effective-roles")
	if len(rows) == 0 || !slices.Equal(rows[0], []string{"Hub", "Member's role", "Key's limit role", "Effective role"}) {
		p.e.t.Fatalf("%s: the effective roles table has the header row %q", p.name, rows[:min(1, len(rows))])
	}
	var got articleTable
	for _, row := range rows[1:] {
		if len(row) != 4 {
			p.e.t.Fatalf("%s: an effective roles row has %d cells: %q", p.name, len(row), row)
		}
		got = append(got, [3]string{row[0], articleWords(row[1]), articleWords(row[3])})
	}
	return got
}

// articleWords writes a role as the article does: "no_access" is "No access".
func articleWords(role string) string {
	words := strings.ReplaceAll(role, "_", " ")
	return strings.ToUpper(words[:1]) + words[1:]
}
