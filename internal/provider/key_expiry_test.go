package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
	"github.com/statushub-community/terraform-provider-statushub/internal/clocktest"
)

// TestAccAPIKeyResource_expiry lets a key of a member at its quota expire:
// its secret is refused as expired, the next plan replaces it, and with
// create_before_destroy the new key is created while the expired one still
// exists, which the quota allows because an expired key no longer counts.
func TestAccAPIKeyResource_expiry(t *testing.T) {
	srv, clk := newClockedTestServer(t)
	member := srv.createMember(t, "expiring@example.com")
	srv.createKeys(t, member, api.MaxKeysPerMember-1)
	rotated := srv.rotationCheck(keyAddr)
	var oldSecret string
	config := srv.keyConfig(member, "ci", `expires_in = "2s"
  lifecycle {
    create_before_destroy = true
  }`)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact(rfc3339(clk.Now().Add(2*time.Second)))),
				},
				Check: resource.ComposeAggregateTestCheckFunc(rotated, captureSecret(keyAddr, &oldSecret),
					srv.checkKeyCount(member, api.MaxKeysPerMember)),
			},
			{
				PreConfig: func() {
					clk.Advance(3 * time.Second)
					if err := srv.expectKeyExpired(oldSecret); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionCreateBeforeDestroy),
					plancheck.ExpectUnknownValue(keyAddr, tfjsonpath.New("expires_at")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact(rfc3339(clk.Now().Add(5*time.Second)))),
				},
				Check: resource.ComposeAggregateTestCheckFunc(rotated, srv.checkKeyCount(member, api.MaxKeysPerMember)),
			},
		},
	})
}

// TestAccAPIKeyResource_rotateBefore moves the clock to a second before
// rotate_before's window, where the plan is empty, then into it, where the
// plan replaces the key. Before that, the key is imported, expires_at with
// it, and rotate_before changes in place.
func TestAccAPIKeyResource_rotateBefore(t *testing.T) {
	srv, clk := newClockedTestServer(t)
	member := srv.createMember(t, "scheduled@example.com")
	start := clk.Now()
	config := func(rotateBefore string) string {
		return srv.keyConfig(member, "ci", fmt.Sprintf(`expires_in    = "720h"
  rotate_before = %q`, rotateBefore))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		CheckDestroy:             srv.checkDestroyed("statushub_api_key", keyInStore),
		Steps: []resource.TestStep{
			{
				Config: srv.keyConfig(member, "ci", `expires_in    = "24h"
  rotate_before = "24h"`),
				ExpectError: errorMatching("rotate_before (24h) must be shorter than expires_in (24h)"),
			},
			{
				Config: config("24h"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact(rfc3339(start.Add(720*time.Hour)))),
				},
			},
			{
				ResourceName:            keyAddr,
				ImportState:             true,
				ImportStateIdFunc:       keyImportID(keyAddr),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"secret", "expires_in", "rotate_before"},
			},
			{
				Config: config("168h"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionUpdate),
				}},
			},
			{
				PreConfig: func() { clk.Advance(552*time.Hour - time.Second) },
				Config:    config("168h"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				PreConfig: func() { clk.Advance(time.Second) },
				Config:    config("168h"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("expires_at"), knownvalue.StringExact(rfc3339(start.Add(552*time.Hour+720*time.Hour)))),
				},
			},
		},
	})
}

func TestRotationDue(t *testing.T) {
	t.Parallel()
	expiresAt := time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC)
	week := 7 * 24 * time.Hour
	for name, tc := range map[string]struct {
		rotateBefore time.Duration
		now          time.Time
		want         string
		due          bool
	}{
		"before the window":  {week, expiresAt.Add(-week - time.Second), "", false},
		"window starts":      {week, expiresAt.Add(-week), "The key expires at 2026-12-31T12:00:00Z, within rotate_before (168h0m0s).", true},
		"no window":          {0, expiresAt.Add(-time.Second), "", false},
		"expired":            {0, expiresAt, "The key expired at 2026-12-31T12:00:00Z.", true},
		"expired, in window": {week, expiresAt.Add(time.Hour), "The key expired at 2026-12-31T12:00:00Z.", true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, due := rotationDue(expiresAt, tc.rotateBefore, tc.now)
			if got != tc.want || due != tc.due {
				t.Errorf("rotationDue = %q, %v; want %q, %v", got, due, tc.want, tc.due)
			}
		})
	}
}

// rfc3339 is how the state shows a time.
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// captureSecret records the secret of the key at addr.
func captureSecret(addr string, secret *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s is not in the state", addr)
		}
		*secret = rs.Primary.Attributes["secret"]
		return nil
	}
}

// expectKeyExpired checks that the API refuses secret as expired. The
// error never quotes the secret.
func (s *testServer) expectKeyExpired(secret string) error {
	c, err := client.New(client.Config{Endpoint: s.URL, APIKey: secret})
	if err != nil {
		return fmt.Errorf("creating a client with the old secret: %w", err)
	}
	_, err = c.Me(context.Background())
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusUnauthorized || ce.Code != api.CodeKeyExpired {
		return fmt.Errorf("GET /me with the old secret answered %v, want 401 %s", err, api.CodeKeyExpired)
	}
	return nil
}

// keysNamed is a list check of keys with these names, in this order.
func keysNamed(names ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(names))
	for i, name := range names {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(name)})
	}
	return knownvalue.ListExact(checks)
}

// TestAccAPIKeysDataSource_notUsedFor lists the account's keys with and
// without not_used_for, 91 days after a key was last used: that key and
// the never used ones are listed, a key used since and the keys of another
// account are not.
func TestAccAPIKeysDataSource_notUsedFor(t *testing.T) {
	srv, clk := newClockedTestServer(t)
	alice := srv.createMember(t, "alice@example.com")
	bob := srv.createMember(t, "bob@example.com")
	aliceOld := srv.createKeyAt(t, clk, alice, "alice-old")
	aliceNew := srv.createKeyAt(t, clk, alice, "alice-new")
	srv.createKeyAt(t, clk, bob, "bob-never")
	if _, _, err := apiserver.CreateAccount(context.Background(), srv.Store, "Other", "other@example.com"); err != nil {
		t.Fatalf("creating another account: %v", err)
	}
	srv.use(t, aliceOld)
	clk.Advance(91 * 24 * time.Hour)
	srv.use(t, aliceNew)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		Steps: []resource.TestStep{
			{
				Config: srv.providerConfig() + fmt.Sprintf(`
data "statushub_api_keys" "all" {}

data "statushub_api_keys" "unused" {
  not_used_for = "2160h"
}

data "statushub_api_keys" "bob_unused" {
  member_id    = %q
  not_used_for = "2160h"
}
`, bob),
				ConfigStateChecks: []statecheck.StateCheck{
					// "owner" is the key that bootstrapping made; the other account's has the same name.
					statecheck.ExpectKnownValue("data.statushub_api_keys.all", tfjsonpath.New("keys"),
						keysNamed("owner", "alice-old", "alice-new", "bob-never")),
					statecheck.ExpectKnownValue("data.statushub_api_keys.unused", tfjsonpath.New("keys"),
						keysNamed("alice-old", "bob-never")),
					statecheck.ExpectKnownValue("data.statushub_api_keys.unused", tfjsonpath.New("keys").AtSliceIndex(1),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"member_id":    knownvalue.StringExact(bob),
							"last_used_at": knownvalue.Null(),
							"expires_at":   knownvalue.Null(),
						})),
					statecheck.ExpectKnownValue("data.statushub_api_keys.bob_unused", tfjsonpath.New("keys"),
						keysNamed("bob-never")),
				},
			},
		},
	})
}

// createKeyAt gives a member a key named name out of band, a second after
// the previous one so that lists order them, and returns its secret.
func (s *testServer) createKeyAt(t *testing.T, clk *clocktest.Clock, memberID, name string) string {
	t.Helper()
	clk.Advance(time.Second)
	k, err := s.client(t).CreateAPIKey(context.Background(), memberID, api.APIKeyCreate{Name: name})
	if err != nil {
		t.Fatalf("creating key %s: %v", name, err)
	}
	return k.Secret
}

// use makes a request with secret, which records the key's use.
func (s *testServer) use(t *testing.T, secret string) {
	t.Helper()
	if err := s.expectMeStatus(secret, "fixture", http.StatusOK); err != nil {
		t.Fatal(err)
	}
}
