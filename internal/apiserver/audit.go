package apiserver

import (
	"fmt"
	"net/http"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// audit records a change in the transaction that makes it: no change goes
// without its event, and no event without its change.
func audit(tx *store.Tx, c caller, action, target, format string, args ...any) error {
	_, err := tx.AddAuditEvent(c.AccountID, api.AuditEvent{
		Actor:   c.actor(),
		Action:  action,
		Target:  target,
		Message: c.actor() + " " + fmt.Sprintf(format, args...),
	})
	return err
}

func (s *server) handleListAuditEvents(w http.ResponseWriter, r *http.Request) error {
	page, err := listQuery(r)
	if err != nil {
		return err
	}
	return view(s, w, r, func(tx *store.Tx, c caller) (api.Page[api.AuditEvent], error) {
		if err := c.requireOwner("reading the audit log"); err != nil {
			return api.Page[api.AuditEvent]{}, err
		}
		return tx.AuditEvents(c.AccountID, page)
	})
}
