package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/clocktest"
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

func TestKeyExpiry(t *testing.T) {
	t.Parallel()
	start := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	clock := clocktest.New(start)
	s := openWithClock(t, clock)
	f := newFixture(t, s, "status")

	nk := newKey("temporary", newSecret(t))
	nk.ExpiresAt = ptr(start.Add(time.Hour).Add(123 * time.Nanosecond))
	created := write(t, s, func(tx *Tx) (api.APIKey, error) { return tx.CreateKey(f.account.ID, f.member.ID, nk) })
	expiresAt := start.Add(time.Hour)
	if created.ExpiresAt == nil || !created.ExpiresAt.Equal(expiresAt) || created.Expired {
		t.Fatalf("CreateKey: expires_at %v, expired %t; want %v, false", created.ExpiresAt, created.Expired, expiresAt)
	}
	readKey := func() api.APIKey {
		return read(t, s, func(tx *Tx) (api.APIKey, error) { return tx.Key(f.account.ID, f.member.ID, created.ID) })
	}
	assertEqual(t, "Key before expiry", readKey(), created)

	clock.Advance(time.Hour)
	want := created
	want.Expired = true
	assertEqual(t, "Key at expiry", readKey(), want)
	caller := read(t, s, func(tx *Tx) (Caller, error) { return tx.KeyByHash(nk.Hash) })
	assertEqual(t, "KeyByHash at expiry", caller.Key, want)
	keys := read(t, s, func(tx *Tx) (api.Page[api.APIKey], error) { return tx.Keys(f.account.ID, f.member.ID, PageRequest{}) })
	assertEqual(t, "Keys at expiry", keys.Data, []api.APIKey{f.key, want})
}

// TestExpiredKeysLeaveTheQuota: a member with the most keys may create
// another once one of them expires, and no more than that.
func TestExpiredKeysLeaveTheQuota(t *testing.T) {
	t.Parallel()
	start := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	clock := clocktest.New(start)
	s := openWithClock(t, clock)
	f := newFixture(t, s, "status") // the member has one key that never expires
	createKey := func(expiresAt *time.Time) error {
		nk := newKey("k", newSecret(t))
		nk.ExpiresAt = expiresAt
		return s.Update(context.Background(), func(tx *Tx) error {
			_, err := tx.CreateKey(f.account.ID, f.member.ID, nk)
			return err
		})
	}
	if err := createKey(ptr(start.Add(time.Minute))); err != nil {
		t.Fatal(err)
	}
	for range api.MaxKeysPerMember - 2 {
		if err := createKey(nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := createKey(nil); !errors.Is(err, ErrQuotaExceeded) {
		t.Fatalf("an 11th key before the expiry: err = %v, want ErrQuotaExceeded", err)
	}

	clock.Advance(time.Minute)
	if n := read(t, s, func(tx *Tx) (int, error) { return tx.CountKeys(f.account.ID, f.member.ID) }); n != api.MaxKeysPerMember-1 {
		t.Errorf("CountKeys after the expiry = %d, want %d", n, api.MaxKeysPerMember-1)
	}
	if err := createKey(nil); err != nil {
		t.Fatalf("a key in place of the expired one: %v", err)
	}
	if err := createKey(nil); !errors.Is(err, ErrQuotaExceeded) {
		t.Fatalf("a key beyond that: err = %v, want ErrQuotaExceeded", err)
	}
}

func TestAccountKeys(t *testing.T) {
	t.Parallel()
	start := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	clock := clocktest.New(start)
	s := openWithClock(t, clock)
	f := newFixture(t, s, "status") // f.key: Ed's, never used
	other := newFixture(t, s, "other")
	ownerKey := write(t, s, func(tx *Tx) (api.APIKey, error) {
		return tx.CreateKey(f.account.ID, f.owner.ID, newKey("admin", newSecret(t)))
	})
	write(t, s, func(tx *Tx) (struct{}, error) { return struct{}{}, tx.TouchKey(ownerKey.ID, start) })
	ownerKey.LastUsedAt = ptr(start)

	list := func(filter KeyFilter, p PageRequest) api.Page[api.APIKey] {
		t.Helper()
		return read(t, s, func(tx *Tx) (api.Page[api.APIKey], error) { return tx.AccountKeys(f.account.ID, filter, p) })
	}
	assertEqual(t, "every key", list(KeyFilter{}, PageRequest{}).Data, []api.APIKey{f.key, ownerKey})
	assertEqual(t, "the member's", list(KeyFilter{MemberID: f.member.ID}, PageRequest{}).Data, []api.APIKey{f.key})
	assertEqual(t, "not used since the use", list(KeyFilter{NotUsedSince: ptr(start)}, PageRequest{}).Data, []api.APIKey{f.key})
	assertEqual(t, "not used since after the use", list(KeyFilter{NotUsedSince: ptr(start.Add(time.Second))}, PageRequest{}).Data,
		[]api.APIKey{f.key, ownerKey})

	first := list(KeyFilter{}, PageRequest{Size: 1})
	second := list(KeyFilter{}, PageRequest{Size: 1, Cursor: first.NextCursor})
	assertEqual(t, "page 1", first.Data, []api.APIKey{f.key})
	assertEqual(t, "page 2", second, api.Page[api.APIKey]{Data: []api.APIKey{ownerKey}})

	_, err := tryRead(s, func(tx *Tx) (api.Page[api.APIKey], error) {
		return tx.AccountKeys(f.account.ID, KeyFilter{MemberID: other.member.ID}, PageRequest{})
	})
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("filtered by a member of another account: err = %v, want ErrNotFound", err)
	}
}
