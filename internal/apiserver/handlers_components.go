package apiserver

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

func (s *server) handleListComponents(w http.ResponseWriter, r *http.Request) error {
	page, err := listQuery(r)
	if err != nil {
		return err
	}
	return view(s, w, r, listComponents(r.PathValue("hub_id"), page))
}

func (s *server) handleCreateComponent(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[api.ComponentCreate](r)
	if err != nil {
		return err
	}
	o, err := createComponent(r.PathValue("hub_id"), in)
	if err != nil {
		return err
	}
	return change(s, w, r, http.StatusCreated, o)
}

func (s *server) handleGetComponent(w http.ResponseWriter, r *http.Request) error {
	return view(s, w, r, getComponent(r.PathValue("hub_id"), r.PathValue("component_id")))
}

func (s *server) handleUpdateComponent(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[api.ComponentUpdate](r)
	if err != nil {
		return err
	}
	return change(s, w, r, http.StatusOK, updateComponent(r.PathValue("hub_id"), r.PathValue("component_id"), in))
}

func (s *server) handleDeleteComponent(w http.ResponseWriter, r *http.Request) error {
	return remove(s, w, r, deleteComponent(r.PathValue("hub_id"), r.PathValue("component_id")))
}

func listComponents(hubID string, page store.PageRequest) op[api.Page[api.Component]] {
	return func(tx *store.Tx, c caller) (api.Page[api.Component], error) {
		hub, err := hubFor(tx, c, hubID, roles.ReadHub)
		if err != nil {
			return api.Page[api.Component]{}, err
		}
		return tx.Components(c.AccountID, hub.ID, page)
	}
}

func createComponent(hubID string, in api.ComponentCreate) (op[api.Component], error) {
	if err := checkComponentCreate(in); err != nil {
		return nil, err
	}
	return func(tx *store.Tx, c caller) (api.Component, error) {
		hub, err := hubFor(tx, c, hubID, roles.ManageComponents)
		if err != nil {
			return api.Component{}, err
		}
		cmp, err := tx.CreateComponent(c.AccountID, hub.ID, in)
		if err != nil {
			return api.Component{}, err
		}
		return cmp, audit(tx, c, "component.created", cmp.ID, "created component %s on hub %s", cmp.Name, hub.Name)
	}, nil
}

func getComponent(hubID, componentID string) op[api.Component] {
	return func(tx *store.Tx, c caller) (api.Component, error) {
		hub, err := hubFor(tx, c, hubID, roles.ReadHub)
		if err != nil {
			return api.Component{}, err
		}
		return componentOf(tx, c, hub.ID, componentID)
	}
}

func updateComponent(hubID, componentID string, in api.ComponentUpdate) op[api.Component] {
	return func(tx *store.Tx, c caller) (api.Component, error) {
		hub, err := hubFor(tx, c, hubID, roles.ReadHub)
		if err != nil {
			return api.Component{}, err
		}
		cmp, err := componentOf(tx, c, hub.ID, componentID)
		if err != nil {
			return api.Component{}, err
		}
		if err := checkComponentUpdate(cmp, in); err != nil {
			return api.Component{}, err
		}
		changed := componentChanges(cmp, in)
		if err := c.mayChangeComponent(hub.ID, changed); err != nil {
			return api.Component{}, err
		}
		if len(changed) == 0 {
			return cmp, nil
		}
		updated, err := tx.UpdateComponent(c.AccountID, hub.ID, cmp.ID, in)
		if err != nil {
			return api.Component{}, err
		}
		return updated, audit(tx, c, "component.updated", cmp.ID, "%s", componentSummary(cmp, updated, changed))
	}
}

func deleteComponent(hubID, componentID string) removal {
	return func(tx *store.Tx, c caller) error {
		hub, err := hubFor(tx, c, hubID, roles.ManageComponents)
		if err != nil {
			return err
		}
		cmp, err := componentOf(tx, c, hub.ID, componentID)
		if err != nil {
			return err
		}
		if err := tx.DeleteComponent(c.AccountID, hub.ID, cmp.ID); err != nil {
			return err
		}
		return audit(tx, c, "component.deleted", cmp.ID, "deleted component %s from hub %s", cmp.Name, hub.Name)
	}
}

func componentOf(tx *store.Tx, c caller, hubID, componentID string) (api.Component, error) {
	cmp, err := tx.Component(c.AccountID, hubID, componentID)
	if errors.Is(err, store.ErrNotFound) {
		return api.Component{}, notFound("component", componentID)
	}
	return cmp, err
}

// mayChangeComponent: changing only the status is an editor's job (what an
// incident tool does); changing anything else needs a manager.
func (c caller) mayChangeComponent(hubID string, changed []string) error {
	for _, field := range changed {
		if field != "status" {
			return c.may(hubID, roles.ManageComponents, field)
		}
	}
	return c.may(hubID, roles.ChangeComponentStatus, "")
}

// componentChanges names the fields that u changes.
func componentChanges(cmp api.Component, u api.ComponentUpdate) []string {
	return changedFields(map[string]bool{
		"name":        differs(u.Name, cmp.Name),
		"description": differs(u.Description, cmp.Description),
		"status":      differs(u.Status, cmp.Status),
		"group":       groupDiffers(u.Group, cmp.Group),
		"position":    differs(u.Position, cmp.Position),
	})
}

func groupDiffers(sent api.Nullable[string], current *string) bool {
	switch {
	case !sent.Set:
		return false
	case sent.Null:
		return current != nil
	default:
		return current == nil || *current != sent.Value
	}
}

// componentSummary reads like the Statuspage notification it follows:
// "updated component API from operational to major_outage".
func componentSummary(before, after api.Component, changed []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "updated component %s", before.Name)
	if slices.Contains(changed, "status") {
		fmt.Fprintf(&b, " from %s to %s", before.Status, after.Status)
	}
	others := slices.DeleteFunc(slices.Clone(changed), func(f string) bool { return f == "status" })
	if len(others) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(others, ", "))
	}
	return b.String()
}
