package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/clocktest"
)

func TestOpenAppliesMigrationsOnce(t *testing.T) {
	t.Parallel()
	s, path := openFile(t)
	f := newFixture(t, s, "status")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopening an up-to-date file applies nothing and keeps the data.
	s = openPath(t, path)
	version := read(t, s, func(tx *Tx) (int, error) {
		var v int
		return v, tx.queryRow("PRAGMA user_version").Scan(&v)
	})
	migrations, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if version != len(migrations) {
		t.Errorf("user_version = %d, want %d", version, len(migrations))
	}
	got := read(t, s, func(tx *Tx) ([]api.Hub, error) { return tx.AllHubs(f.account.ID) })
	if len(got) != 1 || got[0] != f.hub {
		t.Errorf("hubs after reopen = %+v, want [%+v]", got, f.hub)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	s, path := openFile(t)
	if _, err := s.writer.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Open on a newer schema: err = %v, want a newer-schema error", err)
	}
}

// TestDurableAcrossReopen checks that committed data is in the file once
// the store is closed: everything a client was told is there on restart.
func TestDurableAcrossReopen(t *testing.T) {
	t.Parallel()
	s, path := openFile(t)
	f := newFixture(t, s, "status")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openPath(t, path)
	caller := read(t, s, func(tx *Tx) (Caller, error) { return tx.KeyByHash(newKey("", f.secret).Hash) })
	if caller.Key.ID != f.key.ID || caller.Member.ID != f.member.ID || caller.AccountID != f.account.ID {
		t.Errorf("KeyByHash after reopen = %+v, want key %s of member %s", caller, f.key.ID, f.member.ID)
	}
	component := read(t, s, func(tx *Tx) (api.Component, error) {
		return tx.Component(f.account.ID, f.hub.ID, f.component.ID)
	})
	if component != f.component {
		t.Errorf("component after reopen = %+v, want %+v", component, f.component)
	}
}

func TestUpdateRollsBackOnError(t *testing.T) {
	t.Parallel()
	for name, open := range backends {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			errBoom := errors.New("boom")
			err := s.Update(context.Background(), func(tx *Tx) error {
				account, _, err := tx.CreateAccount("acme", "owner@example.com", "Owner")
				if err != nil {
					return err
				}
				hub, err := tx.CreateHub(account.ID, api.HubCreate{Name: "Status", Subdomain: "status"})
				if err != nil {
					return err
				}
				if _, err := tx.CreateComponent(account.ID, hub.ID, api.ComponentCreate{Name: "API"}); err != nil {
					return err
				}
				return errBoom
			})
			if !errors.Is(err, errBoom) {
				t.Fatalf("Update = %v, want fn's own error", err)
			}
			for _, table := range []string{"accounts", "members", "hubs", "components"} {
				if n := count(t, s, "SELECT COUNT(*) FROM "+table); n != 0 {
					t.Errorf("%s holds %d rows after a rolled back Update, want 0", table, n)
				}
			}
			// The subdomain is free again.
			newFixture(t, s, "status")
		})
	}
}

// TestFileConnectionSettings checks the settings that durability and the
// cascades rest on, on both kinds of connection.
func TestFileConnectionSettings(t *testing.T) {
	t.Parallel()
	s, _ := openFile(t)
	pragma := func(tx *Tx, name string) (string, error) {
		var v string
		return v, tx.queryRow("PRAGMA " + name).Scan(&v)
	}
	tests := map[string]struct {
		run  func(context.Context, func(*Tx) error) error
		want map[string]string
	}{
		"writer": {s.Update, map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1"}},
		"reader": {s.View, map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for p, want := range tt.want {
				var got string
				err := tt.run(context.Background(), func(tx *Tx) error {
					var err error
					got, err = pragma(tx, p)
					return err
				})
				if err != nil || got != want {
					t.Errorf("PRAGMA %s = %q (err %v), want %q", p, got, err, want)
				}
			}
		})
	}
}

func TestViewIsReadOnly(t *testing.T) {
	t.Parallel()
	s, _ := openFile(t)
	err := s.View(context.Background(), func(tx *Tx) error {
		_, _, err := tx.CreateAccount("acme", "owner@example.com", "Owner")
		return err
	})
	if err == nil {
		t.Fatal("CreateAccount in a View succeeded, want an error")
	}
}

// TestSecretsNeverStored writes keys made from real secrets and looks for the
// secrets in every file SQLite writes. The hashes must be there (so the scan
// does see the data), the secrets must not.
func TestSecretsNeverStored(t *testing.T) {
	t.Parallel()
	s, path := openFile(t)
	f := newFixture(t, s, "status")
	secrets := []string{f.secret}
	for range 3 {
		secret := newSecret(t)
		secrets = append(secrets, secret)
		write(t, s, func(tx *Tx) (api.APIKey, error) {
			return tx.CreateKey(f.account.ID, f.member.ID, newKey("deploy", secret))
		})
	}
	reset := newSecret(t)
	secrets = append(secrets, reset)
	k := newKey("", reset)
	write(t, s, func(tx *Tx) (api.APIKey, error) {
		return tx.ResetKey(f.account.ID, f.member.ID, f.key.ID, k.Prefix, k.Hash, tx.now())
	})

	scan := func(when string) {
		var all []byte
		for _, suffix := range []string{"", "-wal", "-shm"} {
			b, err := os.ReadFile(path + suffix)
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
		if !bytes.Contains(all, k.Hash) {
			t.Fatalf("%s: the hash of the reset secret is not in the database files: the scan is blind", when)
		}
		for _, secret := range secrets {
			body := strings.TrimPrefix(secret, "shk_")
			if bytes.Contains(all, []byte(body)) {
				t.Errorf("%s: a secret is in the database files", when)
			}
		}
	}
	scan("while open")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	scan("after close")
}

// TestKeyQuotaUnderConcurrency creates more keys than the quota from as many
// goroutines at once: exactly the quota must be created.
func TestKeyQuotaUnderConcurrency(t *testing.T) {
	t.Parallel()
	const attempts, rounds = api.MaxKeysPerMember + 2, 20
	for name, open := range backends {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			f := newFixture(t, s, "status")
			for round := range rounds {
				member := write(t, s, func(tx *Tx) (api.Member, error) {
					return tx.CreateMember(f.account.ID, api.MemberCreate{Email: strings.Repeat("x", round+1) + "@example.com"})
				})
				errs := make([]error, attempts)
				var wg sync.WaitGroup
				for i := range attempts {
					key := newKey("k", newSecret(t))
					wg.Go(func() {
						errs[i] = s.Update(context.Background(), func(tx *Tx) error {
							_, err := tx.CreateKey(f.account.ID, member.ID, key)
							return err
						})
					})
				}
				wg.Wait()

				var created, refused int
				for _, err := range errs {
					switch {
					case err == nil:
						created++
					case errors.Is(err, ErrQuotaExceeded):
						refused++
					default:
						t.Fatalf("round %d: CreateKey: %v", round, err)
					}
				}
				stored := read(t, s, func(tx *Tx) (int, error) { return tx.CountKeys(f.account.ID, member.ID) })
				if created != api.MaxKeysPerMember || refused != attempts-api.MaxKeysPerMember || stored != api.MaxKeysPerMember {
					t.Fatalf("round %d: created %d, refused %d, stored %d; want %d, %d, %d",
						round, created, refused, stored, api.MaxKeysPerMember, attempts-api.MaxKeysPerMember, api.MaxKeysPerMember)
				}
			}
		})
	}
}

// count runs a SELECT COUNT(*) query.
func count(t *testing.T, s *Store, query string, args ...any) int {
	t.Helper()
	return read(t, s, func(tx *Tx) (int, error) {
		var n int
		return n, tx.queryRow(query, args...).Scan(&n)
	})
}

// TestGeneration: every Update counts, whether it commits or not; a View
// does not.
func TestGeneration(t *testing.T) {
	t.Parallel()
	for name, open := range backends {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			ctx := context.Background()
			start := s.Generation()
			for range 3 {
				if n := count(t, s, "SELECT COUNT(*) FROM accounts"); n != 0 {
					t.Fatalf("%d accounts, want 0", n)
				}
			}
			if s.Generation() != start {
				t.Errorf("views changed the generation from %d to %d", start, s.Generation())
			}
			_ = s.Update(ctx, func(*Tx) error { return errors.New("boom") })
			newFixture(t, s, "status")
			if got := s.Generation(); got != start+2 {
				t.Errorf("generation %d after two updates, want %d", got, start+2)
			}
		})
	}
}

// TestStampsComeFromTheClock checks that every time the store stamps is
// its clock's, normalised as the store keeps times.
func TestStampsComeFromTheClock(t *testing.T) {
	t.Parallel()
	created := time.Date(2025, 1, 1, 12, 0, 0, 123456789, time.FixedZone("CET", 3600))
	clock := clocktest.New(created)
	s := openWithClock(t, clock)
	f := newFixture(t, s, "clocked")
	want := normalize(created)
	for name, got := range map[string]time.Time{
		"owner": f.owner.CreatedAt, "hub": f.hub.CreatedAt, "component": f.component.CreatedAt,
		"member": f.member.CreatedAt, "key": f.key.CreatedAt,
	} {
		if !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("%s created at %v, want %v in UTC", name, got, want)
		}
	}

	clock.Advance(time.Hour)
	hub := write(t, s, func(tx *Tx) (api.Hub, error) {
		return tx.UpdateHub(f.account.ID, f.hub.ID, api.HubUpdate{Name: ptr("Later")})
	})
	event := write(t, s, func(tx *Tx) (api.AuditEvent, error) {
		return tx.AddAuditEvent(f.account.ID, api.AuditEvent{Actor: "Owner", Action: "hub.updated", Target: f.hub.ID})
	})
	if later := want.Add(time.Hour); !hub.UpdatedAt.Equal(later) || !event.Time.Equal(later) || !s.Now().Equal(later) {
		t.Errorf("after an hour: hub updated at %v, event at %v, store's Now %v; want %v", hub.UpdatedAt, event.Time, s.Now(), later)
	}
}
