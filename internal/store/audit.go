package store

import (
	"fmt"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

const auditColumns = "seq, id, time, actor, actor_key_id, actor_member_id, action, target, message"

func scanAuditEvent(s scanner) (api.AuditEvent, int64, error) {
	var (
		e         api.AuditEvent
		seq, when int64
	)
	if err := s.Scan(&seq, &e.ID, &when, &e.Actor, &e.ActorKeyID, &e.ActorMemberID, &e.Action, &e.Target, &e.Message); err != nil {
		return api.AuditEvent{}, 0, err
	}
	e.Time = fromDB(when)
	return e, seq, nil
}

// AddAuditEvent appends an event; ID and Time are assigned here when empty.
func (tx *Tx) AddAuditEvent(accountID string, e api.AuditEvent) (api.AuditEvent, error) {
	if e.ID == "" {
		e.ID = newID("evt")
	}
	if e.Time.IsZero() {
		e.Time = tx.now()
	}
	e.Time = normalize(e.Time)
	_, err := tx.exec(`INSERT INTO audit_events (id, account_id, time, actor, actor_key_id, actor_member_id, action, target, message)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, accountID, toDB(e.Time), e.Actor, e.ActorKeyID, e.ActorMemberID, e.Action, e.Target, e.Message)
	if err != nil {
		return api.AuditEvent{}, fmt.Errorf("store: add audit event: %w", err)
	}
	return e, nil
}

// AuditEvents lists the account's events, newest first.
func (tx *Tx) AuditEvents(accountID string, p PageRequest) (api.Page[api.AuditEvent], error) {
	page, err := listPage(tx, list{
		name:        "audit",
		query:       "SELECT " + auditColumns + " FROM audit_events WHERE account_id = ?",
		args:        []any{accountID},
		newestFirst: true,
	}, p, scanAuditEvent)
	return page, wrapf(err, "store")
}
