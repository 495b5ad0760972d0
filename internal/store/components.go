package store

import (
	"database/sql"
	"fmt"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

const componentColumns = "seq, id, hub_id, name, description, status, group_name, position, created_at, updated_at"

func scanComponent(s scanner) (api.Component, int64, error) {
	var (
		c                     api.Component
		seq, created, updated int64
		group                 sql.NullString
	)
	if err := s.Scan(&seq, &c.ID, &c.HubID, &c.Name, &c.Description, &c.Status, &group, &c.Position, &created, &updated); err != nil {
		return api.Component{}, 0, err
	}
	c.Group = nullString(group)
	c.CreatedAt, c.UpdatedAt = fromDB(created), fromDB(updated)
	return c, seq, nil
}

// CreateComponent adds a component. Status defaults to operational; position
// defaults to one more than the hub's highest position (0 for the first).
func (tx *Tx) CreateComponent(accountID, hubID string, c api.ComponentCreate) (api.Component, error) {
	if err := tx.requireHub(accountID, hubID); err != nil {
		return api.Component{}, err
	}
	t := tx.now()
	comp := api.Component{
		ID:        newID("cmp"),
		HubID:     hubID,
		Name:      c.Name,
		Status:    api.StatusOperational,
		Group:     c.Group,
		CreatedAt: t,
		UpdatedAt: t,
	}
	setIf(&comp.Description, c.Description)
	setIf(&comp.Status, c.Status)
	if c.Position != nil {
		comp.Position = *c.Position
	} else {
		err := tx.queryRow("SELECT COALESCE(MAX(position) + 1, 0) FROM components WHERE hub_id = ?", hubID).Scan(&comp.Position)
		if err != nil {
			return api.Component{}, fmt.Errorf("store: create component: %w", err)
		}
	}
	_, err := tx.exec(`INSERT INTO components (id, hub_id, name, description, status, group_name, position, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		comp.ID, hubID, comp.Name, comp.Description, comp.Status, comp.Group, comp.Position, toDB(t), toDB(t))
	if err != nil {
		return api.Component{}, fmt.Errorf("store: create component: %w", err)
	}
	return comp, nil
}

// Component returns one component of a hub.
func (tx *Tx) Component(accountID, hubID, componentID string) (api.Component, error) {
	if err := tx.requireHub(accountID, hubID); err != nil {
		return api.Component{}, err
	}
	c, _, err := scanComponent(tx.queryRow("SELECT "+componentColumns+" FROM components WHERE id = ? AND hub_id = ?", componentID, hubID))
	if err != nil {
		return api.Component{}, fmt.Errorf("store: component %s: %w", componentID, notFound(err))
	}
	return c, nil
}

// Components lists a hub's components, oldest first.
func (tx *Tx) Components(accountID, hubID string, p PageRequest) (api.Page[api.Component], error) {
	if err := tx.requireHub(accountID, hubID); err != nil {
		return api.Page[api.Component]{}, err
	}
	page, err := listPage(tx, list{
		name:  "components",
		query: "SELECT " + componentColumns + " FROM components WHERE hub_id = ?",
		args:  []any{hubID},
	}, p, scanComponent)
	return page, wrapf(err, "store")
}

// UpdateComponent changes the fields that u sets and updated_at.
func (tx *Tx) UpdateComponent(accountID, hubID, componentID string, u api.ComponentUpdate) (api.Component, error) {
	c, err := tx.Component(accountID, hubID, componentID)
	if err != nil {
		return api.Component{}, err
	}
	setIf(&c.Name, u.Name)
	setIf(&c.Description, u.Description)
	setIf(&c.Status, u.Status)
	setIf(&c.Position, u.Position)
	setNullable(&c.Group, u.Group)
	c.UpdatedAt = tx.now()
	_, err = tx.exec(`UPDATE components SET name = ?, description = ?, status = ?, group_name = ?, position = ?, updated_at = ?
		WHERE id = ?`,
		c.Name, c.Description, c.Status, c.Group, c.Position, toDB(c.UpdatedAt), c.ID)
	if err != nil {
		return api.Component{}, fmt.Errorf("store: update component %s: %w", componentID, err)
	}
	return c, nil
}

// DeleteComponent removes a component.
func (tx *Tx) DeleteComponent(accountID, hubID, componentID string) error {
	if err := tx.requireHub(accountID, hubID); err != nil {
		return err
	}
	res, err := tx.exec("DELETE FROM components WHERE id = ? AND hub_id = ?", componentID, hubID)
	return wrapf(oneRow(res, err), "store: delete component %s", componentID)
}
