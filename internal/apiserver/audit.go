package apiserver

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// audit records a change in the transaction that makes it: no change goes
// without its event, and no event without its change. The ids of the key
// and its member tell the actor apart from a key named like another.
func audit(tx *store.Tx, c caller, action, target, format string, args ...any) error {
	_, err := tx.AddAuditEvent(c.AccountID, api.AuditEvent{
		Actor:         printable(c.actor()),
		ActorKeyID:    new(c.Key.ID),
		ActorMemberID: new(c.Member.ID),
		Action:        action,
		Target:        target,
		Message:       printable(c.actor() + " " + fmt.Sprintf(format, args...)),
	})
	return err
}

// printable escapes, as Go source would (\n, \x1b, \u202e), the characters
// of s that are not graphic: line breaks, escapes and format characters.
// The names in an audit message can then neither start a line that looks
// like another event nor reorder or hide its text; other names are kept as
// they are.
func printable(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strconv.IsGraphic(r) {
			b.WriteRune(r)
			continue
		}
		quoted := strconv.QuoteRuneToASCII(r)
		b.WriteString(quoted[1 : len(quoted)-1])
	}
	return b.String()
}

func (s *server) handleListAuditEvents(w http.ResponseWriter, r *http.Request) error {
	page, err := listQuery(r)
	if err != nil {
		return err
	}
	return view(s, w, r, auditEvents(page))
}

func auditEvents(page store.PageRequest) op[api.Page[api.AuditEvent]] {
	return func(tx *store.Tx, c caller) (api.Page[api.AuditEvent], error) {
		if err := c.requireOwner("reading the audit log"); err != nil {
			return api.Page[api.AuditEvent]{}, err
		}
		return tx.AuditEvents(c.AccountID, page)
	}
}
