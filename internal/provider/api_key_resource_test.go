package provider

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

const keyAddr = "statushub_api_key.test"

var (
	keyIDPattern  = regexp.MustCompile(`^key_`)
	secretPattern = regexp.MustCompile(`^shk_[a-z2-7]{46}$`)
)

func TestAccAPIKeyResource_lifecycle(t *testing.T) {
	srv := newTestServer(t)
	alice := srv.createMember(t, "alice@example.com")
	bob := srv.createMember(t, "bob@example.com")
	sameSecret := statecheck.CompareValue(compare.ValuesSame())
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		CheckDestroy:             srv.checkDestroyed("statushub_api_key", keyInStore),
		Steps: []resource.TestStep{
			{
				Config: srv.keyConfig(alice, "ci", `limit_role = "viewer"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectSensitiveValue(keyAddr, tfjsonpath.New("secret")),
					plancheck.ExpectUnknownValue(keyAddr, tfjsonpath.New("secret")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(keyIDPattern)),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("member_id"), knownvalue.StringExact(alice)),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("name"), knownvalue.StringExact("ci")),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("limit_role"), knownvalue.StringExact("viewer")),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("secret"), knownvalue.StringRegexp(secretPattern)),
					statecheck.ExpectSensitiveValue(keyAddr, tfjsonpath.New("secret")),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("prefix"), knownvalue.StringRegexp(regexp.MustCompile(`^shk_`))),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("reset_at"), knownvalue.Null()),
					sameSecret.AddStateValue(keyAddr, tfjsonpath.New("secret")),
					sameID.AddStateValue(keyAddr, tfjsonpath.New("id")),
				},
			},
			{
				ResourceName:            keyAddr,
				ImportState:             true,
				ImportStateIdFunc:       keyImportID(keyAddr),
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"secret"},
			},
			{
				ResourceName:  keyAddr,
				ImportState:   true,
				ImportStateId: "key_without_member",
				ExpectError:   regexp.MustCompile(`Invalid Import ID`),
			},
			{
				Config: srv.keyConfig(alice, "ci-renamed", `limit_role = "editor"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(keyAddr, tfjsonpath.New("prefix"), knownvalue.NotNull()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("name"), knownvalue.StringExact("ci-renamed")),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("limit_role"), knownvalue.StringExact("editor")),
					sameSecret.AddStateValue(keyAddr, tfjsonpath.New("secret")),
					sameID.AddStateValue(keyAddr, tfjsonpath.New("id")),
				},
			},
			{
				Config: srv.keyConfig(alice, "ci-renamed", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("limit_role"), knownvalue.Null()),
					sameSecret.AddStateValue(keyAddr, tfjsonpath.New("secret")),
					sameID.AddStateValue(keyAddr, tfjsonpath.New("id")),
					newID.AddStateValue(keyAddr, tfjsonpath.New("id")),
				},
			},
			{
				Config: srv.keyConfig(alice, "ci-renamed", `keepers = { generation = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue(keyAddr, tfjsonpath.New("id")),
				},
			},
			{
				Config: srv.keyConfig(bob, "ci-renamed", `keepers = { generation = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("member_id"), knownvalue.StringExact(bob)),
					newID.AddStateValue(keyAddr, tfjsonpath.New("id")),
				},
				Check: srv.checkKeyCount(alice, 0),
			},
			{
				PreConfig: func() { srv.deleteKeys(t, bob) },
				Config:    srv.keyConfig(bob, "ci-renamed", `keepers = { generation = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionCreate),
				}},
				Check: srv.checkKeyCount(bob, 1),
			},
		},
	})
}

func TestAccAPIKeyResource_quotaAtPlan(t *testing.T) {
	srv := newTestServer(t)
	member := srv.createMember(t, "busy@example.com")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { srv.createKeys(t, member, api.MaxKeysPerMember) },
				Config:      srv.keyConfig(member, "eleventh", ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)API Key Quota Reached.*member_id = "mem_`),
			},
		},
	})
}

func TestAccAPIKeyResource_invalidConfig(t *testing.T) {
	srv := newTestServer(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		Steps: []resource.TestStep{
			{
				Config:      srv.keyConfig("mem_any", "ci", `limit_role = "owner"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Error: .*limit_role = "owner"`),
			},
			{
				Config:      srv.keyConfig("mem_any", "ci", `limit_role = "no_access"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Error: .*limit_role = "no_access"`),
			},
			{
				Config:      srv.keyConfig("mem_any", "", ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Error: .*name += ""`),
			},
		},
	})
}

func TestAPIKeyModelSetFromAPI(t *testing.T) {
	t.Parallel()

	created := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	reset := created.Add(time.Hour)
	expires := created.Add(30 * 24 * time.Hour)
	limit := "editor"
	listed := api.APIKey{ID: "key_1", MemberID: "mem_1", Name: "ci", LimitRole: &limit, Prefix: "shk_abcdefgh",
		CreatedAt: created, ResetAt: &reset, ExpiresAt: &expires}

	m := apiKeyModel{Secret: types.StringValue("shk_old")}
	m.setFromAPI(&listed)
	want := apiKeyModel{
		ID: types.StringValue("key_1"), MemberID: types.StringValue("mem_1"), Name: types.StringValue("ci"),
		LimitRole: types.StringValue("editor"), Secret: types.StringValue("shk_old"),
		Prefix: types.StringValue("shk_abcdefgh"), CreatedAt: types.StringValue("2025-03-01T12:00:00Z"),
		ResetAt: types.StringValue("2025-03-01T13:00:00Z"), ExpiresAt: types.StringValue("2025-03-31T12:00:00Z"),
	}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("an answer without a secret: got %+v, want %+v", m, want)
	}

	withSecret := listed
	withSecret.Secret, withSecret.LimitRole, withSecret.ResetAt, withSecret.ExpiresAt = "shk_new", nil, nil, nil
	m.setFromAPI(&withSecret)
	if m.Secret.ValueString() != "shk_new" || !m.LimitRole.IsNull() || !m.ResetAt.IsNull() || !m.ExpiresAt.IsNull() {
		t.Errorf("an answer with a secret, no limit and no expiry: got %+v", m)
	}
}

func TestExpiryOf(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	if got := expiryOf(types.StringNull(), now); got != nil {
		t.Errorf("no expires_in: got %v, want nil", got)
	}
	if got := expiryOf(types.StringValue("36h"), now); got == nil || !got.Equal(now.Add(36*time.Hour)) {
		t.Errorf("expires_in 36h: got %v, want %v", got, now.Add(36*time.Hour))
	}
}

func TestKeyUpdate(t *testing.T) {
	t.Parallel()

	base := apiKeyModel{Name: types.StringValue("ci"), LimitRole: types.StringValue("viewer")}
	renamed, relimited, unlimited := base, base, base
	renamed.Name = types.StringValue("deploy")
	relimited.LimitRole = types.StringValue("editor")
	unlimited.LimitRole = types.StringNull()

	tests := []struct {
		name        string
		plan        apiKeyModel
		want        api.APIKeyUpdate
		wantChanged bool
	}{
		{"no change", base, api.APIKeyUpdate{}, false},
		{"rename only", renamed, api.APIKeyUpdate{Name: new("deploy")}, true},
		{"new limit only", relimited, api.APIKeyUpdate{LimitRole: api.Value("editor")}, true},
		{"limit removed", unlimited, api.APIKeyUpdate{LimitRole: api.Null[string]()}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, changed := keyUpdate(tt.plan, base)
			if changed != tt.wantChanged {
				t.Errorf("changed = %v, want %v", changed, tt.wantChanged)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// keyConfig is the provider block and keyResource.
func (s *testServer) keyConfig(memberID, name, extra string) string {
	return s.providerConfig() + keyResource(memberID, name, extra)
}

// keyResource is a statushub_api_key.test of memberID named name, with
// extra arguments in HCL.
func keyResource(memberID, name, extra string) string {
	return fmt.Sprintf(`
resource "statushub_api_key" "test" {
  member_id = %q
  name      = %q
  %s
}
`, memberID, name, extra)
}

// keyInStore is the store lookup for CheckDestroy.
func keyInStore(tx *store.Tx, accountID string, rs *terraform.ResourceState) error {
	_, err := tx.Key(accountID, rs.Primary.Attributes["member_id"], rs.Primary.ID)
	return err
}

// keyImportID is the import id "member_id/key_id" of the key at addr.
func keyImportID(addr string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return "", fmt.Errorf("%s is not in the state", addr)
		}
		return rs.Primary.Attributes["member_id"] + "/" + rs.Primary.ID, nil
	}
}

// createMember adds a member out of band, for tests that manage only keys.
func (s *testServer) createMember(t *testing.T, email string) string {
	t.Helper()
	m, err := s.client(t).CreateMember(context.Background(), api.MemberCreate{Email: email, Name: email})
	if err != nil {
		t.Fatalf("creating member %s: %v", email, err)
	}
	return m.ID
}

// createKeys gives a member n more keys out of band.
func (s *testServer) createKeys(t *testing.T, memberID string, n int) {
	t.Helper()
	c := s.client(t)
	for i := range n {
		if _, err := c.CreateAPIKey(context.Background(), memberID, api.APIKeyCreate{Name: fmt.Sprintf("fixture-%d", i)}); err != nil {
			t.Fatalf("creating key %d of %s: %v", i, memberID, err)
		}
	}
}

// deleteKeys deletes out of band the keys of a member with the given
// names, or all of them when no name is given.
func (s *testServer) deleteKeys(t *testing.T, memberID string, names ...string) {
	t.Helper()
	c := s.client(t)
	keys, err := c.ListAPIKeys(context.Background(), memberID)
	if err != nil {
		t.Fatalf("listing keys of %s: %v", memberID, err)
	}
	for _, k := range keys {
		if len(names) > 0 && !slices.Contains(names, k.Name) {
			continue
		}
		if err := c.DeleteAPIKey(context.Background(), memberID, k.ID); err != nil {
			t.Fatalf("deleting key %s: %v", k.ID, err)
		}
	}
}

// checkKeyCount asks the store how many keys a member has.
func (s *testServer) checkKeyCount(memberID string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var got int
		err := s.Store.View(context.Background(), func(tx *store.Tx) (err error) {
			got, err = tx.CountKeys(s.AccountID, memberID)
			return err
		})
		if err != nil {
			return fmt.Errorf("counting keys of %s: %w", memberID, err)
		}
		if got != want {
			return fmt.Errorf("member %s has %d keys, want %d", memberID, got, want)
		}
		return nil
	}
}

// expectMeStatus checks the API's answer to GET /me with secret: 200 for a
// working key, 401 for a revoked one. Errors never quote the secret.
func (s *testServer) expectMeStatus(secret, which string, want int) error {
	req, err := http.NewRequest(http.MethodGet, s.URL+api.BasePath+"/me", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != want {
		return fmt.Errorf("GET /me with the %s secret answered %d, want %d", which, resp.StatusCode, want)
	}
	return nil
}
