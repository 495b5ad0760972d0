package store

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

func TestHubRoundTrip(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	f := newFixture(t, s, "status")

	created := write(t, s, func(tx *Tx) (api.Hub, error) {
		return tx.CreateHub(f.account.ID, api.HubCreate{
			Name: "Internal", Subdomain: "internal", Description: ptr("staff only"),
			Timezone: ptr("Europe/Berlin"), Private: ptr(true),
		})
	})
	want := api.Hub{
		ID: created.ID, Name: "Internal", Subdomain: "internal", Description: "staff only",
		Timezone: "Europe/Berlin", Private: true, CreatedAt: created.CreatedAt, UpdatedAt: created.CreatedAt,
	}
	if created != want {
		t.Errorf("CreateHub = %+v, want %+v", created, want)
	}
	if got := read(t, s, func(tx *Tx) (api.Hub, error) { return tx.Hub(f.account.ID, created.ID) }); got != created {
		t.Errorf("Hub = %+v, want %+v", got, created)
	}

	updated := write(t, s, func(tx *Tx) (api.Hub, error) {
		return tx.UpdateHub(f.account.ID, created.ID, api.HubUpdate{Name: ptr("Staff"), Private: ptr(false)})
	})
	want.Name, want.Private, want.UpdatedAt = "Staff", false, updated.UpdatedAt
	if updated != want || updated.UpdatedAt.Before(created.UpdatedAt) {
		t.Errorf("UpdateHub = %+v, want %+v", updated, want)
	}
	if got := read(t, s, func(tx *Tx) (api.Hub, error) { return tx.Hub(f.account.ID, created.ID) }); got != updated {
		t.Errorf("Hub after update = %+v, want %+v", got, updated)
	}

	all := read(t, s, func(tx *Tx) ([]api.Hub, error) { return tx.AllHubs(f.account.ID) })
	if len(all) != 2 || all[0] != f.hub || all[1] != updated {
		t.Errorf("AllHubs = %+v, want the fixture's hub then %s", all, updated.ID)
	}

	write(t, s, func(tx *Tx) (struct{}, error) { return struct{}{}, tx.DeleteHub(f.account.ID, created.ID) })
	if _, err := tryRead(s, func(tx *Tx) (api.Hub, error) { return tx.Hub(f.account.ID, created.ID) }); !errors.Is(err, ErrNotFound) {
		t.Errorf("Hub after delete: err = %v, want ErrNotFound", err)
	}
}

func TestHubDefaults(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	f := newFixture(t, s, "status")
	if f.hub.Timezone != "UTC" || f.hub.Private || f.hub.Description != "" {
		t.Errorf("hub defaults = timezone %q, private %v, description %q; want UTC, false, empty",
			f.hub.Timezone, f.hub.Private, f.hub.Description)
	}
}

func TestSubdomainConflicts(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	a := newFixture(t, s, "status")
	b := newFixture(t, s, "other")

	tests := map[string]func(tx *Tx) error{
		"same account": func(tx *Tx) error {
			_, err := tx.CreateHub(a.account.ID, api.HubCreate{Name: "x", Subdomain: "status"})
			return err
		},
		"another account": func(tx *Tx) error {
			_, err := tx.CreateHub(b.account.ID, api.HubCreate{Name: "x", Subdomain: "status"})
			return err
		},
		"other case": func(tx *Tx) error {
			_, err := tx.CreateHub(b.account.ID, api.HubCreate{Name: "x", Subdomain: "Status"})
			return err
		},
		"update": func(tx *Tx) error {
			_, err := tx.UpdateHub(b.account.ID, b.hub.ID, api.HubUpdate{Subdomain: ptr("status")})
			return err
		},
	}
	for name, fn := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := s.Update(context.Background(), fn)
			var conflict *ConflictError
			if !errors.Is(err, ErrConflict) || !errors.As(err, &conflict) || conflict.Field != "subdomain" {
				t.Fatalf("err = %v, want a *ConflictError on subdomain", err)
			}
		})
	}
}

func TestHubsFilter(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	f := newFixture(t, s, "status")
	hidden := write(t, s, func(tx *Tx) (api.Hub, error) {
		hub, err := tx.CreateHub(f.account.ID, api.HubCreate{Name: "Hidden", Subdomain: "hidden"})
		if err != nil {
			return hub, err
		}
		return hub, tx.SetHubRole(f.account.ID, f.member.ID, hub.ID, "no_access")
	})
	other := write(t, s, func(tx *Tx) (api.Hub, error) {
		return tx.CreateHub(f.account.ID, api.HubCreate{Name: "Other", Subdomain: "other"})
	})

	tests := map[string]struct {
		filter HubFilter
		want   []string
	}{
		"all":                  {HubFilter{}, []string{f.hub.ID, hidden.ID, other.ID}},
		"subdomain":            {HubFilter{Subdomain: "hidden"}, []string{hidden.ID}},
		"unknown subdomain":    {HubFilter{Subdomain: "nope"}, nil},
		"visible to member":    {HubFilter{VisibleTo: f.member.ID}, []string{f.hub.ID}},
		"visible and filtered": {HubFilter{Subdomain: "other", VisibleTo: f.member.ID}, nil},
		"visible to no roles":  {HubFilter{VisibleTo: f.owner.ID}, nil},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			page := read(t, s, func(tx *Tx) (api.Page[api.Hub], error) { return tx.Hubs(f.account.ID, tt.filter, PageRequest{}) })
			if got := hubIDs(page.Data); !slices.Equal(got, tt.want) {
				t.Errorf("Hubs(%+v) = %v, want %v", tt.filter, got, tt.want)
			}
		})
	}
}

func TestDeleteHubCascades(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	f := newFixture(t, s, "status")
	keep := newFixture(t, s, "keep")

	write(t, s, func(tx *Tx) (struct{}, error) { return struct{}{}, tx.DeleteHub(f.account.ID, f.hub.ID) })

	if n := count(t, s, "SELECT COUNT(*) FROM components WHERE hub_id = ?", f.hub.ID); n != 0 {
		t.Errorf("%d components left after deleting their hub", n)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM hub_roles WHERE hub_id = ?", f.hub.ID); n != 0 {
		t.Errorf("%d hub roles left after deleting their hub", n)
	}
	member := read(t, s, func(tx *Tx) (api.Member, error) { return tx.Member(f.account.ID, f.member.ID) })
	if len(member.HubRoles) != 0 {
		t.Errorf("member's hub roles after deleting the hub = %v, want none", member.HubRoles)
	}
	// Another hub's rows are untouched.
	if n := count(t, s, "SELECT COUNT(*) FROM components WHERE hub_id = ?", keep.hub.ID); n != 1 {
		t.Errorf("another hub has %d components, want 1", n)
	}
}

func hubIDs(hubs []api.Hub) []string {
	var ids []string
	for _, h := range hubs {
		ids = append(ids, h.ID)
	}
	return ids
}
