package provider

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver/apiservertest"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
	"github.com/statushub-community/terraform-provider-statushub/internal/clocktest"
	"github.com/statushub-community/terraform-provider-statushub/internal/logtest"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// testServer is one acceptance test's own reference API: an in-process
// server on a throw-away store, so tests run in parallel without sharing data.
type testServer struct {
	URL       string
	OwnerKey  string
	AccountID string
	Store     *store.Store
	now       func() time.Time // the clock of the server and of the provider
	secrets   *secretSet       // the key secrets it gave out
	logs      *logtest.Buffer  // what it logged
	requests  *requestLog      // what it answered
}

// newTestServer starts a server for t with rate limits off, bootstrapped
// with the "default" account; it skips t unless TF_ACC is set, as the
// acceptance framework would, so plain `go test` starts no servers.
func newTestServer(t *testing.T) *testServer {
	t.Helper()
	return newTestServerWith(t, apiserver.Config{RateLimits: apiserver.RateLimits{Disabled: true}})
}

// newClockedTestServer is newTestServer on a clock that moves only when the
// test advances it: the server's and the provider's.
func newClockedTestServer(t *testing.T) (*testServer, *clocktest.Clock) {
	t.Helper()
	clk := clocktest.New(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
	return startTestServer(t, apiserver.Config{RateLimits: apiserver.RateLimits{Disabled: true}}, clk.Now), clk
}

// newTestServerWith is newTestServer with the settings of cfg.
func newTestServerWith(t *testing.T, cfg apiserver.Config) *testServer {
	t.Helper()
	return startTestServer(t, cfg, time.Now)
}

// startTestServer starts a server with the settings of cfg on the clock
// now; the store and the logger are its own. The store is a file of t's,
// so that when t ends the secret sweep can look through it, and through
// the server's log.
func startTestServer(t *testing.T, cfg apiserver.Config, now func() time.Time) *testServer {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests run only with TF_ACC=1")
	}
	ctx := context.Background()
	dir := t.TempDir()
	s := &testServer{now: now, secrets: newSecretSet(), logs: &logtest.Buffer{}, requests: &requestLog{}}
	// Cleanups run last first: this one after the server and the store close.
	t.Cleanup(func() { s.sweep(t, dir) })

	st, ownerKey := apiservertest.Open(t, filepath.Join(dir, "statushub.db"), store.WithClock(now))
	var owner store.Caller
	err := st.View(ctx, func(tx *store.Tx) (err error) {
		owner, err = tx.KeyByHash(apikey.Hash(ownerKey))
		return err
	})
	if err != nil {
		t.Fatalf("looking up the owner key: %v", err)
	}

	cfg.Store = st
	cfg.Logger = slog.New(slog.NewTextHandler(s.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := httptest.NewServer(s.requests.record(recordSecrets(apiserver.New(cfg), func(secret string) {
		s.secrets.add(secret, t.Name())
		issuedSecrets.add(secret, t.Name())
	})))
	t.Cleanup(srv.Close)

	s.URL, s.OwnerKey, s.AccountID, s.Store = srv.URL, ownerKey, owner.AccountID, st
	return s
}

// sweep fails t when the server's log or database files hold a key secret
// that the server gave out.
func (s *testServer) sweep(t *testing.T, dir string) {
	t.Helper()
	s.secrets.checkAbsent(t, "the server log", bytes.NewReader(s.logs.Bytes()))
	s.secrets.checkFilesAbsent(t, dir)
}

// requestLog records the requests a server answers, as "GET /api/v3/hubs".
type requestLog struct {
	mu       sync.Mutex
	requests []string
}

func (l *requestLog) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.requests = append(l.requests, r.Method+" "+r.URL.Path)
		l.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// len is how many requests the server has answered so far.
func (l *requestLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.requests)
}

// since returns the requests answered after the first n.
func (l *requestLog) since(n int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.requests[n:])
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

// providerSource names the provider's source, which a configuration must
// do when the test framework does not write it: that of an import step, or
// one that the test hands to the Terraform CLI itself.
const providerSource = `
terraform {
  required_providers {
    statushub = {
      source = "` + Namespace + `/statushub"
    }
  }
}
`

// factories serves the provider in process for the test framework, on the
// server's clock.
func (s *testServer) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return providerFactories(s.now)
}

// providerFactories serves the provider in process on the clock now.
func providerFactories(now func() time.Time) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"statushub": func() (tfprotov6.ProviderServer, error) { return serverOf(newWithClock("test", now))(), nil },
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

// deletedOutOfBandSteps applies config, then deletes the object at address
// behind Terraform's back with deleteOutOfBand (capture records the ids it
// needs), and expects the next plan to create the object again.
func deletedOutOfBandSteps(t *testing.T, config, address string, capture resource.TestCheckFunc, deleteOutOfBand func(context.Context) error) []resource.TestStep {
	return []resource.TestStep{
		{Config: config, Check: capture},
		{
			PreConfig: func() {
				if err := deleteOutOfBand(context.Background()); err != nil {
					t.Fatalf("deleting %s out of band: %v", address, err)
				}
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
			},
		},
	}
}

// expectNoOtherChanges is a plan check that fails when the plan changes any
// resource but the ones it names.
type expectNoOtherChanges []string

func (e expectNoOtherChanges) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if !slices.Contains(e, rc.Address) && !rc.Change.Actions.NoOp() {
			resp.Error = errors.Join(resp.Error, fmt.Errorf("%s: planned %v, want no change", rc.Address, rc.Change.Actions))
		}
	}
}

// planCheckFunc is a plan check that runs a function just after Terraform
// planned: to look at what the plan did, such as the requests of its refresh.
type planCheckFunc func() error

func (f planCheckFunc) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f()
}
