package provider

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"testing"

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

func TestMemberModelConversions(t *testing.T) {
	t.Parallel()

	m := newMemberModel(&api.Member{ID: "mem_1", Email: "alice@example.com", Name: "Alice", Owner: false,
		HubRoles: map[string]string{"hub_a": "editor"}})
	if m.ID != types.StringValue("mem_1") || m.Email.ValueString() != "alice@example.com" || m.Name != types.StringValue("Alice") ||
		m.Owner != types.BoolValue(false) || !maps.Equal(m.HubRoles.granted(), map[string]string{"hub_a": "editor"}) {
		t.Errorf("newMemberModel = %+v", m)
	}
	if owner := newMemberModel(&api.Member{ID: "mem_0", Owner: true}); owner.HubRoles.IsNull() || len(owner.HubRoles.Elements()) != 0 {
		t.Errorf("a member without roles has hub_roles %v, want an empty map", owner.HubRoles)
	}

	// The configuration may say no_access outright; the API is never sent it.
	m.Email = newEmailValue("Alice@Example.com")
	m.HubRoles = newHubRolesValue(map[string]string{"hub_a": "editor", "hub_b": "no_access"})
	create := m.createRequest()
	if create.Email != "Alice@Example.com" || create.Name != "Alice" || !maps.Equal(create.HubRoles, map[string]string{"hub_a": "editor"}) {
		t.Errorf("createRequest = %+v", create)
	}
	update := m.updateRequest()
	if *update.Email != "Alice@Example.com" || *update.Name != "Alice" || !maps.Equal(*update.HubRoles, map[string]string{"hub_a": "editor"}) {
		t.Errorf("updateRequest = %+v", update)
	}

	// An empty map must still be sent: it takes every role away.
	m.HubRoles = newHubRolesValue(nil)
	if update := m.updateRequest(); update.HubRoles == nil || len(*update.HubRoles) != 0 {
		t.Errorf("updateRequest without roles sends hub_roles %v, want an empty map", update.HubRoles)
	}
}

// memberConfig is two hubs and statushub_member.test with the given body.
func memberConfig(s *testServer, body string) string {
	return s.providerConfig() + fmt.Sprintf(`
resource "statushub_hub" "a" {
  name      = "A"
  subdomain = "acc-a"
}

resource "statushub_hub" "b" {
  name      = "B"
  subdomain = "acc-b"
}

resource "statushub_member" "test" {
%s
}
`, body)
}

func (s *testServer) checkMembersDestroyed() func(*terraform.State) error {
	return s.checkDestroyed("statushub_member", func(tx *store.Tx, accountID string, rs *terraform.ResourceState) error {
		_, err := tx.Member(accountID, rs.Primary.ID)
		return err
	})
}

func expectMember(attribute string, value knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("statushub_member.test", tfjsonpath.New(attribute), value)
}

// expectMemberRole checks statushub_member.test's role on statushub_hub.a
// or .b, whose id is known only at run time; role "" means none.
func expectMemberRole(hub, role string) statecheck.StateCheck {
	return memberRoleCheck{hub: "statushub_hub." + hub, role: role}
}

type memberRoleCheck struct{ hub, role string }

func (c memberRoleCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	values := map[string]map[string]any{}
	for _, r := range req.State.Values.RootModule.Resources {
		values[r.Address] = r.AttributeValues
	}
	hubID, _ := values[c.hub]["id"].(string)
	hubRoles, _ := values["statushub_member.test"]["hub_roles"].(map[string]any)
	if got, _ := hubRoles[hubID].(string); hubID == "" || got != c.role {
		resp.Error = fmt.Errorf("role on %s (%q) = %q, want %q; hub_roles = %v", c.hub, hubID, got, c.role, hubRoles)
	}
}

func expectMemberAction(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{
		PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("statushub_member.test", action)},
	}
}

func TestAccMemberResource(t *testing.T) {
	s := newTestServer(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		CheckDestroy:             s.checkMembersDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: memberConfig(s, `
  email     = "bob@example.com"
  name      = "Bob"
  hub_roles = { (statushub_hub.a.id) = "editor" }
`),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("statushub_member.test", tfjsonpath.New("id")),
					expectMember("id", knownvalue.StringRegexp(regexp.MustCompile(`^mem_`))),
					expectMember("email", knownvalue.StringExact("bob@example.com")),
					expectMember("name", knownvalue.StringExact("Bob")),
					expectMember("owner", knownvalue.Bool(false)),
					expectMember("hub_roles", knownvalue.MapSizeExact(1)),
					expectMemberRole("a", "editor"),
				},
			},
			{
				ResourceName:      "statushub_member.test",
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:      "statushub_member.test",
				ImportState:       true,
				ImportStateId:     "Bob@Example.com",
				ImportStateVerify: true,
			},
			{
				Config: memberConfig(s, `
  email     = "robert@example.com"
  name      = "Robert"
  hub_roles = {
    (statushub_hub.a.id) = "viewer"
    (statushub_hub.b.id) = "admin"
  }
`),
				ConfigPlanChecks: expectMemberAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("statushub_member.test", tfjsonpath.New("id")),
					expectMember("email", knownvalue.StringExact("robert@example.com")),
					expectMember("name", knownvalue.StringExact("Robert")),
					expectMember("hub_roles", knownvalue.MapSizeExact(2)),
					expectMemberRole("a", "viewer"),
					expectMemberRole("b", "admin"),
				},
			},
			{
				// Leaving hub_roles out takes every role away.
				Config: memberConfig(s, `
  email = "robert@example.com"
  name  = "Robert"
`),
				ConfigPlanChecks: expectMemberAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectMember("hub_roles", knownvalue.MapExact(map[string]knownvalue.Check{})),
					expectMemberRole("a", ""),
				},
			},
		},
	})
}

// TestAccMemberResource_emailCaseAndNoAccess: the API lower-cases emails and
// does not list no_access roles; neither may cause an inconsistent result
// or drift.
func TestAccMemberResource_emailCaseAndNoAccess(t *testing.T) {
	s := newTestServer(t)
	config := memberConfig(s, `
  email     = "Alice@Example.com"
  name      = "Alice"
  hub_roles = {
    (statushub_hub.a.id) = "manager"
    (statushub_hub.b.id) = "no_access"
  }
`)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		CheckDestroy:             s.checkMembersDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expectMember("email", knownvalue.StringExact("Alice@Example.com")),
					expectMemberRole("a", "manager"),
					expectMemberRole("b", "no_access"),
				},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Terraform plans an update for a new spelling and for the
				// dropped no_access entry; neither changes the member, and
				// the state takes the configuration as written.
				Config: memberConfig(s, `
  email     = "ALICE@example.com"
  name      = "Alice"
  hub_roles = { (statushub_hub.a.id) = "manager" }
`),
				ConfigPlanChecks: expectMemberAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectMember("email", knownvalue.StringExact("ALICE@example.com")),
					expectMember("hub_roles", knownvalue.MapSizeExact(1)),
					expectMemberRole("a", "manager"),
				},
			},
		},
	})
}

func TestAccMemberResource_deletedOutOfBand(t *testing.T) {
	s := newTestServer(t)
	config := memberConfig(s, `
  email = "carol@example.com"
  name  = "Carol"
`)
	var memberID string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		CheckDestroy:             s.checkMembersDestroyed(),
		Steps: deletedOutOfBandSteps(t, config, "statushub_member.test", captureID("statushub_member.test", &memberID),
			func(ctx context.Context) error { return s.client(t).DeleteMember(ctx, memberID) }),
	})
}

func TestAccMemberResource_invalid(t *testing.T) {
	s := newTestServer(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		Steps: []resource.TestStep{
			{
				Config:      memberConfig(s, `email = "not-an-email"`+"\n"+`name = "Dave"`),
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Email Address", "email must be a plain email address"),
			},
			{
				Config:      memberConfig(s, `email = "dave@example.com"`+"\n"+`name = ""`),
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Name", "name must not be empty or only spaces. Change name"),
			},
			{
				Config:      memberConfig(s, `email = "dave@example.com"`+"\n"+`name = "Dave"`+"\n"+`hub_roles = { hub_x = "superuser" }`),
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Attribute Value Match", `hub_roles["hub_x"] value must be one of`),
			},
		},
	})
}
