package store

import (
	"fmt"
	"strings"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

const memberColumns = "seq, id, email, name, owner, created_at"

// scanMember reads a member without its hub roles; withRoles adds them.
func scanMember(s scanner) (api.Member, int64, error) {
	var (
		m            api.Member
		seq, created int64
	)
	if err := s.Scan(&seq, &m.ID, &m.Email, &m.Name, &m.Owner, &created); err != nil {
		return api.Member{}, 0, err
	}
	m.CreatedAt = fromDB(created)
	m.HubRoles = map[string]string{}
	return m, seq, nil
}

// emailConflict maps a broken UNIQUE(account_id, email) to a *ConflictError.
func emailConflict(err error, email string) error {
	if isUnique(err, "members.email") {
		return &ConflictError{Field: "email", Message: fmt.Sprintf("email %q is already a member of this account", email)}
	}
	return err
}

// requireMember checks that memberID is a member of the account.
func (tx *Tx) requireMember(accountID, memberID string) error {
	var one int
	err := tx.queryRow("SELECT 1 FROM members WHERE id = ? AND account_id = ?", memberID, accountID).Scan(&one)
	return wrapf(notFound(err), "store: member %s", memberID)
}

// insertMember adds a member whose email is already lower-cased.
func (tx *Tx) insertMember(accountID, email, name string, owner bool) (api.Member, error) {
	m := api.Member{
		ID:        newID("mem"),
		Email:     email,
		Name:      name,
		Owner:     owner,
		HubRoles:  map[string]string{},
		CreatedAt: tx.now(),
	}
	_, err := tx.exec("INSERT INTO members (id, account_id, email, name, owner, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		m.ID, accountID, m.Email, m.Name, owner, toDB(m.CreatedAt))
	if err != nil {
		return api.Member{}, emailConflict(err, email)
	}
	return m, nil
}

// CreateMember adds a member; the email is stored lower-cased and is unique
// in the account (a *ConflictError on "email"). Every hub id in HubRoles must
// be a hub of the account (the server checks before calling).
func (tx *Tx) CreateMember(accountID string, m api.MemberCreate) (api.Member, error) {
	member, err := tx.insertMember(accountID, strings.ToLower(m.Email), m.Name, false)
	if err != nil {
		return api.Member{}, wrapf(err, "store: create member")
	}
	for hubID, role := range m.HubRoles {
		if err := tx.SetHubRole(accountID, member.ID, hubID, role); err != nil {
			return api.Member{}, err
		}
		member.HubRoles[hubID] = role
	}
	return member, nil
}

// Member returns one member with its hub roles.
func (tx *Tx) Member(accountID, memberID string) (api.Member, error) {
	m, _, err := scanMember(tx.queryRow("SELECT "+memberColumns+" FROM members WHERE id = ? AND account_id = ?", memberID, accountID))
	if err != nil {
		return api.Member{}, fmt.Errorf("store: member %s: %w", memberID, notFound(err))
	}
	members := []api.Member{m}
	if err := tx.withRoles(members); err != nil {
		return api.Member{}, err
	}
	return members[0], nil
}

// Members lists members with their hub roles, oldest first.
func (tx *Tx) Members(accountID string, f MemberFilter, p PageRequest) (api.Page[api.Member], error) {
	l := list{name: "members", query: "SELECT " + memberColumns + " FROM members WHERE account_id = ?", args: []any{accountID}}
	if f.Email != "" {
		l.query += " AND email = ?"
		l.args = append(l.args, strings.ToLower(f.Email))
	}
	page, err := listPage(tx, l, p, scanMember)
	if err != nil {
		return api.Page[api.Member]{}, fmt.Errorf("store: %w", err)
	}
	if err := tx.withRoles(page.Data); err != nil {
		return api.Page[api.Member]{}, err
	}
	return page, nil
}

// withRoles fills in the HubRoles of members with one query.
func (tx *Tx) withRoles(members []api.Member) error {
	if len(members) == 0 {
		return nil
	}
	byID := make(map[string]map[string]string, len(members))
	args := make([]any, len(members))
	for i, m := range members {
		byID[m.ID] = m.HubRoles
		args[i] = m.ID
	}
	placeholders := strings.Repeat(", ?", len(members))[2:]
	rows, err := tx.query("SELECT member_id, hub_id, role FROM hub_roles WHERE member_id IN ("+placeholders+")", args...)
	if err != nil {
		return fmt.Errorf("store: hub roles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var memberID, hubID, role string
		if err := rows.Scan(&memberID, &hubID, &role); err != nil {
			return fmt.Errorf("store: hub roles: %w", err)
		}
		byID[memberID][hubID] = role
	}
	return wrapf(rows.Err(), "store: hub roles")
}

// UpdateMember changes the fields that u sets; HubRoles replaces the map.
func (tx *Tx) UpdateMember(accountID, memberID string, u api.MemberUpdate) (api.Member, error) {
	m, err := tx.Member(accountID, memberID)
	if err != nil {
		return api.Member{}, err
	}
	if u.Email != nil {
		m.Email = strings.ToLower(*u.Email)
	}
	setIf(&m.Name, u.Name)
	_, err = tx.exec("UPDATE members SET email = ?, name = ? WHERE id = ?", m.Email, m.Name, m.ID)
	if err != nil {
		return api.Member{}, wrapf(emailConflict(err, m.Email), "store: update member %s", memberID)
	}
	if u.HubRoles == nil {
		return m, nil
	}
	if _, err := tx.exec("DELETE FROM hub_roles WHERE member_id = ?", m.ID); err != nil {
		return api.Member{}, fmt.Errorf("store: update member %s: %w", memberID, err)
	}
	m.HubRoles = map[string]string{}
	for hubID, role := range *u.HubRoles {
		if err := tx.SetHubRole(accountID, m.ID, hubID, role); err != nil {
			return api.Member{}, err
		}
		m.HubRoles[hubID] = role
	}
	return m, nil
}

// DeleteMember removes a member with all its keys and hub roles.
func (tx *Tx) DeleteMember(accountID, memberID string) error {
	m, err := tx.Member(accountID, memberID)
	if err != nil {
		return err
	}
	// An account has exactly one owner; the server refuses first, this
	// keeps the rule true whatever the caller.
	if m.Owner {
		return &ConflictError{Field: "owner", Message: "the account owner cannot be deleted"}
	}
	// The foreign keys cascade to api_keys and hub_roles.
	if _, err := tx.exec("DELETE FROM members WHERE id = ?", memberID); err != nil {
		return fmt.Errorf("store: delete member %s: %w", memberID, err)
	}
	return nil
}

// SetHubRole grants or changes a member's role on a hub.
func (tx *Tx) SetHubRole(accountID, memberID, hubID, role string) error {
	if err := tx.requireMember(accountID, memberID); err != nil {
		return err
	}
	if err := tx.requireHub(accountID, hubID); err != nil {
		return err
	}
	_, err := tx.exec(`INSERT INTO hub_roles (member_id, hub_id, role) VALUES (?, ?, ?)
		ON CONFLICT (member_id, hub_id) DO UPDATE SET role = excluded.role`, memberID, hubID, role)
	return wrapf(err, "store: set role of member %s on hub %s", memberID, hubID)
}

// RemoveHubRole removes a member's role on a hub (ErrNotFound if it had none).
func (tx *Tx) RemoveHubRole(accountID, memberID, hubID string) error {
	if err := tx.requireMember(accountID, memberID); err != nil {
		return err
	}
	res, err := tx.exec("DELETE FROM hub_roles WHERE member_id = ? AND hub_id = ?", memberID, hubID)
	return wrapf(oneRow(res, err), "store: role of member %s on hub %s", memberID, hubID)
}
