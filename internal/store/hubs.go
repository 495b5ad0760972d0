package store

import (
	"fmt"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
)

const hubColumns = "seq, id, name, subdomain, description, timezone, private, created_at, updated_at"

func scanHub(s scanner) (api.Hub, int64, error) {
	var (
		h                     api.Hub
		seq, created, updated int64
	)
	if err := s.Scan(&seq, &h.ID, &h.Name, &h.Subdomain, &h.Description, &h.Timezone, &h.Private, &created, &updated); err != nil {
		return api.Hub{}, 0, err
	}
	h.CreatedAt, h.UpdatedAt = fromDB(created), fromDB(updated)
	return h, seq, nil
}

// subdomainConflict maps a broken UNIQUE(subdomain) to a *ConflictError.
func subdomainConflict(err error, subdomain string) error {
	if isUnique(err, "hubs.subdomain") {
		return &ConflictError{Field: "subdomain", Message: fmt.Sprintf("subdomain %q is already taken", subdomain)}
	}
	return err
}

// requireHub checks that hubID is a hub of the account.
func (tx *Tx) requireHub(accountID, hubID string) error {
	var one int
	err := tx.queryRow("SELECT 1 FROM hubs WHERE id = ? AND account_id = ?", hubID, accountID).Scan(&one)
	return wrapf(notFound(err), "store: hub %s", hubID)
}

// CreateHub creates a hub. Defaults (timezone UTC, private false,
// description "") are applied here. A taken subdomain (unique on the whole
// server) is a *ConflictError on "subdomain".
func (tx *Tx) CreateHub(accountID string, h api.HubCreate) (api.Hub, error) {
	t := tx.now()
	hub := api.Hub{
		ID:        newID("hub"),
		Name:      h.Name,
		Subdomain: h.Subdomain,
		Timezone:  "UTC",
		CreatedAt: t,
		UpdatedAt: t,
	}
	if h.Description != nil {
		hub.Description = *h.Description
	}
	if h.Timezone != nil {
		hub.Timezone = *h.Timezone
	}
	if h.Private != nil {
		hub.Private = *h.Private
	}
	_, err := tx.exec(`INSERT INTO hubs (id, account_id, name, subdomain, description, timezone, private, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		hub.ID, accountID, hub.Name, hub.Subdomain, hub.Description, hub.Timezone, hub.Private, toDB(t), toDB(t))
	if err != nil {
		return api.Hub{}, wrapf(subdomainConflict(err, hub.Subdomain), "store: create hub")
	}
	return hub, nil
}

// Hub returns one hub.
func (tx *Tx) Hub(accountID, hubID string) (api.Hub, error) {
	h, _, err := scanHub(tx.queryRow("SELECT "+hubColumns+" FROM hubs WHERE id = ? AND account_id = ?", hubID, accountID))
	if err != nil {
		return api.Hub{}, fmt.Errorf("store: hub %s: %w", hubID, notFound(err))
	}
	return h, nil
}

// Hubs lists hubs, oldest first.
func (tx *Tx) Hubs(accountID string, f HubFilter, p PageRequest) (api.Page[api.Hub], error) {
	l := list{name: "hubs", query: "SELECT " + hubColumns + " FROM hubs WHERE account_id = ?", args: []any{accountID}}
	if f.Subdomain != "" {
		l.query += " AND subdomain = ?"
		l.args = append(l.args, f.Subdomain)
	}
	if f.VisibleTo != "" {
		l.query += " AND id IN (SELECT hub_id FROM hub_roles WHERE member_id = ? AND role <> ?)"
		l.args = append(l.args, f.VisibleTo, roles.NoAccess.String())
	}
	page, err := listPage(tx, l, p, scanHub)
	return page, wrapf(err, "store")
}

// AllHubs returns every hub of the account, oldest first (for effective roles).
func (tx *Tx) AllHubs(accountID string) ([]api.Hub, error) {
	rows, err := tx.query("SELECT "+hubColumns+" FROM hubs WHERE account_id = ? ORDER BY seq", accountID)
	if err != nil {
		return nil, fmt.Errorf("store: all hubs: %w", err)
	}
	defer rows.Close()
	hubs := []api.Hub{}
	for rows.Next() {
		h, _, err := scanHub(rows)
		if err != nil {
			return nil, fmt.Errorf("store: all hubs: %w", err)
		}
		hubs = append(hubs, h)
	}
	return hubs, wrapf(rows.Err(), "store: all hubs")
}

// UpdateHub changes the fields that u sets and updated_at.
func (tx *Tx) UpdateHub(accountID, hubID string, u api.HubUpdate) (api.Hub, error) {
	h, err := tx.Hub(accountID, hubID)
	if err != nil {
		return api.Hub{}, err
	}
	setIf(&h.Name, u.Name)
	setIf(&h.Subdomain, u.Subdomain)
	setIf(&h.Description, u.Description)
	setIf(&h.Timezone, u.Timezone)
	setIf(&h.Private, u.Private)
	h.UpdatedAt = tx.now()
	_, err = tx.exec(`UPDATE hubs SET name = ?, subdomain = ?, description = ?, timezone = ?, private = ?, updated_at = ?
		WHERE id = ?`,
		h.Name, h.Subdomain, h.Description, h.Timezone, h.Private, toDB(h.UpdatedAt), h.ID)
	if err != nil {
		return api.Hub{}, wrapf(subdomainConflict(err, h.Subdomain), "store: update hub %s", hubID)
	}
	return h, nil
}

// DeleteHub removes a hub, its components and every member's role on it.
func (tx *Tx) DeleteHub(accountID, hubID string) error {
	// The foreign keys cascade to components and hub_roles.
	res, err := tx.exec("DELETE FROM hubs WHERE id = ? AND account_id = ?", hubID, accountID)
	return wrapf(oneRow(res, err), "store: delete hub %s", hubID)
}
