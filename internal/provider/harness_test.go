package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// testServer is one acceptance test's own reference API: an in-process
// server on a throw-away store, so tests run in parallel without sharing data.
type testServer struct {
	URL       string
	OwnerKey  string
	AccountID string
	Store     *store.Store
}

// newTestServer starts a server for t with rate limits off, bootstrapped
// with the "default" account; it skips t unless TF_ACC is set, as the
// acceptance framework would, so plain `go test` starts no servers.
func newTestServer(t *testing.T) *testServer {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests run only with TF_ACC=1")
	}
	ctx := context.Background()

	st, err := store.Open(ctx, ":memory:")
	if err != nil {
		t.Fatalf("opening store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })

	ownerKey, _, err := apiserver.Bootstrap(ctx, st)
	if err != nil {
		t.Fatalf("bootstrapping store: %v", err)
	}
	var owner store.Caller
	err = st.View(ctx, func(tx *store.Tx) (err error) {
		owner, err = tx.KeyByHash(apikey.Hash(ownerKey))
		return err
	})
	if err != nil {
		t.Fatalf("looking up the owner key: %v", err)
	}

	srv := httptest.NewServer(apiserver.New(apiserver.Config{
		Store:      st,
		RateLimits: apiserver.RateLimits{Disabled: true},
	}))
	t.Cleanup(srv.Close)

	return &testServer{URL: srv.URL, OwnerKey: ownerKey, AccountID: owner.AccountID, Store: st}
}

// providerConfig is the provider block that points at this server with the
// owner's key.
func (s *testServer) providerConfig() string {
	return fmt.Sprintf(`
provider "statushub" {
  endpoint = %q
  api_key  = %q
}
`, s.URL, s.OwnerKey)
}

// factories serves the provider in process for the test framework.
func (s *testServer) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"statushub": providerserver.NewProtocol6WithError(New("test")()),
	}
}

// client is an owner's API client for changes made out of band.
func (s *testServer) client(t *testing.T) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{Endpoint: s.URL, APIKey: s.OwnerKey})
	if err != nil {
		t.Fatalf("creating client: %v", err)
	}
	return c
}

// checkDestroyed is a CheckDestroy that asks the store whether every
// resource of type typ left in the state is gone: lookup must answer
// store.ErrNotFound for it. Data sources of the same type are skipped.
func (s *testServer) checkDestroyed(typ string, lookup func(tx *store.Tx, accountID string, rs *terraform.ResourceState) error) func(*terraform.State) error {
	return func(state *terraform.State) error {
		for address, rs := range state.RootModule().Resources {
			if rs.Type != typ || strings.HasPrefix(address, "data.") {
				continue
			}
			err := s.Store.View(context.Background(), func(tx *store.Tx) error {
				return lookup(tx, s.AccountID, rs)
			})
			if !errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("%s %s still exists after destroy (lookup error: %v)", typ, rs.Primary.ID, err)
			}
		}
		return nil
	}
}

// errorMatching matches an error that shows each phrase in turn. Terraform
// wraps long lines, so a space in a phrase matches any run of whitespace.
func errorMatching(phrases ...string) *regexp.Regexp {
	quoted := make([]string, len(phrases))
	for i, p := range phrases {
		quoted[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}
