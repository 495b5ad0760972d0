package roles

import (
	"fmt"
	"strings"
	"testing"
)

// limits are the columns of the table in "Roles and effective roles" in
// docs/guides/statushub-rules.md: no limit, then each limit role.
var limits = []Limit{NoLimit, LimitOf(Viewer), LimitOf(Editor), LimitOf(Manager), LimitOf(Admin)}

func TestEffectiveMatrix(t *testing.T) {
	t.Parallel()

	// Rows are the member's role, columns follow limits; copied from that table.
	want := map[Role][5]Role{
		NoAccess: {NoAccess, NoAccess, NoAccess, NoAccess, NoAccess},
		Viewer:   {Viewer, Viewer, Viewer, Viewer, Viewer},
		Editor:   {Editor, Viewer, Editor, Editor, Editor},
		Manager:  {Manager, Viewer, Editor, Manager, Manager},
		Admin:    {Admin, Viewer, Editor, Manager, Admin},
	}
	for _, member := range All() {
		for i, limit := range limits {
			t.Run(fmt.Sprintf("%v/%v", member, limit), func(t *testing.T) {
				t.Parallel()
				if got := Effective(member, limit); got != want[member][i] {
					t.Errorf("Effective(%v, %v) = %v, want %v", member, limit, got, want[member][i])
				}
			})
		}
	}
}

// TestEffectiveArticleExamples reproduces the tables of the StatusHub keys
// article: one key, three hubs on which its member has different roles.
func TestEffectiveArticleExamples(t *testing.T) {
	t.Parallel()

	type hub struct {
		name              string
		member, effective Role
	}
	tests := []struct {
		name  string
		limit Limit
		hubs  []hub
	}{
		{"example A, no limit", NoLimit, []hub{{"A", NoAccess, NoAccess}, {"B", Admin, Admin}, {"C", Editor, Editor}}},
		{"example B, limit manager", LimitOf(Manager), []hub{{"A", NoAccess, NoAccess}, {"B", Admin, Manager}, {"C", Editor, Editor}}},
		{"example C, limit editor", LimitOf(Editor), []hub{{"A", NoAccess, NoAccess}, {"B", Admin, Editor}, {"C", Editor, Editor}}},
		{"limit manager, member demoted to editor on B", LimitOf(Manager), []hub{{"A", NoAccess, NoAccess}, {"B", Editor, Editor}, {"C", Editor, Editor}}},
		{"limit admin, member editor on B", LimitOf(Admin), []hub{{"A", NoAccess, NoAccess}, {"B", Editor, Editor}, {"C", Editor, Editor}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, h := range tt.hubs {
				if got := Effective(h.member, tt.limit); got != h.effective {
					t.Errorf("hub %s: member %v with limit %v gave %v, want %v", h.name, h.member, tt.limit, got, h.effective)
				}
			}
		})
	}
}

func TestWithin(t *testing.T) {
	t.Parallel()

	tests := []struct {
		inner, outer Limit
		want         bool
	}{
		{NoLimit, NoLimit, true},
		{LimitOf(Admin), NoLimit, true},
		{LimitOf(Viewer), NoLimit, true},
		{NoLimit, LimitOf(Admin), false},
		{NoLimit, LimitOf(Viewer), false},
		{LimitOf(Admin), LimitOf(Admin), true},
		{LimitOf(Manager), LimitOf(Admin), true},
		{LimitOf(Viewer), LimitOf(Admin), true},
		{LimitOf(Admin), LimitOf(Manager), false},
		{LimitOf(Manager), LimitOf(Manager), true},
		{LimitOf(Editor), LimitOf(Manager), true},
		{LimitOf(Manager), LimitOf(Editor), false},
		{LimitOf(Editor), LimitOf(Viewer), false},
		{LimitOf(Viewer), LimitOf(Viewer), true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v in %v", tt.inner, tt.outer), func(t *testing.T) {
			t.Parallel()
			if got := Within(tt.inner, tt.outer); got != tt.want {
				t.Errorf("Within(%v, %v) = %v, want %v", tt.inner, tt.outer, got, tt.want)
			}
		})
	}
}

// TestWithinNeverEscalates checks the promise behind Within on every hub
// role: a limit within the caller's never gives a key more than the caller has.
func TestWithinNeverEscalates(t *testing.T) {
	t.Parallel()

	for _, outer := range limits {
		for _, inner := range limits {
			if !Within(inner, outer) {
				continue
			}
			for _, member := range All() {
				if Effective(member, inner) > Effective(member, outer) {
					t.Errorf("limit %v is within %v but gives %v more than it on a %v member", inner, outer, Effective(member, inner), member)
				}
			}
		}
	}
}

func TestParse(t *testing.T) {
	t.Parallel()

	tests := []struct {
		in        string
		want      Role
		wantLimit Role
		// err and limitErr: Parse and ParseLimit must refuse in.
		err, limitErr bool
	}{
		{in: "no_access", want: NoAccess, limitErr: true},
		{in: "viewer", want: Viewer, wantLimit: Viewer},
		{in: "editor", want: Editor, wantLimit: Editor},
		{in: "manager", want: Manager, wantLimit: Manager},
		{in: "admin", want: Admin, wantLimit: Admin},
		{in: "", err: true, limitErr: true},
		{in: "Admin", err: true, limitErr: true},
		{in: "owner", err: true, limitErr: true},
		{in: " viewer", err: true, limitErr: true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.in), func(t *testing.T) {
			t.Parallel()

			got, err := Parse(tt.in)
			switch {
			case tt.err && err == nil:
				t.Errorf("Parse(%q) = %v, want an error", tt.in, got)
			case tt.err && !strings.Contains(err.Error(), "no_access, viewer, editor, manager, admin"):
				t.Errorf("Parse(%q) error %q does not list the roles", tt.in, err)
			case !tt.err && (err != nil || got != tt.want):
				t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}

			got, err = ParseLimit(tt.in)
			switch {
			case tt.limitErr && err == nil:
				t.Errorf("ParseLimit(%q) = %v, want an error", tt.in, got)
			case tt.limitErr && !strings.Contains(err.Error(), "viewer, editor, manager, admin"):
				t.Errorf("ParseLimit(%q) error %q does not list the limit roles", tt.in, err)
			case tt.limitErr && strings.Contains(err.Error(), "no_access,"):
				t.Errorf("ParseLimit(%q) error %q offers no_access", tt.in, err)
			case !tt.limitErr && (err != nil || got != tt.wantLimit):
				t.Errorf("ParseLimit(%q) = %v, %v; want %v", tt.in, got, err, tt.wantLimit)
			}

			limit, err := ParseOptionalLimit(&tt.in)
			switch {
			case tt.limitErr && err == nil:
				t.Errorf("ParseOptionalLimit(%q) = %v, want an error", tt.in, limit)
			case !tt.limitErr && (err != nil || limit != LimitOf(tt.wantLimit)):
				t.Errorf("ParseOptionalLimit(%q) = %v, %v; want %v", tt.in, limit, err, LimitOf(tt.wantLimit))
			}
		})
	}
}

func TestParseOptionalLimitOfNothingIsNoLimit(t *testing.T) {
	t.Parallel()
	if got, err := ParseOptionalLimit(nil); err != nil || got != NoLimit {
		t.Errorf("ParseOptionalLimit(nil) = %v, %v; want no limit", got, err)
	}
}

func TestNamesRoundTrip(t *testing.T) {
	t.Parallel()

	for i, r := range All() {
		if Names()[i] != r.String() {
			t.Errorf("Names()[%d] = %q, want %q", i, Names()[i], r)
		}
		if got, err := Parse(r.String()); err != nil || got != r {
			t.Errorf("Parse(%q) = %v, %v; want %v", r, got, err, r)
		}
	}
	if got := strings.Join(LimitNames(), ","); got != "viewer,editor,manager,admin" {
		t.Errorf("LimitNames() = %s", got)
	}
	if got := Role(7).String(); got != "Role(7)" {
		t.Errorf("Role(7).String() = %q", got)
	}
}

func TestPermissions(t *testing.T) {
	t.Parallel()

	// The per-hub table of "What each role may do" in
	// docs/guides/statushub-rules.md.
	tests := []struct {
		action Action
		needs  Role
	}{
		{ReadHub, Viewer},
		{ChangeComponentStatus, Editor},
		{ManageComponents, Manager},
		{UpdateHub, Manager},
		{ManageHubRoles, Admin},
		{DeleteHub, Admin},
	}
	for _, tt := range tests {
		t.Run(tt.action.String(), func(t *testing.T) {
			t.Parallel()
			if got := Requires(tt.action); got != tt.needs {
				t.Errorf("Requires(%v) = %v, want %v", tt.action, got, tt.needs)
			}
			for _, r := range All() {
				if got, want := Allows(r, tt.action), r >= tt.needs; got != want {
					t.Errorf("Allows(%v, %v) = %v, want %v", r, tt.action, got, want)
				}
			}
		})
	}
}

func TestRequiresPanicsOnUnknownAction(t *testing.T) {
	t.Parallel()

	defer func() {
		if recover() == nil {
			t.Error("Requires(Action(99)) did not panic")
		}
	}()
	Requires(Action(99))
}

func TestCanActAsOwner(t *testing.T) {
	t.Parallel()

	tests := []struct {
		owner bool
		limit Limit
		want  bool
	}{
		{true, NoLimit, true},
		{true, LimitOf(Admin), true},
		{true, LimitOf(Manager), false},
		{true, LimitOf(Editor), false},
		{true, LimitOf(Viewer), false},
		{false, NoLimit, false},
		{false, LimitOf(Admin), false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("owner=%v/%v", tt.owner, tt.limit), func(t *testing.T) {
			t.Parallel()
			if got := CanActAsOwner(tt.owner, tt.limit); got != tt.want {
				t.Errorf("CanActAsOwner(%v, %v) = %v, want %v", tt.owner, tt.limit, got, tt.want)
			}
		})
	}
}
