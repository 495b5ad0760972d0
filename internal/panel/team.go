package panel

import (
	"net/http"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
)

// teamView is the Team page: members × hubs, each cell the member's role
// on the hub, editable where the key is admin of the hub.
type teamView struct {
	Hubs      []api.EffectiveRole // every hub of the account, in order
	Members   []memberRow
	Next      string // the next page of members
	Hidden    string // why the key sees no members, when it does not
	Roles     []string
	CanCreate bool // the owner adds members
}

type memberRow struct {
	api.Member
	Cells []roleCell
}

type roleCell struct {
	HubID  string
	Role   string // "" when the key may not see it
	Change bool
}

func (p *panel) handleTeam(w http.ResponseWriter, r *http.Request, v *visit) {
	p.showTeam(w, r, v, http.StatusOK, p.newPage(r, v, "Team"))
}

func (p *panel) showTeam(w http.ResponseWriter, r *http.Request, v *visit, status int, pg page) {
	ctx, cred := r.Context(), v.cred()
	me, err := p.svc.Me(ctx, cred)
	if err != nil {
		p.fail(w, r, v, err)
		return
	}
	view := teamView{Hubs: me.Roles, Roles: roles.Names(), CanCreate: apiserver.ActsAsOwner(v.caller)}
	members, err := p.svc.Members(ctx, cred, pageOf(r))
	if err != nil {
		prob := p.svc.Explain(ctx, err)
		if prob.Status != http.StatusForbidden {
			p.fail(w, r, v, err)
			return
		}
		view.Hidden = prob.Message
	}
	view.Next = nextPage("/team", r, members.NextCursor)
	for _, m := range members.Data {
		view.Members = append(view.Members, p.memberRow(v, me.Roles, m))
	}
	pg.Body = view
	p.render(w, r, status, "team", pg)
}

func (p *panel) memberRow(v *visit, hubs []api.EffectiveRole, m api.Member) memberRow {
	row := memberRow{Member: m}
	for _, h := range hubs {
		admin := apiserver.Role(v.caller, h.HubID) == roles.Admin
		cell := roleCell{HubID: h.HubID, Change: admin && !m.Owner}
		switch {
		case m.Owner:
			cell.Role = roles.Admin.String()
		case admin || apiserver.ActsAsOwner(v.caller) || m.ID == v.caller.Member.ID:
			cell.Role = roleName(m.HubRoles[h.HubID])
		}
		row.Cells = append(row.Cells, cell)
	}
	return row
}

// roleName shows a missing hub role as the no_access it stands for.
func roleName(role string) string {
	if role == "" {
		return roles.NoAccess.String()
	}
	return role
}

func (p *panel) handleCreateMember(w http.ResponseWriter, r *http.Request, v *visit) {
	_, err := p.svc.CreateMember(r.Context(), v.cred(), api.MemberCreate{
		Email: r.PostFormValue("email"),
		Name:  r.PostFormValue("name"),
	})
	p.afterTeam(w, r, v, "create-member", err)
}

// handleSetHubRole sets a role, or removes it for no_access, as the API's
// PUT and DELETE on hub-roles do. The form sends the role it showed as
// current: choosing it again changes nothing.
func (p *panel) handleSetHubRole(w http.ResponseWriter, r *http.Request, v *visit) {
	memberID, hubID, role := r.PathValue("member_id"), r.PathValue("hub_id"), r.PostFormValue("role")
	var err error
	switch role {
	case r.PostFormValue("current"):
	case roles.NoAccess.String():
		err = p.svc.RemoveHubRole(r.Context(), v.cred(), memberID, hubID)
	default:
		_, err = p.svc.SetHubRole(r.Context(), v.cred(), memberID, hubID, api.HubRole{Role: role})
	}
	p.afterTeam(w, r, v, "role-"+memberID+"-"+hubID, err)
}

func (p *panel) afterTeam(w http.ResponseWriter, r *http.Request, v *visit, formID string, err error) {
	p.afterForm(w, r, v, formID, err, "Team", "/team", p.showTeam)
}
