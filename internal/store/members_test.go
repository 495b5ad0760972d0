package store

import (
	"context"
	"errors"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

func TestMemberRoundTrip(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	f := newFixture(t, s, "status")
	second := write(t, s, func(tx *Tx) (api.Hub, error) {
		return tx.CreateHub(f.account.ID, api.HubCreate{Name: "Second", Subdomain: "second"})
	})

	assertEqual(t, "owner", f.owner, api.Member{
		ID: f.owner.ID, Email: "owner@example.com", Name: "Owner", Owner: true,
		HubRoles: map[string]string{}, CreatedAt: f.owner.CreatedAt,
	})
	want := api.Member{
		ID: f.member.ID, Email: "ed@example.com", Name: "Ed",
		HubRoles: map[string]string{f.hub.ID: "editor"}, CreatedAt: f.member.CreatedAt,
	}
	assertEqual(t, "CreateMember", f.member, want)
	assertEqual(t, "Member", read(t, s, func(tx *Tx) (api.Member, error) { return tx.Member(f.account.ID, f.member.ID) }), want)

	updated := write(t, s, func(tx *Tx) (api.Member, error) {
		return tx.UpdateMember(f.account.ID, f.member.ID, api.MemberUpdate{
			Email: ptr("EDDIE@example.com"), HubRoles: &map[string]string{second.ID: "admin"},
		})
	})
	want.Email, want.HubRoles = "eddie@example.com", map[string]string{second.ID: "admin"}
	assertEqual(t, "UpdateMember", updated, want)
	assertEqual(t, "Member after update", read(t, s, func(tx *Tx) (api.Member, error) { return tx.Member(f.account.ID, f.member.ID) }), want)

	renamed := write(t, s, func(tx *Tx) (api.Member, error) {
		return tx.UpdateMember(f.account.ID, f.member.ID, api.MemberUpdate{Name: ptr("Eddie")})
	})
	want.Name = "Eddie"
	assertEqual(t, "UpdateMember without hub_roles keeps them", renamed, want)

	write(t, s, func(tx *Tx) (struct{}, error) {
		return struct{}{}, tx.SetHubRole(f.account.ID, f.member.ID, f.hub.ID, "viewer")
	})
	write(t, s, func(tx *Tx) (struct{}, error) {
		return struct{}{}, tx.SetHubRole(f.account.ID, f.member.ID, second.ID, "manager")
	})
	want.HubRoles = map[string]string{f.hub.ID: "viewer", second.ID: "manager"}
	assertEqual(t, "Member after SetHubRole", read(t, s, func(tx *Tx) (api.Member, error) { return tx.Member(f.account.ID, f.member.ID) }), want)

	write(t, s, func(tx *Tx) (struct{}, error) {
		return struct{}{}, tx.RemoveHubRole(f.account.ID, f.member.ID, second.ID)
	})
	want.HubRoles = map[string]string{f.hub.ID: "viewer"}
	assertEqual(t, "Member after RemoveHubRole", read(t, s, func(tx *Tx) (api.Member, error) { return tx.Member(f.account.ID, f.member.ID) }), want)
	err := s.Update(context.Background(), func(tx *Tx) error { return tx.RemoveHubRole(f.account.ID, f.member.ID, second.ID) })
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("RemoveHubRole of a role the member does not have: err = %v, want ErrNotFound", err)
	}

	page := read(t, s, func(tx *Tx) (api.Page[api.Member], error) {
		return tx.Members(f.account.ID, MemberFilter{}, PageRequest{})
	})
	assertEqual(t, "Members", page, api.Page[api.Member]{Data: []api.Member{f.owner, want}})
	page = read(t, s, func(tx *Tx) (api.Page[api.Member], error) {
		return tx.Members(f.account.ID, MemberFilter{Email: "Eddie@Example.COM"}, PageRequest{})
	})
	assertEqual(t, "Members by email", page, api.Page[api.Member]{Data: []api.Member{want}})

	write(t, s, func(tx *Tx) (struct{}, error) { return struct{}{}, tx.DeleteMember(f.account.ID, f.member.ID) })
	if _, err := tryRead(s, func(tx *Tx) (api.Member, error) { return tx.Member(f.account.ID, f.member.ID) }); !errors.Is(err, ErrNotFound) {
		t.Errorf("Member after delete: err = %v, want ErrNotFound", err)
	}
}

func TestEmailConflicts(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	a := newFixture(t, s, "status")
	b := newFixture(t, s, "other")

	tests := map[string]struct {
		fn       func(tx *Tx) error
		conflict bool
	}{
		"same email, other case": {func(tx *Tx) error {
			_, err := tx.CreateMember(a.account.ID, api.MemberCreate{Email: "ED@example.COM"})
			return err
		}, true},
		"update to a taken email": {func(tx *Tx) error {
			_, err := tx.UpdateMember(a.account.ID, a.member.ID, api.MemberUpdate{Email: ptr("Owner@example.com")})
			return err
		}, true},
		"same email in another account": {func(tx *Tx) error {
			_, err := tx.UpdateMember(b.account.ID, b.member.ID, api.MemberUpdate{Email: ptr("EDWARD@example.com")})
			if err != nil {
				return err
			}
			_, err = tx.CreateMember(a.account.ID, api.MemberCreate{Email: "edward@example.com"})
			return err
		}, false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := s.Update(context.Background(), tt.fn)
			if !tt.conflict {
				if err != nil {
					t.Fatalf("err = %v, want none", err)
				}
				return
			}
			var conflict *ConflictError
			if !errors.Is(err, ErrConflict) || !errors.As(err, &conflict) || conflict.Field != "email" {
				t.Fatalf("err = %v, want a *ConflictError on email", err)
			}
		})
	}
}

func TestDeleteMemberCascades(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	f := newFixture(t, s, "status")
	keep := newFixture(t, s, "keep")
	write(t, s, func(tx *Tx) (api.APIKey, error) {
		return tx.CreateKey(f.account.ID, f.member.ID, newKey("second", newSecret(t)))
	})

	write(t, s, func(tx *Tx) (struct{}, error) { return struct{}{}, tx.DeleteMember(f.account.ID, f.member.ID) })

	if n := count(t, s, "SELECT COUNT(*) FROM api_keys WHERE member_id = ?", f.member.ID); n != 0 {
		t.Errorf("%d keys left after deleting their member", n)
	}
	if n := count(t, s, "SELECT COUNT(*) FROM hub_roles WHERE member_id = ?", f.member.ID); n != 0 {
		t.Errorf("%d hub roles left after deleting their member", n)
	}
	if _, err := tryRead(s, func(tx *Tx) (Caller, error) { return tx.KeyByHash(newKey("", f.secret).Hash) }); !errors.Is(err, ErrNotFound) {
		t.Errorf("KeyByHash with a deleted member's secret: err = %v, want ErrNotFound", err)
	}
	// Another member's rows are untouched.
	if n := count(t, s, "SELECT COUNT(*) FROM api_keys WHERE member_id = ?", keep.member.ID); n != 1 {
		t.Errorf("another member has %d keys, want 1", n)
	}
}

func TestOwnerCannotBeDeleted(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	f := newFixture(t, s, "status")
	err := s.Update(context.Background(), func(tx *Tx) error { return tx.DeleteMember(f.account.ID, f.owner.ID) })
	var conflict *ConflictError
	if !errors.As(err, &conflict) || conflict.Field != "owner" {
		t.Fatalf("DeleteMember(owner): err = %v, want a *ConflictError on owner", err)
	}
}
