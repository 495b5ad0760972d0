package store

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/clocktest"
)

// openFile opens a store on a file in a fresh temporary directory.
func openFile(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "statushub.db")
	return openPath(t, path), path
}

func openMemory(t *testing.T) *Store {
	t.Helper()
	return openPath(t, memoryPath)
}

func openPath(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(%q): %v", path, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// openWithClock opens a private in-memory store on clock.
func openWithClock(t *testing.T, clock *clocktest.Clock) *Store {
	t.Helper()
	s, err := Open(context.Background(), memoryPath, WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// backends are the two kinds of store that the tests that touch
// concurrency or durability run against.
var backends = map[string]func(t *testing.T) *Store{
	"file":   func(t *testing.T) *Store { s, _ := openFile(t); return s },
	"memory": openMemory,
}

// write runs fn in an Update and fails the test on an error.
func write[T any](t *testing.T, s *Store, fn func(*Tx) (T, error)) T {
	t.Helper()
	var out T
	err := s.Update(context.Background(), func(tx *Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	return out
}

// read runs fn in a View and fails the test on an error.
func read[T any](t *testing.T, s *Store, fn func(*Tx) (T, error)) T {
	t.Helper()
	out, err := tryRead(s, fn)
	if err != nil {
		t.Fatalf("View: %v", err)
	}
	return out
}

func tryRead[T any](s *Store, fn func(*Tx) (T, error)) (T, error) {
	var out T
	err := s.View(context.Background(), func(tx *Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	return out, err
}

// fixture is an account with an owner, a hub with a component, and a
// member who is editor on the hub and has one key.
type fixture struct {
	account   api.Account
	owner     api.Member
	hub       api.Hub
	component api.Component
	member    api.Member
	key       api.APIKey
	secret    string
}

func newFixture(t *testing.T, s *Store, subdomain string) fixture {
	t.Helper()
	secret := newSecret(t)
	return write(t, s, func(tx *Tx) (fixture, error) {
		var f fixture
		var err error
		if f.account, f.owner, err = tx.CreateAccount("acme", "Owner@Example.com", "Owner"); err != nil {
			return f, err
		}
		if f.hub, err = tx.CreateHub(f.account.ID, api.HubCreate{Name: "Status", Subdomain: subdomain}); err != nil {
			return f, err
		}
		if f.component, err = tx.CreateComponent(f.account.ID, f.hub.ID, api.ComponentCreate{Name: "API"}); err != nil {
			return f, err
		}
		f.member, err = tx.CreateMember(f.account.ID, api.MemberCreate{
			Email: "Ed@Example.com", Name: "Ed", HubRoles: map[string]string{f.hub.ID: "editor"},
		})
		if err != nil {
			return f, err
		}
		f.key, err = tx.CreateKey(f.account.ID, f.member.ID, newKey("ci", secret))
		f.secret = secret
		return f, err
	})
}

func newSecret(t *testing.T) string {
	t.Helper()
	secret, err := apikey.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

func newKey(name, secret string) NewKey {
	return NewKey{Name: name, Prefix: apikey.Prefix(secret), Hash: apikey.Hash(secret)}
}

func ptr[T any](v T) *T { return &v }

// assertEqual compares deeply (pointers by what they point to) and prints
// both sides as JSON, which shows pointers and times readably.
func assertEqual[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Errorf("%s:\n got  %s\n want %s", what, g, w)
	}
}
