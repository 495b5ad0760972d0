package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

func TestKeyRoundTrip(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	f := newFixture(t, s, "status")

	nk := newKey("deploy", newSecret(t))
	nk.LimitRole = ptr("viewer")
	created := write(t, s, func(tx *Tx) (api.APIKey, error) { return tx.CreateKey(f.account.ID, f.member.ID, nk) })
	want := api.APIKey{
		ID: created.ID, MemberID: f.member.ID, Name: "deploy", LimitRole: ptr("viewer"),
		Prefix: nk.Prefix, CreatedAt: created.CreatedAt,
	}
	assertEqual(t, "CreateKey", created, want)
	assertEqual(t, "Key", read(t, s, func(tx *Tx) (api.APIKey, error) { return tx.Key(f.account.ID, f.member.ID, created.ID) }), want)

	caller := read(t, s, func(tx *Tx) (Caller, error) { return tx.KeyByHash(nk.Hash) })
	assertEqual(t, "KeyByHash", caller, Caller{AccountID: f.account.ID, AccountName: f.account.Name, Key: want, Member: f.member})

	updated := write(t, s, func(tx *Tx) (api.APIKey, error) {
		return tx.UpdateKey(f.account.ID, f.member.ID, created.ID, api.APIKeyUpdate{Name: ptr("ship"), LimitRole: api.Null[string]()})
	})
	want.Name, want.LimitRole = "ship", nil
	assertEqual(t, "UpdateKey", updated, want)
	relimited := write(t, s, func(tx *Tx) (api.APIKey, error) {
		return tx.UpdateKey(f.account.ID, f.member.ID, created.ID, api.APIKeyUpdate{LimitRole: api.Value("editor")})
	})
	want.LimitRole = ptr("editor")
	assertEqual(t, "UpdateKey limit", relimited, want)

	rk := newKey("", newSecret(t))
	at := time.Date(2030, 1, 2, 3, 4, 5, 6789, time.FixedZone("CET", 3600))
	reset := write(t, s, func(tx *Tx) (api.APIKey, error) {
		return tx.ResetKey(f.account.ID, f.member.ID, created.ID, rk.Prefix, rk.Hash, at)
	})
	want.Prefix, want.ResetAt = rk.Prefix, ptr(at.UTC().Truncate(time.Microsecond))
	assertEqual(t, "ResetKey", reset, want)
	assertEqual(t, "Key after reset", read(t, s, func(tx *Tx) (api.APIKey, error) { return tx.Key(f.account.ID, f.member.ID, created.ID) }), want)
	if _, err := tryRead(s, func(tx *Tx) (Caller, error) { return tx.KeyByHash(nk.Hash) }); !errors.Is(err, ErrNotFound) {
		t.Errorf("KeyByHash with the old secret after reset: err = %v, want ErrNotFound", err)
	}
	if got := read(t, s, func(tx *Tx) (Caller, error) { return tx.KeyByHash(rk.Hash) }); got.Key.ID != created.ID {
		t.Errorf("KeyByHash with the new secret = key %s, want %s", got.Key.ID, created.ID)
	}

	page := read(t, s, func(tx *Tx) (api.Page[api.APIKey], error) { return tx.Keys(f.account.ID, f.member.ID, PageRequest{}) })
	assertEqual(t, "Keys", page, api.Page[api.APIKey]{Data: []api.APIKey{f.key, want}})

	write(t, s, func(tx *Tx) (struct{}, error) { return struct{}{}, tx.DeleteKey(f.account.ID, f.member.ID, created.ID) })
	if _, err := tryRead(s, func(tx *Tx) (Caller, error) { return tx.KeyByHash(rk.Hash) }); !errors.Is(err, ErrNotFound) {
		t.Errorf("KeyByHash after delete: err = %v, want ErrNotFound", err)
	}
	if n := read(t, s, func(tx *Tx) (int, error) { return tx.CountKeys(f.account.ID, f.member.ID) }); n != 1 {
		t.Errorf("CountKeys after delete = %d, want 1", n)
	}
}

func TestTouchKeyIsCoarse(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	f := newFixture(t, s, "status")
	start := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)

	tests := []struct {
		at   time.Time
		want time.Time
	}{
		{start, start},
		{start.Add(30 * time.Second), start},
		{start.Add(time.Minute - time.Microsecond), start},
		{start.Add(time.Minute), start.Add(time.Minute)},
		{start.Add(3 * time.Minute), start.Add(3 * time.Minute)},
	}
	for _, tt := range tests {
		write(t, s, func(tx *Tx) (struct{}, error) { return struct{}{}, tx.TouchKey(f.key.ID, tt.at) })
		k := read(t, s, func(tx *Tx) (api.APIKey, error) { return tx.Key(f.account.ID, f.member.ID, f.key.ID) })
		if k.LastUsedAt == nil || !k.LastUsedAt.Equal(tt.want) {
			t.Errorf("after TouchKey(%s): last_used_at = %v, want %s", tt.at, k.LastUsedAt, tt.want)
		}
	}

	err := s.Update(context.Background(), func(tx *Tx) error { return tx.TouchKey("key_00000000000000000000", start) })
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("TouchKey of an unknown key: err = %v, want ErrNotFound", err)
	}
}
