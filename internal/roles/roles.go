// Package roles holds the StatusHub role order, the effective-role rule and
// the permission table. It is the single place where these rules live: the
// reference API enforces them and the provider uses them to validate
// configuration and to predict effective roles at plan time.
// docs/guides/statushub-rules.md describes them in words.
package roles

import (
	"fmt"
	"strings"
)

// Role is a member's or a key's role on a hub. Roles are ordered: a higher
// value may do everything a lower one may.
type Role int

// The roles, lowest first.
const (
	NoAccess Role = iota
	Viewer
	Editor
	Manager
	Admin
)

var names = [...]string{
	NoAccess: "no_access",
	Viewer:   "viewer",
	Editor:   "editor",
	Manager:  "manager",
	Admin:    "admin",
}

// All returns every role, lowest first.
func All() []Role {
	return []Role{NoAccess, Viewer, Editor, Manager, Admin}
}

// Names returns the wire names of every role, lowest first.
func Names() []string {
	out := make([]string, len(names))
	copy(out, names[:])
	return out
}

// LimitNames returns the names a key's limit_role may take. A limit of
// no_access would make a key useless, so it is not offered.
func LimitNames() []string {
	return Names()[1:]
}

// String returns the role's wire name.
func (r Role) String() string {
	if r < NoAccess || r > Admin {
		return fmt.Sprintf("Role(%d)", int(r))
	}
	return names[r]
}

// Parse turns a wire name into a Role.
func Parse(s string) (Role, error) {
	for i, n := range names {
		if n == s {
			return Role(i), nil
		}
	}
	return NoAccess, fmt.Errorf("unknown role %q: must be one of %s", s, strings.Join(names[:], ", "))
}

// ParseLimit turns a limit_role wire name into a Role. no_access is refused:
// see LimitNames.
func ParseLimit(s string) (Role, error) {
	r, err := Parse(s)
	if err != nil || r == NoAccess {
		return NoAccess, fmt.Errorf("unknown limit role %q: must be one of %s", s, strings.Join(LimitNames(), ", "))
	}
	return r, nil
}

// Limit is a key's optional limit role. The zero value means "no limit".
type Limit struct {
	Role  Role
	Valid bool
}

// NoLimit is the limit of a key that has the full role of its member.
var NoLimit = Limit{}

// LimitOf returns a limit of r.
func LimitOf(r Role) Limit { return Limit{Role: r, Valid: true} }

// ParseOptionalLimit reads a limit_role as the API sends it: nil is no
// limit, anything else a name ParseLimit takes.
func ParseOptionalLimit(s *string) (Limit, error) {
	if s == nil {
		return NoLimit, nil
	}
	r, err := ParseLimit(*s)
	if err != nil {
		return NoLimit, err
	}
	return LimitOf(r), nil
}

// String returns the limit's wire name, or "none".
func (l Limit) String() string {
	if !l.Valid {
		return "none"
	}
	return l.Role.String()
}

// Effective is the rule of "Roles and effective roles" in
// docs/guides/statushub-rules.md: a key's effective role on a hub is the
// lower of its member's role there and its limit; with no limit it is the
// member's role.
func Effective(member Role, limit Limit) Role {
	if limit.Valid && limit.Role < member {
		return limit.Role
	}
	return member
}

// Within reports whether a key limited to inner grants no more than a key
// limited to outer on any hub: the no-escalation rule for creating, resetting
// and re-limiting keys. "No limit" is within only "no limit".
func Within(inner, outer Limit) bool {
	if !outer.Valid {
		return true
	}
	return inner.Valid && inner.Role <= outer.Role
}

// Action is something a key may be allowed to do on a hub.
type Action int

// The per-hub actions of "What each role may do" in
// docs/guides/statushub-rules.md.
const (
	ReadHub Action = iota
	ChangeComponentStatus
	ManageComponents
	UpdateHub
	ManageHubRoles
	DeleteHub
)

var actionNames = [...]string{
	ReadHub:               "read the hub and its components",
	ChangeComponentStatus: "change a component's status",
	ManageComponents:      "create, update or delete components",
	UpdateHub:             "update the hub's settings",
	ManageHubRoles:        "manage members' roles on the hub",
	DeleteHub:             "delete the hub",
}

// String describes the action for error messages.
func (a Action) String() string {
	if a < ReadHub || a > DeleteHub {
		return fmt.Sprintf("Action(%d)", int(a))
	}
	return actionNames[a]
}

// requirements is the per-hub table of "What each role may do" in
// docs/guides/statushub-rules.md.
var requirements = map[Action]Role{
	ReadHub:               Viewer,
	ChangeComponentStatus: Editor,
	ManageComponents:      Manager,
	UpdateHub:             Manager,
	ManageHubRoles:        Admin,
	DeleteHub:             Admin,
}

// Requires returns the lowest effective role that may perform a.
func Requires(a Action) Role {
	r, ok := requirements[a]
	if !ok {
		panic(fmt.Sprintf("roles: no requirement for %v", a))
	}
	return r
}

// Allows reports whether an effective role r may perform a.
func Allows(r Role, a Action) bool {
	return r >= Requires(a)
}

// CanActAsOwner reports whether a key of the account owner with limit l may
// do account-level work (create hubs, manage members and everyone's keys):
// only with no limit or a limit of admin.
func CanActAsOwner(isOwner bool, l Limit) bool {
	return isOwner && (!l.Valid || l.Role == Admin)
}
