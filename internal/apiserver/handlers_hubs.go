package apiserver

import (
	"net/http"
	"strings"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

func (s *server) handleListHubs(w http.ResponseWriter, r *http.Request) error {
	page, err := listQuery(r, "subdomain")
	if err != nil {
		return err
	}
	return view(s, w, r, listHubs(r.URL.Query().Get("subdomain"), page))
}

func (s *server) handleCreateHub(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[api.HubCreate](r)
	if err != nil {
		return err
	}
	o, err := createHub(in)
	if err != nil {
		return err
	}
	return change(s, w, r, http.StatusCreated, o)
}

func (s *server) handleGetHub(w http.ResponseWriter, r *http.Request) error {
	return view(s, w, r, getHub(r.PathValue("hub_id")))
}

func (s *server) handleUpdateHub(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[api.HubUpdate](r)
	if err != nil {
		return err
	}
	return change(s, w, r, http.StatusOK, updateHub(r.PathValue("hub_id"), in))
}

func (s *server) handleDeleteHub(w http.ResponseWriter, r *http.Request) error {
	return remove(s, w, r, deleteHub(r.PathValue("hub_id")))
}

func listHubs(subdomain string, page store.PageRequest) op[api.Page[api.Hub]] {
	return func(tx *store.Tx, c caller) (api.Page[api.Hub], error) {
		// The owner is admin on every hub; anyone else sees the hubs where
		// its member has a role, which every key of it can read.
		f := store.HubFilter{Subdomain: subdomain, VisibleTo: c.Member.ID}
		if c.Member.Owner {
			f.VisibleTo = ""
		}
		return tx.Hubs(c.AccountID, f, page)
	}
}

func createHub(in api.HubCreate) (op[api.Hub], error) {
	if err := checkHubCreate(in); err != nil {
		return nil, err
	}
	return func(tx *store.Tx, c caller) (api.Hub, error) {
		if err := c.requireOwner("creating a hub"); err != nil {
			return api.Hub{}, err
		}
		hub, err := tx.CreateHub(c.AccountID, in)
		if err != nil {
			return api.Hub{}, err
		}
		return hub, audit(tx, c, "hub.created", hub.ID, "created hub %s (%s)", hub.Name, hub.Subdomain)
	}, nil
}

func getHub(hubID string) op[api.Hub] {
	return func(tx *store.Tx, c caller) (api.Hub, error) {
		return hubFor(tx, c, hubID, roles.ReadHub)
	}
}

func updateHub(hubID string, in api.HubUpdate) op[api.Hub] {
	return func(tx *store.Tx, c caller) (api.Hub, error) {
		hub, err := hubFor(tx, c, hubID, roles.UpdateHub)
		if err != nil {
			return api.Hub{}, err
		}
		if err := checkHubUpdate(hub, in); err != nil {
			return api.Hub{}, err
		}
		changed := hubChanges(hub, in)
		if len(changed) == 0 {
			return hub, nil
		}
		updated, err := tx.UpdateHub(c.AccountID, hub.ID, in)
		if err != nil {
			return api.Hub{}, err
		}
		return updated, audit(tx, c, "hub.updated", hub.ID, "updated hub %s (%s)", hub.Name, strings.Join(changed, ", "))
	}
}

func deleteHub(hubID string) removal {
	return func(tx *store.Tx, c caller) error {
		hub, err := hubFor(tx, c, hubID, roles.DeleteHub)
		if err != nil {
			return err
		}
		if err := tx.DeleteHub(c.AccountID, hub.ID); err != nil {
			return err
		}
		return audit(tx, c, "hub.deleted", hub.ID, "deleted hub %s (%s)", hub.Name, hub.Subdomain)
	}
}

// hubChanges names the fields that u changes.
func hubChanges(h api.Hub, u api.HubUpdate) []string {
	return changedFields(map[string]bool{
		"name":        differs(u.Name, h.Name),
		"subdomain":   differs(u.Subdomain, h.Subdomain),
		"description": differs(u.Description, h.Description),
		"timezone":    differs(u.Timezone, h.Timezone),
		"private":     differs(u.Private, h.Private),
	})
}
