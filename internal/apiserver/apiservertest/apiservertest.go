// Package apiservertest opens a store for tests of the reference API, of
// its pages and of its clients, with the account that `statushub-server
// serve` makes on an empty store.
package apiservertest

import (
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// Open opens the store at path (":memory:" for one of the test's own),
// closes it when tb ends, and gives it its first account: it returns the
// owner key's secret. A store that has an account already fails tb.
func Open(tb testing.TB, path string, opts ...store.Option) (*store.Store, string) {
	tb.Helper()
	st, err := store.Open(tb.Context(), path, opts...)
	if err != nil {
		tb.Fatalf("opening the store: %v", err)
	}
	tb.Cleanup(func() { _ = st.Close() }) // a test may have closed it already
	owner, created, err := apiserver.Bootstrap(tb.Context(), st)
	if err != nil || !created {
		tb.Fatalf("bootstrapping the store: created %v, %v", created, err)
	}
	return st, owner
}
