package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/clocktest"
)

func TestIdempotencyRecords(t *testing.T) {
	t.Parallel()
	clock := clocktest.New(time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC))
	s := openWithClock(t, clock)
	get := func(scope string, keyHash []byte) (IdempotencyRecord, error) {
		return tryRead(s, func(tx *Tx) (IdempotencyRecord, error) { return tx.IdempotencyRecord(scope, keyHash) })
	}
	save := func(r IdempotencyRecord) error {
		return s.Update(context.Background(), func(tx *Tx) error { return tx.SaveIdempotencyRecord(r) })
	}

	fresh := IdempotencyRecord{
		Scope: "key_a", KeyHash: []byte("k1"), RequestHash: []byte("r1"), Status: 201,
		Body: []byte(`{"id":"hub_1"}`), CreatedAt: clock.Now(),
	}
	if err := save(fresh); err != nil {
		t.Fatal(err)
	}
	got, err := get("key_a", []byte("k1"))
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "IdempotencyRecord", got, fresh)

	if _, err := get("key_a", []byte("k2")); !errors.Is(err, ErrNotFound) {
		t.Errorf("another key in the same scope: err = %v, want ErrNotFound", err)
	}
	if _, err := get("key_b", []byte("k1")); !errors.Is(err, ErrNotFound) {
		t.Errorf("same key in another scope: err = %v, want ErrNotFound", err)
	}
	if err := save(fresh); !errors.Is(err, ErrConflict) {
		t.Errorf("saving a live record twice: err = %v, want ErrConflict", err)
	}

	expired := IdempotencyRecord{
		Scope: "key_a", KeyHash: []byte("old"), RequestHash: []byte("r"), Status: 201,
		CreatedAt: clock.Now().Add(-idempotencyTTL - time.Minute),
	}
	if err := save(expired); err != nil {
		t.Fatal(err)
	}
	if _, err := get("key_a", []byte("old")); !errors.Is(err, ErrNotFound) {
		t.Errorf("a record older than 24 hours: err = %v, want ErrNotFound", err)
	}
	// The next save prunes the expired record, so its key can be used again.
	expired.CreatedAt = time.Time{}
	if err := save(expired); err != nil {
		t.Fatalf("saving over an expired record: %v", err)
	}
	if _, err := get("key_a", []byte("old")); err != nil {
		t.Errorf("the record saved over an expired one: %v", err)
	}
}

// TestIdempotencyRecordsExpireByTheStoreClock saves a record stamped by the
// store's clock, then moves the clock to the end of its 24 hours.
func TestIdempotencyRecordsExpireByTheStoreClock(t *testing.T) {
	t.Parallel()
	saved := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	clock := clocktest.New(saved)
	s := openWithClock(t, clock)
	record := IdempotencyRecord{Scope: "key_a", KeyHash: []byte("k"), RequestHash: []byte("r"), Status: 201}
	if err := s.Update(context.Background(), func(tx *Tx) error { return tx.SaveIdempotencyRecord(record) }); err != nil {
		t.Fatal(err)
	}
	get := func() (IdempotencyRecord, error) {
		return tryRead(s, func(tx *Tx) (IdempotencyRecord, error) { return tx.IdempotencyRecord("key_a", []byte("k")) })
	}

	clock.Advance(idempotencyTTL - time.Microsecond)
	got, err := get()
	if err != nil {
		t.Fatalf("a microsecond before the record expires: %v", err)
	}
	if !got.CreatedAt.Equal(saved) {
		t.Errorf("CreatedAt = %v, want the store clock's %v", got.CreatedAt, saved)
	}
	clock.Advance(time.Microsecond)
	if _, err := get(); !errors.Is(err, ErrNotFound) {
		t.Errorf("when the record expires: err = %v, want ErrNotFound", err)
	}
}
