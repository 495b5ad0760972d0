package store

import (
	"errors"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

func TestComponentRoundTrip(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	f := newFixture(t, s, "status")
	if f.component.Status != api.StatusOperational || f.component.Position != 0 || f.component.Group != nil || f.component.Description != "" {
		t.Errorf("component defaults = %+v, want operational, position 0, no group, no description", f.component)
	}

	created := write(t, s, func(tx *Tx) (api.Component, error) {
		return tx.CreateComponent(f.account.ID, f.hub.ID, api.ComponentCreate{
			Name: "Web", Description: ptr("the site"), Status: ptr(api.StatusMajorOutage), Group: ptr("Edge"),
		})
	})
	want := api.Component{
		ID: created.ID, HubID: f.hub.ID, Name: "Web", Description: "the site", Status: api.StatusMajorOutage,
		Group: ptr("Edge"), Position: 1, CreatedAt: created.CreatedAt, UpdatedAt: created.CreatedAt,
	}
	assertEqual(t, "CreateComponent", created, want)
	got := read(t, s, func(tx *Tx) (api.Component, error) { return tx.Component(f.account.ID, f.hub.ID, created.ID) })
	assertEqual(t, "Component", got, created)

	updated := write(t, s, func(tx *Tx) (api.Component, error) {
		return tx.UpdateComponent(f.account.ID, f.hub.ID, created.ID, api.ComponentUpdate{
			Status: ptr(api.StatusOperational), Group: api.Null[string](), Position: ptr(int64(7)),
		})
	})
	want.Status, want.Group, want.Position, want.UpdatedAt = api.StatusOperational, nil, 7, updated.UpdatedAt
	assertEqual(t, "UpdateComponent", updated, want)
	got = read(t, s, func(tx *Tx) (api.Component, error) { return tx.Component(f.account.ID, f.hub.ID, created.ID) })
	assertEqual(t, "Component after update", got, updated)

	regrouped := write(t, s, func(tx *Tx) (api.Component, error) {
		return tx.UpdateComponent(f.account.ID, f.hub.ID, created.ID, api.ComponentUpdate{Group: api.Value("Core")})
	})
	if regrouped.Group == nil || *regrouped.Group != "Core" {
		t.Errorf("group after setting it = %v, want Core", regrouped.Group)
	}

	page := read(t, s, func(tx *Tx) (api.Page[api.Component], error) {
		return tx.Components(f.account.ID, f.hub.ID, PageRequest{})
	})
	if len(page.Data) != 2 || page.Data[0].ID != f.component.ID || page.Data[1].ID != created.ID {
		t.Errorf("Components = %+v, want the fixture's component then %s", page.Data, created.ID)
	}

	write(t, s, func(tx *Tx) (struct{}, error) {
		return struct{}{}, tx.DeleteComponent(f.account.ID, f.hub.ID, created.ID)
	})
	_, err := tryRead(s, func(tx *Tx) (api.Component, error) { return tx.Component(f.account.ID, f.hub.ID, created.ID) })
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("Component after delete: err = %v, want ErrNotFound", err)
	}
}

func TestComponentDefaultPosition(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	f := newFixture(t, s, "status")

	tests := []struct {
		position *int64
		want     int64
	}{
		{nil, 1},
		{ptr(int64(10)), 10},
		{nil, 11},
		{ptr(int64(3)), 3},
		{nil, 11 + 1},
	}
	for _, tt := range tests {
		c := write(t, s, func(tx *Tx) (api.Component, error) {
			return tx.CreateComponent(f.account.ID, f.hub.ID, api.ComponentCreate{Name: "c", Position: tt.position})
		})
		if c.Position != tt.want {
			t.Errorf("position = %d, want %d", c.Position, tt.want)
		}
	}
}
