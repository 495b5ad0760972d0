package apiserver

import (
	"net/http"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

func (s *server) handleMe(w http.ResponseWriter, r *http.Request) error {
	return view(s, w, r, me)
}

func me(tx *store.Tx, c caller) (api.Me, error) {
	hubs, err := tx.AllHubs(c.AccountID)
	if err != nil {
		return api.Me{}, err
	}
	return api.Me{
		Account: api.Account{ID: c.AccountID, Name: c.AccountName},
		Key:     c.Key,
		Member:  c.memberView(c.Member),
		Roles:   effectiveRoles(hubs, c.Member, c.Key),
	}, nil
}
