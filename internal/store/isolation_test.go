package store

import (
	"context"
	"errors"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// TestAccountIsolation calls every method that takes ids with account A and
// ids of account B: each must answer ErrNotFound.
func TestAccountIsolation(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	a := newFixture(t, s, "alpha")
	b := newFixture(t, s, "bravo")
	acc := a.account.ID
	nk := newKey("x", newSecret(t))

	tests := map[string]func(tx *Tx) error{
		"Hub":       func(tx *Tx) error { _, err := tx.Hub(acc, b.hub.ID); return err },
		"UpdateHub": func(tx *Tx) error { _, err := tx.UpdateHub(acc, b.hub.ID, api.HubUpdate{Name: ptr("x")}); return err },
		"DeleteHub": func(tx *Tx) error { return tx.DeleteHub(acc, b.hub.ID) },

		"CreateComponent": func(tx *Tx) error {
			_, err := tx.CreateComponent(acc, b.hub.ID, api.ComponentCreate{Name: "x"})
			return err
		},
		"Component":                func(tx *Tx) error { _, err := tx.Component(acc, b.hub.ID, b.component.ID); return err },
		"Component of another hub": func(tx *Tx) error { _, err := tx.Component(acc, a.hub.ID, b.component.ID); return err },
		"Components":               func(tx *Tx) error { _, err := tx.Components(acc, b.hub.ID, PageRequest{}); return err },
		"UpdateComponent":          func(tx *Tx) error { return updateComponent(tx, acc, b.hub.ID, b.component.ID) },
		"UpdateComponent of other": func(tx *Tx) error { return updateComponent(tx, acc, a.hub.ID, b.component.ID) },
		"DeleteComponent":          func(tx *Tx) error { return tx.DeleteComponent(acc, b.hub.ID, b.component.ID) },
		"DeleteComponent of other": func(tx *Tx) error { return tx.DeleteComponent(acc, a.hub.ID, b.component.ID) },
		"Member":                   func(tx *Tx) error { _, err := tx.Member(acc, b.member.ID); return err },
		"UpdateMember": func(tx *Tx) error {
			_, err := tx.UpdateMember(acc, b.member.ID, api.MemberUpdate{Name: ptr("x")})
			return err
		},
		"DeleteMember":                func(tx *Tx) error { return tx.DeleteMember(acc, b.member.ID) },
		"DeleteMember owner":          func(tx *Tx) error { return tx.DeleteMember(acc, b.owner.ID) },
		"SetHubRole member":           func(tx *Tx) error { return tx.SetHubRole(acc, b.member.ID, a.hub.ID, "admin") },
		"SetHubRole hub":              func(tx *Tx) error { return tx.SetHubRole(acc, a.member.ID, b.hub.ID, "admin") },
		"RemoveHubRole":               func(tx *Tx) error { return tx.RemoveHubRole(acc, b.member.ID, b.hub.ID) },
		"CreateMember with other hub": func(tx *Tx) error { return createMemberOn(tx, acc, b.hub.ID) },
		"UpdateMember with other hub": func(tx *Tx) error {
			_, err := tx.UpdateMember(acc, a.member.ID, api.MemberUpdate{HubRoles: &map[string]string{b.hub.ID: "admin"}})
			return err
		},

		"CreateKey":           func(tx *Tx) error { _, err := tx.CreateKey(acc, b.member.ID, nk); return err },
		"Key":                 func(tx *Tx) error { _, err := tx.Key(acc, b.member.ID, b.key.ID); return err },
		"Key of other member": func(tx *Tx) error { _, err := tx.Key(acc, a.member.ID, b.key.ID); return err },
		"Keys":                func(tx *Tx) error { _, err := tx.Keys(acc, b.member.ID, PageRequest{}); return err },
		"CountKeys":           func(tx *Tx) error { _, err := tx.CountKeys(acc, b.member.ID); return err },
		"UpdateKey":           func(tx *Tx) error { return updateKey(tx, acc, b.member.ID, b.key.ID) },
		"UpdateKey of other":  func(tx *Tx) error { return updateKey(tx, acc, a.member.ID, b.key.ID) },
		"ResetKey": func(tx *Tx) error {
			_, err := tx.ResetKey(acc, b.member.ID, b.key.ID, nk.Prefix, nk.Hash, tx.now())
			return err
		},
		"ResetKey of other": func(tx *Tx) error {
			_, err := tx.ResetKey(acc, a.member.ID, b.key.ID, nk.Prefix, nk.Hash, tx.now())
			return err
		},
		"DeleteKey":          func(tx *Tx) error { return tx.DeleteKey(acc, b.member.ID, b.key.ID) },
		"DeleteKey of other": func(tx *Tx) error { return tx.DeleteKey(acc, a.member.ID, b.key.ID) },
	}
	for name, fn := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if err := s.Update(context.Background(), fn); !errors.Is(err, ErrNotFound) {
				t.Fatalf("err = %v, want ErrNotFound", err)
			}
		})
	}

	t.Run("lists", func(t *testing.T) {
		t.Parallel()
		hubs := read(t, s, func(tx *Tx) (api.Page[api.Hub], error) { return tx.Hubs(acc, HubFilter{}, PageRequest{}) })
		assertEqual(t, "Hubs", hubs.Data, []api.Hub{a.hub})
		all := read(t, s, func(tx *Tx) ([]api.Hub, error) { return tx.AllHubs(acc) })
		assertEqual(t, "AllHubs", all, []api.Hub{a.hub})
		bySubdomain := read(t, s, func(tx *Tx) (api.Page[api.Hub], error) {
			return tx.Hubs(acc, HubFilter{Subdomain: "bravo"}, PageRequest{})
		})
		assertEqual(t, "Hubs by another account's subdomain", bySubdomain.Data, []api.Hub{})
		members := read(t, s, func(tx *Tx) (api.Page[api.Member], error) { return tx.Members(acc, MemberFilter{}, PageRequest{}) })
		assertEqual(t, "Members", members.Data, []api.Member{a.owner, a.member})
	})
}

func updateComponent(tx *Tx, accountID, hubID, componentID string) error {
	_, err := tx.UpdateComponent(accountID, hubID, componentID, api.ComponentUpdate{Status: ptr(api.StatusMajorOutage)})
	return err
}

func updateKey(tx *Tx, accountID, memberID, keyID string) error {
	_, err := tx.UpdateKey(accountID, memberID, keyID, api.APIKeyUpdate{Name: ptr("x")})
	return err
}

func createMemberOn(tx *Tx, accountID, hubID string) error {
	_, err := tx.CreateMember(accountID, api.MemberCreate{Email: "new@example.com", HubRoles: map[string]string{hubID: "viewer"}})
	return err
}
