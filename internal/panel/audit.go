package panel

import (
	"net/http"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// auditView is the audit log, newest first, as the API lists it.
type auditView struct {
	Events []api.AuditEvent
	Next   string // the next page, older events
}

func (p *panel) handleAudit(w http.ResponseWriter, r *http.Request, v *visit) {
	events, err := p.svc.AuditEvents(r.Context(), v.cred(), pageOf(r))
	if err != nil {
		p.fail(w, r, v, err)
		return
	}
	pg := p.newPage(r, v, "Audit log")
	pg.Body = auditView{Events: events.Data, Next: nextPage("/audit", r, events.NextCursor)}
	p.render(w, r, http.StatusOK, "audit", pg)
}
