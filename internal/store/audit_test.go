package store

import (
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
			Actor: "ci via the API", Action: "component.update", Target: f.component.ID,
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
