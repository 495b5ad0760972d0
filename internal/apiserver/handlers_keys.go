package apiserver

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
	"github.com/statushub-community/terraform-provider-statushub/internal/rules"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

func (s *server) handleListKeys(w http.ResponseWriter, r *http.Request) error {
	page, err := listQuery(r)
	if err != nil {
		return err
	}
	return view(s, w, r, listKeys(r.PathValue("member_id"), page))
}

// handleListAccountKeys lists the keys of every member, for the owner: to
// find the keys that expired or that nobody uses any more.
func (s *server) handleListAccountKeys(w http.ResponseWriter, r *http.Request) error {
	page, err := listQuery(r, "member_id", "not_used_since")
	if err != nil {
		return err
	}
	filter, err := accountKeyFilter(r)
	if err != nil {
		return err
	}
	return view(s, w, r, listAccountKeys(filter, page))
}

// accountKeyFilter reads the filters of GET /api-keys.
func accountKeyFilter(r *http.Request) (store.KeyFilter, error) {
	q := r.URL.Query()
	f := store.KeyFilter{MemberID: q.Get("member_id")}
	if v := q.Get("not_used_since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return store.KeyFilter{}, badQuery("not_used_since", "not_used_since must be an RFC 3339 time, such as 2026-01-31T00:00:00Z")
		}
		f.NotUsedSince = &t
	}
	return f, nil
}

func (s *server) handleCreateKey(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[api.APIKeyCreate](r)
	if err != nil {
		return err
	}
	o, err := createKey(r.PathValue("member_id"), in, s.now())
	if err != nil {
		return err
	}
	return change(s, w, r, http.StatusCreated, o)
}

func (s *server) handleGetKey(w http.ResponseWriter, r *http.Request) error {
	return view(s, w, r, getKey(r.PathValue("member_id"), r.PathValue("key_id")))
}

func (s *server) handleUpdateKey(w http.ResponseWriter, r *http.Request) error {
	in, err := decode[api.APIKeyUpdate](r)
	if err != nil {
		return err
	}
	o, err := updateKey(r.PathValue("member_id"), r.PathValue("key_id"), in)
	if err != nil {
		return err
	}
	return change(s, w, r, http.StatusOK, o)
}

func (s *server) handleResetKey(w http.ResponseWriter, r *http.Request) error {
	return change(s, w, r, http.StatusOK, resetKey(r.PathValue("member_id"), r.PathValue("key_id"), s.now))
}

func (s *server) handleDeleteKey(w http.ResponseWriter, r *http.Request) error {
	return remove(s, w, r, deleteKey(r.PathValue("member_id"), r.PathValue("key_id")))
}

// handleEffectiveRoles is readable by the key's own member and the owner:
// the same callers as the key itself.
func (s *server) handleEffectiveRoles(w http.ResponseWriter, r *http.Request) error {
	return view(s, w, r, keyEffectiveRoles(r.PathValue("member_id"), r.PathValue("key_id")))
}

func listKeys(memberID string, page store.PageRequest) op[api.Page[api.APIKey]] {
	return func(tx *store.Tx, c caller) (api.Page[api.APIKey], error) {
		m, err := keyHolder(tx, c, memberID)
		if err != nil {
			return api.Page[api.APIKey]{}, err
		}
		return tx.Keys(c.AccountID, m.ID, page)
	}
}

func listAccountKeys(filter store.KeyFilter, page store.PageRequest) op[api.Page[api.APIKey]] {
	return func(tx *store.Tx, c caller) (api.Page[api.APIKey], error) {
		if err := c.requireOwner("listing every API key of the account"); err != nil {
			return api.Page[api.APIKey]{}, err
		}
		keys, err := tx.AccountKeys(c.AccountID, filter, page)
		if errors.Is(err, store.ErrNotFound) {
			return api.Page[api.APIKey]{}, notFound("member", filter.MemberID)
		}
		return keys, err
	}
}

// createKey checks in at now, the server's time.
func createKey(memberID string, in api.APIKeyCreate, now time.Time) (op[api.APIKey], error) {
	if err := check("name", in.Name, rules.Name); err != nil {
		return nil, err
	}
	if err := checkExpiry("expires_at", in.ExpiresAt, now); err != nil {
		return nil, err
	}
	limit, err := parseLimit("limit_role", in.LimitRole)
	if err != nil {
		return nil, err
	}
	return func(tx *store.Tx, c caller) (api.APIKey, error) {
		m, err := keyHolder(tx, c, memberID)
		if err != nil {
			return api.APIKey{}, err
		}
		if err := c.mayGiveLimit(limit, false); err != nil {
			return api.APIKey{}, err
		}
		secret, err := apikey.Generate()
		if err != nil {
			return api.APIKey{}, err
		}
		k, err := tx.CreateKey(c.AccountID, m.ID, store.NewKey{
			Name:      in.Name,
			LimitRole: in.LimitRole,
			Prefix:    apikey.Prefix(secret),
			Hash:      apikey.Hash(secret),
			ExpiresAt: in.ExpiresAt,
		})
		if errors.Is(err, store.ErrQuotaExceeded) {
			return api.APIKey{}, newError(http.StatusConflict, api.CodeQuotaExceeded, "",
				"member %s already has %d API keys that have not expired, the most a member may have; delete one first", m.ID, api.MaxKeysPerMember)
		}
		if err != nil {
			return api.APIKey{}, err
		}
		k.Secret = secret
		return k, audit(tx, c, "api_key.created", k.ID, "created API key %s (limit_role %s) of %s", k.Name, limit, m.Email)
	}, nil
}

func getKey(memberID, keyID string) op[api.APIKey] {
	return func(tx *store.Tx, c caller) (api.APIKey, error) {
		_, k, err := keyFor(tx, c, memberID, keyID)
		return k, err
	}
}

func updateKey(memberID, keyID string, in api.APIKeyUpdate) (op[api.APIKey], error) {
	var newLimit *string
	if in.LimitRole.Set && !in.LimitRole.Null {
		newLimit = &in.LimitRole.Value
	}
	limit, err := parseLimit("limit_role", newLimit)
	if err != nil {
		return nil, err
	}
	return func(tx *store.Tx, c caller) (api.APIKey, error) {
		m, k, err := keyFor(tx, c, memberID, keyID)
		if err != nil {
			return api.APIKey{}, err
		}
		if err := c.mayChangeKey(k); err != nil {
			return api.APIKey{}, err
		}
		if err := checkChanged("name", in.Name, k.Name, rules.Name); err != nil {
			return api.APIKey{}, err
		}
		if in.LimitRole.Set {
			if err := c.mayGiveLimit(limit, k.ID == c.Key.ID); err != nil {
				return api.APIKey{}, err
			}
		}
		changed := keyChanges(k, in, limit)
		if len(changed) == 0 {
			return k, nil
		}
		updated, err := tx.UpdateKey(c.AccountID, m.ID, k.ID, in)
		if err != nil {
			return api.APIKey{}, err
		}
		return updated, audit(tx, c, "api_key.updated", k.ID, "updated API key %s of %s (%s)", k.Name, m.Email, strings.Join(changed, ", "))
	}, nil
}

// resetKey stamps reset_at with now, the server's clock.
func resetKey(memberID, keyID string, now func() time.Time) op[api.APIKey] {
	return func(tx *store.Tx, c caller) (api.APIKey, error) {
		m, k, err := keyFor(tx, c, memberID, keyID)
		if err != nil {
			return api.APIKey{}, err
		}
		if err := c.mayChangeKey(k); err != nil {
			return api.APIKey{}, err
		}
		secret, err := apikey.Generate()
		if err != nil {
			return api.APIKey{}, err
		}
		// The old hash is replaced in this transaction: the old secret stops
		// working when it commits.
		reset, err := tx.ResetKey(c.AccountID, m.ID, k.ID, apikey.Prefix(secret), apikey.Hash(secret), now())
		if err != nil {
			return api.APIKey{}, err
		}
		reset.Secret = secret
		return reset, audit(tx, c, "api_key.reset", k.ID, "reset API key %s of %s", k.Name, m.Email)
	}
}

func deleteKey(memberID, keyID string) removal {
	return func(tx *store.Tx, c caller) error {
		m, k, err := keyFor(tx, c, memberID, keyID)
		if err != nil {
			return err
		}
		if err := c.mayChangeKey(k); err != nil {
			return err
		}
		if err := tx.DeleteKey(c.AccountID, m.ID, k.ID); err != nil {
			return err
		}
		return audit(tx, c, "api_key.deleted", k.ID, "deleted API key %s of %s", k.Name, m.Email)
	}
}

func keyEffectiveRoles(memberID, keyID string) op[api.EffectiveRoles] {
	return func(tx *store.Tx, c caller) (api.EffectiveRoles, error) {
		m, k, err := keyFor(tx, c, memberID, keyID)
		if err != nil {
			return api.EffectiveRoles{}, err
		}
		hubs, err := tx.AllHubs(c.AccountID)
		if err != nil {
			return api.EffectiveRoles{}, err
		}
		return api.EffectiveRoles{Data: effectiveRoles(hubs, m, k)}, nil
	}
}

func keyChanges(k api.APIKey, u api.APIKeyUpdate, limit roles.Limit) []string {
	return changedFields(map[string]bool{
		"name":       differs(u.Name, k.Name),
		"limit_role": u.LimitRole.Set && limit != limitOf(k),
	})
}
