package panel

import (
	"net/http"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
)

// hubsView is the Hubs page: each hub the key can see, with its
// components and what the key's effective role there lets it do.
type hubsView struct {
	Hubs      []hubView
	Next      string // the next page of hubs
	Statuses  []string
	CanCreate bool // the owner creates hubs
}

type hubView struct {
	api.Hub
	Role         string
	Components   []api.Component
	ChangeStatus bool // editor and up
	Manage       bool // manager and up
}

func (p *panel) handleHubs(w http.ResponseWriter, r *http.Request, v *visit) {
	pg := p.newPage(r, v, "Hubs")
	p.showHubs(w, r, v, http.StatusOK, pg)
}

func (p *panel) showHubs(w http.ResponseWriter, r *http.Request, v *visit, status int, pg page) {
	ctx, cred := r.Context(), v.cred()
	hubs, err := p.svc.Hubs(ctx, cred, pageOf(r))
	if err != nil {
		p.fail(w, r, v, err)
		return
	}
	view := hubsView{
		Next:      nextPage("/hubs", r, hubs.NextCursor),
		Statuses:  api.ComponentStatuses(),
		CanCreate: apiserver.ActsAsOwner(v.caller),
	}
	for _, h := range hubs.Data {
		components, err := p.svc.Components(ctx, cred, h.ID, firstPage)
		if err != nil {
			p.fail(w, r, v, err)
			return
		}
		role := apiserver.Role(v.caller, h.ID)
		view.Hubs = append(view.Hubs, hubView{
			Hub:          h,
			Role:         role.String(),
			Components:   components.Data,
			ChangeStatus: roles.Allows(role, roles.ChangeComponentStatus),
			Manage:       roles.Allows(role, roles.ManageComponents),
		})
	}
	pg.Body = view
	p.render(w, r, status, "hubs", pg)
}

func (p *panel) handleCreateHub(w http.ResponseWriter, r *http.Request, v *visit) {
	_, err := p.svc.CreateHub(r.Context(), v.cred(), api.HubCreate{
		Name:      r.PostFormValue("name"),
		Subdomain: r.PostFormValue("subdomain"),
	})
	p.afterHubs(w, r, v, "create-hub", err)
}

func (p *panel) handleCreateComponent(w http.ResponseWriter, r *http.Request, v *visit) {
	hubID := r.PathValue("hub_id")
	in := api.ComponentCreate{Name: r.PostFormValue("name")}
	if s := r.PostFormValue("status"); s != "" {
		in.Status = &s
	}
	_, err := p.svc.CreateComponent(r.Context(), v.cred(), hubID, in)
	p.afterHubs(w, r, v, "create-component-"+hubID, err)
}

func (p *panel) handleComponentStatus(w http.ResponseWriter, r *http.Request, v *visit) {
	status := r.PostFormValue("status")
	componentID := r.PathValue("component_id")
	_, err := p.svc.UpdateComponent(r.Context(), v.cred(), r.PathValue("hub_id"), componentID, api.ComponentUpdate{Status: &status})
	p.afterHubs(w, r, v, "status-"+componentID, err)
}

func (p *panel) handleRenameComponent(w http.ResponseWriter, r *http.Request, v *visit) {
	name := r.PostFormValue("name")
	componentID := r.PathValue("component_id")
	_, err := p.svc.UpdateComponent(r.Context(), v.cred(), r.PathValue("hub_id"), componentID, api.ComponentUpdate{Name: &name})
	p.afterHubs(w, r, v, "rename-"+componentID, err)
}

// afterHubs goes back to the Hubs page, or shows it again with the refusal
// and what was typed.
func (p *panel) afterHubs(w http.ResponseWriter, r *http.Request, v *visit, formID string, err error) {
	p.afterForm(w, r, v, formID, err, "Hubs", "/hubs", p.showHubs)
}

// confirmView asks before a deletion; the form posts to Action.
type confirmView struct {
	Question string
	Action   string
	Button   string
	Back     string
	Keys     []string // for the deletion of several keys
}

func (p *panel) handleConfirmDeleteComponent(w http.ResponseWriter, r *http.Request, v *visit) {
	hubID, componentID := r.PathValue("hub_id"), r.PathValue("component_id")
	cmp, err := p.svc.Component(r.Context(), v.cred(), hubID, componentID)
	if err != nil {
		p.fail(w, r, v, err)
		return
	}
	pg := p.newPage(r, v, "Delete component")
	pg.Body = confirmView{
		Question: "Delete the component " + cmp.Name + "? This cannot be undone.",
		Action:   r.URL.Path,
		Button:   "Delete component",
		Back:     "/hubs",
	}
	p.render(w, r, http.StatusOK, "confirm", pg)
}

func (p *panel) handleDeleteComponent(w http.ResponseWriter, r *http.Request, v *visit) {
	err := p.svc.DeleteComponent(r.Context(), v.cred(), r.PathValue("hub_id"), r.PathValue("component_id"))
	p.afterHubs(w, r, v, "delete-"+r.PathValue("component_id"), err)
}
