package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// TestAccAPIKeyResource_rotation rotates one key by each of keepers,
// reset_triggers and -replace (taint), checking each time that the new
// secret works and the old one is refused.
func TestAccAPIKeyResource_rotation(t *testing.T) {
	srv := newTestServer(t)
	member := srv.createMember(t, "rotating@example.com")
	rotated := srv.rotationCheck(keyAddr)
	newSecret := statecheck.CompareValue(compare.ValuesDiffer())
	sameID := statecheck.CompareValue(compare.ValuesSame())
	config := func(generation, rotation string) string {
		return srv.keyConfig(member, "ci", fmt.Sprintf(`keepers        = { generation = %q }
  reset_triggers = { rotation = %q }`, generation, rotation))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		Steps: []resource.TestStep{
			{
				Config: config("1", "1"),
				ConfigStateChecks: []statecheck.StateCheck{
					newSecret.AddStateValue(keyAddr, tfjsonpath.New("secret")),
				},
				Check: rotated,
			},
			{
				Config: config("2", "1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					newSecret.AddStateValue(keyAddr, tfjsonpath.New("secret")),
					sameID.AddStateValue(keyAddr, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(rotated, srv.checkKeyCount(member, 1)),
			},
			{
				Config: config("2", "2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(keyAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(keyIDPattern)),
					plancheck.ExpectUnknownValue(keyAddr, tfjsonpath.New("secret")),
					plancheck.ExpectUnknownValue(keyAddr, tfjsonpath.New("prefix")),
					plancheck.ExpectUnknownValue(keyAddr, tfjsonpath.New("reset_at")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					newSecret.AddStateValue(keyAddr, tfjsonpath.New("secret")),
					sameID.AddStateValue(keyAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("reset_at"), knownvalue.NotNull()),
				},
				Check: rotated,
			},
			{
				Taint:  []string{keyAddr},
				Config: config("2", "2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					newSecret.AddStateValue(keyAddr, tfjsonpath.New("secret")),
					statecheck.ExpectKnownValue(keyAddr, tfjsonpath.New("reset_at"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(rotated, srv.checkKeyCount(member, 1)),
			},
		},
	})
}

// TestAccAPIKeyResource_createBeforeDestroy shows that with
// create_before_destroy the new key exists before the old one is revoked:
// the replacement needs a free slot under the quota, which a plain
// replacement does not.
func TestAccAPIKeyResource_createBeforeDestroy(t *testing.T) {
	srv := newTestServer(t)
	member := srv.createMember(t, "careful@example.com")
	rotated := srv.rotationCheck(keyAddr)
	inOrder := srv.createdBeforeRevokedCheck(t, keyAddr)
	config := func(generation, lifecycle string) string {
		return srv.keyConfig(member, "ci", fmt.Sprintf("keepers = { generation = %q }\n  %s", generation, lifecycle))
	}
	const createFirst = "lifecycle { create_before_destroy = true }"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		Steps: []resource.TestStep{
			{
				Config: config("1", createFirst),
				Check:  resource.ComposeAggregateTestCheckFunc(rotated, inOrder),
			},
			{
				Config: config("2", createFirst),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionCreateBeforeDestroy),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(rotated, inOrder, srv.checkKeyCount(member, 1)),
			},
			{
				// The member now holds every key it may: creating first must
				// fail, and say why. The old key keeps working meanwhile.
				PreConfig:   func() { srv.createKeys(t, member, api.MaxKeysPerMember-1) },
				Config:      config("3", createFirst),
				ExpectError: regexp.MustCompile(`(?s)API Key Quota Reached.*create_before_destroy`),
			},
			{
				// A free slot lets the same apply through: Terraform creates
				// the new key, then revokes the old one it set aside.
				PreConfig: func() { srv.deleteKeys(t, member, "fixture-0") },
				Config:    config("3", createFirst),
				Check:     resource.ComposeAggregateTestCheckFunc(rotated, inOrder, srv.checkKeyCount(member, api.MaxKeysPerMember-1)),
			},
		},
	})
}

// TestAccAPIKeyResource_replaceAtQuota replaces a key of a member that has
// every key it may. Revoking first needs no free slot, and the plan-time
// quota check must tell these replacements from a new key.
func TestAccAPIKeyResource_replaceAtQuota(t *testing.T) {
	srv := newTestServer(t)
	member := srv.createMember(t, "full@example.com")
	srv.createKeys(t, member, api.MaxKeysPerMember-1)
	rotated := srv.rotationCheck(keyAddr)
	config := func(generation, rotation string) string {
		return srv.keyConfig(member, "ci", fmt.Sprintf(`keepers = { generation = %q }
  lifecycle {
    replace_triggered_by = [terraform_data.rotation]
  }`, generation)) + fmt.Sprintf(`
resource "terraform_data" "rotation" {
  input = %q
}
`, rotation)
	}
	replaced := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(keyAddr, plancheck.ResourceActionDestroyBeforeCreate),
	}}
	atQuota := srv.checkKeyCount(member, api.MaxKeysPerMember)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		Steps: []resource.TestStep{
			{
				Config: config("1", "1"),
				Check:  resource.ComposeAggregateTestCheckFunc(rotated, atQuota),
			},
			{
				// A change of keepers.
				Config:           config("2", "1"),
				ConfigPlanChecks: replaced,
				Check:            resource.ComposeAggregateTestCheckFunc(rotated, atQuota),
			},
			{
				// A forced replacement, as terraform apply -replace makes.
				Config:           config("2", "2"),
				ConfigPlanChecks: replaced,
				Check:            resource.ComposeAggregateTestCheckFunc(rotated, atQuota),
			},
		},
	})
}

// rotationCheck returns a check that the secret of the key at addr works
// and that the secret it saw at its previous call, if any, is refused.
func (s *testServer) rotationCheck(addr string) resource.TestCheckFunc {
	var previous string
	return func(state *terraform.State) error {
		rs, ok := state.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s is not in the state", addr)
		}
		secret := rs.Primary.Attributes["secret"]
		if err := s.expectMeStatus(secret, "current", http.StatusOK); err != nil {
			return err
		}
		if previous != "" {
			if err := s.expectMeStatus(previous, "previous", http.StatusUnauthorized); err != nil {
				return err
			}
		}
		previous = secret
		return nil
	}
}

// createdBeforeRevokedCheck returns a check that, by the audit log, the key
// at addr was created before the key it saw at its previous call, if any,
// was deleted.
func (s *testServer) createdBeforeRevokedCheck(t *testing.T, addr string) resource.TestCheckFunc {
	var previous string
	return func(state *terraform.State) error {
		rs, ok := state.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s is not in the state", addr)
		}
		current := rs.Primary.ID
		if previous != "" {
			events, err := s.client(t).ListAuditEvents(context.Background(), api.MaxPageSize)
			if err != nil {
				return fmt.Errorf("reading the audit log: %w", err)
			}
			// The log is newest first.
			created := auditPosition(events, "api_key.created", current)
			deleted := auditPosition(events, "api_key.deleted", previous)
			if created < 0 || deleted < 0 || created < deleted {
				return fmt.Errorf("want key %s created (event %d) before key %s deleted (event %d), newest first",
					current, created, previous, deleted)
			}
		}
		previous = current
		return nil
	}
}

// auditPosition is the index in events of the first with action on target, or -1.
func auditPosition(events []api.AuditEvent, action, target string) int {
	return slices.IndexFunc(events, func(e api.AuditEvent) bool { return e.Action == action && e.Target == target })
}
