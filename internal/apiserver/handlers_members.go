package apiserver

import (
	"maps"
	"net/http"
	"strings"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
	"github.com/statushub-community/terraform-provider-statushub/internal/rules"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

func (s *server) handleListMembers(w http.ResponseWriter, r *http.Request) error {
	page, err := listQuery(r, "email")
	if err != nil {
		return err
	}
	return view(s, w, r, listMembers(r.URL.Query().Get("email"), page))
}

func (s *server) handleCreateMember(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[api.MemberCreate](r)
	if err != nil {
		return err
	}
	o, err := createMember(in)
	if err != nil {
		return err
	}
	return change(s, w, r, http.StatusCreated, o)
}

func (s *server) handleGetMember(w http.ResponseWriter, r *http.Request) error {
	return view(s, w, r, getMember(r.PathValue("member_id")))
}

func (s *server) handleUpdateMember(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[api.MemberUpdate](r)
	if err != nil {
		return err
	}
	return change(s, w, r, http.StatusOK, updateMember(r.PathValue("member_id"), in))
}

func (s *server) handleDeleteMember(w http.ResponseWriter, r *http.Request) error {
	return remove(s, w, r, deleteMember(r.PathValue("member_id")))
}

func (s *server) handleSetHubRole(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[api.HubRole](r)
	if err != nil {
		return err
	}
	o, err := setHubRole(r.PathValue("member_id"), r.PathValue("hub_id"), in)
	if err != nil {
		return err
	}
	return change(s, w, r, http.StatusOK, o)
}

func (s *server) handleRemoveHubRole(w http.ResponseWriter, r *http.Request) error {
	return remove(s, w, r, removeHubRole(r.PathValue("member_id"), r.PathValue("hub_id")))
}

func listMembers(email string, page store.PageRequest) op[api.Page[api.Member]] {
	email = strings.ToLower(email)
	return func(tx *store.Tx, c caller) (api.Page[api.Member], error) {
		if !c.seesMembers() {
			return api.Page[api.Member]{}, forbidden("", "listing members needs a key of the account owner, or a key with the admin role on at least one hub")
		}
		members, err := tx.Members(c.AccountID, store.MemberFilter{Email: email}, page)
		if err != nil {
			return api.Page[api.Member]{}, err
		}
		for i, m := range members.Data {
			members.Data[i] = c.memberView(m)
		}
		return members, nil
	}
}

func createMember(in api.MemberCreate) (op[api.Member], error) {
	var err error
	if in.Email, err = normalEmail("email", in.Email); err != nil {
		return nil, err
	}
	if err := check("name", in.Name, rules.Name); err != nil {
		return nil, err
	}
	return func(tx *store.Tx, c caller) (api.Member, error) {
		if err := c.requireOwner("creating a member"); err != nil {
			return api.Member{}, err
		}
		if err := checkHubRoles(tx, c.AccountID, in.HubRoles); err != nil {
			return api.Member{}, err
		}
		m, err := tx.CreateMember(c.AccountID, in)
		if err != nil {
			return api.Member{}, err
		}
		return c.memberView(m), audit(tx, c, "member.created", m.ID, "created member %s", m.Email)
	}, nil
}

func getMember(memberID string) op[api.Member] {
	return func(tx *store.Tx, c caller) (api.Member, error) {
		m, err := memberFor(tx, c, memberID)
		if err != nil {
			return api.Member{}, err
		}
		return c.memberView(m), nil
	}
}

func updateMember(memberID string, in api.MemberUpdate) op[api.Member] {
	return func(tx *store.Tx, c caller) (api.Member, error) {
		m, err := memberFor(tx, c, memberID)
		if err != nil {
			return api.Member{}, err
		}
		if err := c.requireOwner("changing a member"); err != nil {
			return api.Member{}, err
		}
		if in.Email, err = changedEmail("email", in.Email, m.Email); err != nil {
			return api.Member{}, err
		}
		if err := checkChanged("name", in.Name, m.Name, rules.Name); err != nil {
			return api.Member{}, err
		}
		if err := checkMemberUpdate(tx, c.AccountID, m, in); err != nil {
			return api.Member{}, err
		}
		changed := memberChanges(m, in)
		if len(changed) == 0 {
			return c.memberView(m), nil
		}
		updated, err := tx.UpdateMember(c.AccountID, m.ID, in)
		if err != nil {
			return api.Member{}, err
		}
		return c.memberView(updated), audit(tx, c, "member.updated", m.ID, "updated member %s (%s)", m.Email, strings.Join(changed, ", "))
	}
}

func deleteMember(memberID string) removal {
	return func(tx *store.Tx, c caller) error {
		m, err := memberFor(tx, c, memberID)
		if err != nil {
			return err
		}
		if err := c.requireOwner("deleting a member"); err != nil {
			return err
		}
		if m.Owner {
			return conflict("owner", "the account owner cannot be deleted")
		}
		keys, err := tx.CountKeys(c.AccountID, m.ID)
		if err != nil {
			return err
		}
		if err := tx.DeleteMember(c.AccountID, m.ID); err != nil {
			return err
		}
		return audit(tx, c, "member.deleted", m.ID, "deleted member %s; API keys revoked with it: %d", m.Email, keys)
	}
}

func setHubRole(memberID, hubID string, in api.HubRole) (op[api.Member], error) {
	if err := checkRole("role", in.Role); err != nil {
		return nil, err
	}
	return func(tx *store.Tx, c caller) (api.Member, error) {
		hub, m, err := hubRoleTarget(tx, c, memberID, hubID)
		if err != nil {
			return api.Member{}, err
		}
		old, had := m.HubRoles[hub.ID]
		if had && old == in.Role {
			return c.memberView(m), nil
		}
		if err := tx.SetHubRole(c.AccountID, m.ID, hub.ID, in.Role); err != nil {
			return api.Member{}, err
		}
		if err := auditRoleChange(tx, c, m, hub, old, in.Role); err != nil {
			return api.Member{}, err
		}
		updated, err := tx.Member(c.AccountID, m.ID)
		if err != nil {
			return api.Member{}, err
		}
		return c.memberView(updated), nil
	}, nil
}

func removeHubRole(memberID, hubID string) removal {
	return func(tx *store.Tx, c caller) error {
		hub, m, err := hubRoleTarget(tx, c, memberID, hubID)
		if err != nil {
			return err
		}
		old, had := m.HubRoles[hub.ID]
		if !had {
			return notFound("role on hub "+hub.ID+" of member", m.ID)
		}
		if err := tx.RemoveHubRole(c.AccountID, m.ID, hub.ID); err != nil {
			return err
		}
		return auditRoleChange(tx, c, m, hub, old, "")
	}
}

// hubRoleTarget loads the hub and the member of a hub-roles route: the
// caller must be an admin of the hub, and the member may not be the owner.
func hubRoleTarget(tx *store.Tx, c caller, memberID, hubID string) (api.Hub, api.Member, error) {
	hub, err := hubFor(tx, c, hubID, roles.ManageHubRoles)
	if err != nil {
		return api.Hub{}, api.Member{}, err
	}
	m, err := memberFor(tx, c, memberID)
	if err != nil {
		return api.Hub{}, api.Member{}, err
	}
	if m.Owner {
		return api.Hub{}, api.Member{}, errOwnerRoles
	}
	return hub, m, nil
}

var errOwnerRoles = conflict("hub_roles", "the account owner is admin on every hub; its hub_roles cannot be changed")

// checkMemberUpdate checks what needs the store: the hubs that hub_roles
// names, and that the owner's roles stay as they are (an empty map, which
// changes nothing, is fine).
func checkMemberUpdate(tx *store.Tx, accountID string, m api.Member, in api.MemberUpdate) error {
	if in.HubRoles == nil {
		return nil
	}
	if m.Owner && len(*in.HubRoles) > 0 {
		return errOwnerRoles
	}
	return checkHubRoles(tx, accountID, *in.HubRoles)
}

func memberChanges(m api.Member, u api.MemberUpdate) []string {
	return changedFields(map[string]bool{
		"email":     differs(u.Email, m.Email),
		"name":      differs(u.Name, m.Name),
		"hub_roles": u.HubRoles != nil && !maps.Equal(*u.HubRoles, m.HubRoles),
	})
}

// auditRoleChange records a grant (old ""), a change or a removal (role "").
func auditRoleChange(tx *store.Tx, c caller, m api.Member, hub api.Hub, old, role string) error {
	switch {
	case old == "":
		return audit(tx, c, "member.hub_role.granted", m.ID, "granted %s the role %s on hub %s", m.Email, role, hub.Name)
	case role == "":
		return audit(tx, c, "member.hub_role.removed", m.ID, "removed the role %s of %s on hub %s", old, m.Email, hub.Name)
	default:
		return audit(tx, c, "member.hub_role.changed", m.ID, "changed the role of %s on hub %s from %s to %s", m.Email, hub.Name, old, role)
	}
}
