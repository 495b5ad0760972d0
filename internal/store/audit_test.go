package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

func TestAuditEvents(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	f := newFixture(t, s, "status")
	other := newFixture(t, s, "other")

	first := write(t, s, func(tx *Tx) (api.AuditEvent, error) {
		return tx.AddAuditEvent(f.account.ID, api.AuditEvent{
			Actor: "ci via the API", ActorKeyID: &f.key.ID, ActorMemberID: &f.member.ID, Action: "component.update", Target: f.component.ID,
			Message: "ci via the API updated component API from operational to major_outage",
		})
	})
	if first.ID == "" || first.Time.IsZero() {
		t.Errorf("AddAuditEvent = %+v, want an id and a time assigned", first)
	}
	at := time.Date(2030, 5, 6, 7, 8, 9, 1234567, time.FixedZone("X", -7200))
	second := write(t, s, func(tx *Tx) (api.AuditEvent, error) {
		return tx.AddAuditEvent(f.account.ID, api.AuditEvent{ID: "evt_given", Time: at, Actor: "a", Action: "b", Target: "c", Message: "d"})
	})
	assertEqual(t, "AddAuditEvent with id and time", second, api.AuditEvent{
		ID: "evt_given", Time: at.UTC().Truncate(time.Microsecond), Actor: "a", Action: "b", Target: "c", Message: "d",
	})
	write(t, s, func(tx *Tx) (api.AuditEvent, error) {
		return tx.AddAuditEvent(other.account.ID, api.AuditEvent{Actor: "x", Action: "y", Target: "z", Message: "other account"})
	})

	page := read(t, s, func(tx *Tx) (api.Page[api.AuditEvent], error) { return tx.AuditEvents(f.account.ID, PageRequest{}) })
	assertEqual(t, "AuditEvents, newest first", page, api.Page[api.AuditEvent]{Data: []api.AuditEvent{second, first}})
}

// TestAuditEventsFromBeforeActorIDs: the events recorded under the first
// schema, which did not keep the actor's ids, read back without them.
func TestAuditEventsFromBeforeActorIDs(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "statushub.db")
	db, err := openPool("file:"+path+"?"+commonParams, 1)
	if err != nil {
		t.Fatal(err)
	}
	all, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if err := apply(context.Background(), db, all[0]); err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`INSERT INTO accounts (id, name) VALUES ('acc_old', 'old');
		INSERT INTO audit_events (id, account_id, time, actor, action, target, message)
		VALUES ('evt_old', 'acc_old', 0, 'ci via the API', 'hub.deleted', 'hub_old', 'ci via the API deleted hub Old (old)')`)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	s := openPath(t, path)
	page := read(t, s, func(tx *Tx) (api.Page[api.AuditEvent], error) { return tx.AuditEvents("acc_old", PageRequest{}) })
	assertEqual(t, "AuditEvents of the first schema", page, api.Page[api.AuditEvent]{Data: []api.AuditEvent{{
		ID: "evt_old", Time: fromDB(0), Actor: "ci via the API", Action: "hub.deleted", Target: "hub_old",
		Message: "ci via the API deleted hub Old (old)",
	}}})
}
