package apiserver

import (
	"errors"
	"maps"
	"strings"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// caller is the key a request authenticated with, with its member and
// account, as of the current transaction, and the channel it came through.
type caller struct {
	store.Caller
	via channel
}

// channel is how a key reached the server, as the audit log names it.
type channel int

const (
	viaAPI channel = iota
	viaControlPanel
)

func (ch channel) String() string {
	if ch == viaControlPanel {
		return "the Control Panel"
	}
	return "the API"
}

// limitOf reads a key's limit_role. The store keeps only names this server
// checked; anything else fails closed, to the lowest limit.
func limitOf(k api.APIKey) roles.Limit {
	limit, err := roles.ParseOptionalLimit(k.LimitRole)
	if err != nil {
		return roles.LimitOf(roles.Viewer)
	}
	return limit
}

// memberRole is a member's own role on a hub: admin everywhere for the
// owner, otherwise what hub_roles says, and no_access when it says nothing.
func memberRole(m api.Member, hubID string) roles.Role {
	if m.Owner {
		return roles.Admin
	}
	r, err := roles.Parse(m.HubRoles[hubID])
	if err != nil {
		return roles.NoAccess
	}
	return r
}

func (c caller) limit() roles.Limit { return limitOf(c.Key) }

// role is the caller's effective role on a hub.
func (c caller) role(hubID string) roles.Role {
	return roles.Effective(memberRole(c.Member, hubID), c.limit())
}

func (c caller) actsAsOwner() bool { return roles.CanActAsOwner(c.Member.Owner, c.limit()) }

// actor is how the audit log names the caller: "ci via the API".
func (c caller) actor() string { return c.Key.Name + " via " + c.via.String() }

// requireOwner guards the account-level actions.
func (c caller) requireOwner(action string) error {
	if c.actsAsOwner() {
		return nil
	}
	return forbidden("", "%s needs a key of the account owner with no limit_role or limit_role admin", action)
}

// may checks the caller's effective role on a hub for an action; field
// names the request field that asks for it, if one does.
func (c caller) may(hubID string, a roles.Action, field string) error {
	if roles.Allows(c.role(hubID), a) {
		return nil
	}
	return forbidden(field, "to %s, this key needs the role %s on hub %s; its effective role there is %s",
		a, roles.Requires(a), hubID, c.role(hubID))
}

// hubFor loads a hub for an action. A hub the caller cannot see answers
// 404, exactly like one that does not exist; one it can see but not act on
// answers 403 naming the role needed.
func hubFor(tx *store.Tx, c caller, hubID string, a roles.Action) (api.Hub, error) {
	if c.role(hubID) == roles.NoAccess {
		return api.Hub{}, notFound("hub", hubID)
	}
	hub, err := tx.Hub(c.AccountID, hubID)
	if errors.Is(err, store.ErrNotFound) {
		return api.Hub{}, notFound("hub", hubID)
	}
	if err != nil {
		return api.Hub{}, err
	}
	if err := c.may(hubID, a, ""); err != nil {
		return api.Hub{}, err
	}
	return hub, nil
}

// seesMembers: the owner and the admins of at least one hub may list
// members.
func (c caller) seesMembers() bool {
	if c.actsAsOwner() {
		return true
	}
	for hubID := range c.Member.HubRoles {
		if c.role(hubID) == roles.Admin {
			return true
		}
	}
	return false
}

// memberView is a member as the caller may see it: whole for the owner and
// for the caller's own member; for a hub admin, with only the roles on the
// hubs it administers.
func (c caller) memberView(m api.Member) api.Member {
	hubRoles := maps.Clone(m.HubRoles)
	if hubRoles == nil {
		hubRoles = map[string]string{}
	}
	if !c.actsAsOwner() && m.ID != c.Member.ID {
		maps.DeleteFunc(hubRoles, func(hubID, _ string) bool { return c.role(hubID) != roles.Admin })
	}
	m.HubRoles = hubRoles
	return m
}

// memberFor loads a member the caller may read: its own, or any for those
// who may list members.
func memberFor(tx *store.Tx, c caller, memberID string) (api.Member, error) {
	if memberID != c.Member.ID && !c.seesMembers() {
		return api.Member{}, notFound("member", memberID)
	}
	m, err := tx.Member(c.AccountID, memberID)
	if errors.Is(err, store.ErrNotFound) {
		return api.Member{}, notFound("member", memberID)
	}
	return m, err
}

// keyHolder loads a member whose keys the caller may manage: its own
// member's, or anyone's for the owner. Other members' keys answer 404.
func keyHolder(tx *store.Tx, c caller, memberID string) (api.Member, error) {
	if memberID == c.Member.ID {
		return c.Member, nil
	}
	if !c.actsAsOwner() {
		return api.Member{}, notFound("API keys of member", memberID)
	}
	m, err := tx.Member(c.AccountID, memberID)
	if errors.Is(err, store.ErrNotFound) {
		return api.Member{}, notFound("member", memberID)
	}
	return m, err
}

// keyFor loads a key the caller may manage, with its member.
func keyFor(tx *store.Tx, c caller, memberID, keyID string) (api.Member, api.APIKey, error) {
	m, err := keyHolder(tx, c, memberID)
	if err != nil {
		return api.Member{}, api.APIKey{}, err
	}
	k, err := tx.Key(c.AccountID, memberID, keyID)
	if errors.Is(err, store.ErrNotFound) {
		return api.Member{}, api.APIKey{}, notFound("API key", keyID)
	}
	return m, k, err
}

// mayChangeKey keeps a key from changing, resetting or deleting a stronger
// one: a leaked weak key must not take over or destroy a strong one.
func (c caller) mayChangeKey(k api.APIKey) error {
	if roles.Within(limitOf(k), c.limit()) {
		return nil
	}
	return forbidden("limit_role", "this key (limit_role %s) may not change, reset or delete API key %s (limit_role %s), which is stronger",
		c.limit(), k.ID, limitOf(k))
}

// mayGiveLimit is the no-escalation rule: a key may give only limits within
// its own, and no key may raise its own.
func (c caller) mayGiveLimit(l roles.Limit, self bool) error {
	if roles.Within(l, c.limit()) {
		return nil
	}
	if self {
		return forbidden("limit_role", "an API key cannot raise its own limit_role (from %s to %s)", c.limit(), l)
	}
	return forbidden("limit_role", "this key (limit_role %s) may give only limit_role %s", c.limit(), limitsWithin(c.limit().Role))
}

func limitsWithin(top roles.Role) string {
	var names []string
	for _, r := range roles.All() {
		if r != roles.NoAccess && r <= top {
			names = append(names, r.String())
		}
	}
	return strings.Join(names, ", ")
}

// effectiveRoles lists a key's role on every hub of the account, in the
// order of hubs, as the StatusHub keys article's tables do: hubs where its
// member has no role are listed as no_access. The member learns only the ids
// and names of its account's hubs, which the Control Panel shows it too; the
// hubs themselves still answer 404 to its keys.
func effectiveRoles(hubs []api.Hub, m api.Member, k api.APIKey) []api.EffectiveRole {
	limit := limitOf(k)
	out := make([]api.EffectiveRole, 0, len(hubs))
	for _, h := range hubs {
		member := memberRole(m, h.ID)
		out = append(out, api.EffectiveRole{
			HubID:         h.ID,
			HubName:       h.Name,
			MemberRole:    member.String(),
			LimitRole:     k.LimitRole,
			EffectiveRole: roles.Effective(member, limit).String(),
		})
	}
	return out
}
