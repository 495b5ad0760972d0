package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// Provider functions need Terraform 1.8 (OpenTofu 1.7).
var providerFunctionVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

// TestAccEffectiveRoles_article applies the StatusHub keys article's
// examples and its two demotion cases ("Roles and effective roles" in
// docs/guides/statushub-rules.md). Each step checks that the plan already
// shows the effective roles the change will produce,
// through provider::statushub::effective_roles, and that after apply the
// API's own answer (the statushub_api_key_effective_roles data source)
// agrees.
func TestAccEffectiveRoles_article(t *testing.T) {
	testArticleEffectiveRoles(t, predictWithFunction, providerFunctionVersions)
}

// TestAccEffectiveRoles_articleDataSource is the same story told with the
// statushub_effective_roles data source, which Terraform 1.5 can use. It is
// fed the configuration's values rather than the resources' attributes:
// Terraform defers reading a data source that depends on a resource with
// pending changes.
func TestAccEffectiveRoles_articleDataSource(t *testing.T) {
	testArticleEffectiveRoles(t, predictWithDataSource, nil)
}

// Two ways to predict a key's effective roles in a plan; each defines
// local.predicted for articleConfig.
const (
	predictWithFunction = `
locals {
  predicted = provider::statushub::effective_roles({
    hub_roles  = statushub_member.m.hub_roles
    limit_role = statushub_api_key.k.limit_role
  })
}
`
	predictWithDataSource = `
data "statushub_effective_roles" "k" {
  hub_roles  = local.member_roles
  limit_role = local.limit_role
}

locals {
  predicted = data.statushub_effective_roles.k.by_hub
}
`
)

func testArticleEffectiveRoles(t *testing.T, predictor string, versions []tfversion.TerraformVersionCheck) {
	srv := newTestServer(t)
	step := func(member roleTable, limit string, want roleTable) resource.TestStep {
		return resource.TestStep{
			Config: srv.articleConfig(member, limit, predictor),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownOutputValue("predicted", want.check()),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("predicted", want.check()),
				statecheck.ExpectKnownOutputValue("actual", want.check()),
				statecheck.ExpectKnownOutputValue("rows", articleRows(member, limit, want)),
			},
		}
	}
	article := roleTable{"no_access", "admin", "editor"}
	demoted := roleTable{"no_access", "editor", "editor"}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		TerraformVersionChecks:   versions,
		Steps: []resource.TestStep{
			{
				// Example A, no limit. The hubs do not exist yet, so the
				// plan cannot know the roles: they must be unknown, not wrong.
				Config: srv.articleConfig(article, "null", predictor),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownOutputValueAtPath("predicted", tfjsonpath.New("b")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("predicted", article.check()),
					statecheck.ExpectKnownOutputValue("actual", article.check()),
					statecheck.ExpectKnownOutputValue("rows", articleRows(article, "null", article)),
				},
			},
			step(article, `"manager"`, roleTable{"no_access", "manager", "editor"}), // Example B
			step(article, `"editor"`, roleTable{"no_access", "editor", "editor"}),   // Example C
			// Limit manager, after the member was demoted to editor on B; the
			// member and the key change in the same plan.
			step(demoted, `"manager"`, roleTable{"no_access", "editor", "editor"}),
			// Limit admin on a member who is editor on B.
			step(demoted, `"admin"`, roleTable{"no_access", "editor", "editor"}),
			// Only the member changes: promoted back to admin on B.
			step(article, `"admin"`, article),
		},
	})
}

// TestAccEffectiveRoles_owner checks the documented pattern for the account
// owner, who is admin on every hub, against the API; and the provider's own
// key through statushub_current_key.
func TestAccEffectiveRoles_owner(t *testing.T) {
	srv := newTestServer(t)
	me, err := srv.client(t).Me(context.Background())
	if err != nil {
		t.Fatalf("reading the owner: %v", err)
	}
	config := func(limit string) string {
		return srv.providerConfig() + hubsConfig + fmt.Sprintf(`
resource "statushub_api_key" "owner" {
  member_id  = %q
  name       = "owner-ci"
  limit_role = %s
}

data "statushub_api_key_effective_roles" "owner" {
  member_id  = statushub_api_key.owner.member_id
  api_key_id = statushub_api_key.owner.id
  depends_on = [statushub_hub.a, statushub_hub.b, statushub_hub.c]
}

data "statushub_current_key" "provider" {
  depends_on = [statushub_hub.a, statushub_hub.b, statushub_hub.c]
}

locals {
  # The owner has no hub_roles: it is admin on every hub.
  predicted = provider::statushub::effective_roles({
    hub_roles  = { for id in values(local.hubs) : id => "admin" }
    limit_role = statushub_api_key.owner.limit_role
  })
}

output "predicted" {
  value = { for name, id in local.hubs : name => local.predicted[id] }
}

output "actual" {
  value = { for name, id in local.hubs : name => data.statushub_api_key_effective_roles.owner.by_hub[id] }
}

output "provider_key" {
  value = { for name, id in local.hubs : name => data.statushub_current_key.provider.by_hub[id] }
}
`, me.Member.ID, limit)
	}
	editors := roleTable{"editor", "editor", "editor"}.check()
	managers := roleTable{"manager", "manager", "manager"}.check()
	admins := roleTable{"admin", "admin", "admin"}.check()
	currentKey := "data.statushub_current_key.provider"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		TerraformVersionChecks:   providerFunctionVersions,
		Steps: []resource.TestStep{
			{
				Config: config(`"editor"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("predicted", editors),
					statecheck.ExpectKnownOutputValue("actual", editors),
					statecheck.ExpectKnownOutputValue("provider_key", admins),
					statecheck.ExpectKnownValue(currentKey, tfjsonpath.New("id"), knownvalue.StringExact(me.Key.ID)),
					statecheck.ExpectKnownValue(currentKey, tfjsonpath.New("member_id"), knownvalue.StringExact(me.Member.ID)),
					statecheck.ExpectKnownValue(currentKey, tfjsonpath.New("name"), knownvalue.StringExact(me.Key.Name)),
					statecheck.ExpectKnownValue(currentKey, tfjsonpath.New("limit_role"), knownvalue.Null()),
					statecheck.ExpectKnownValue(currentKey, tfjsonpath.New("roles"), knownvalue.ListSizeExact(3)),
				},
			},
			{
				Config: config(`"manager"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownOutputValue("predicted", managers),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("predicted", managers),
					statecheck.ExpectKnownOutputValue("actual", managers),
				},
			},
		},
	})
}

// TestAccEffectiveRolesFunction_edges covers what the article does not: a
// member with no roles, hubs named as no_access, which the result keeps, and
// a role the function refuses.
func TestAccEffectiveRolesFunction_edges(t *testing.T) {
	srv := newTestServer(t)
	config := func(key string) string {
		return srv.providerConfig() + `
output "roles" {
  value = provider::statushub::effective_roles(` + key + `)
}
`
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		TerraformVersionChecks:   providerFunctionVersions,
		Steps: []resource.TestStep{
			{
				Config: config(`{ hub_roles = null, limit_role = "viewer" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownOutputValue("roles", knownvalue.MapExact(map[string]knownvalue.Check{})),
				}},
			},
			{
				Config: config(`{ hub_roles = { hub_a = "no_access", hub_b = "admin" }, limit_role = "editor" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownOutputValue("roles", knownvalue.MapExact(map[string]knownvalue.Check{
						"hub_a": knownvalue.StringExact("no_access"),
						"hub_b": knownvalue.StringExact("editor"),
					})),
				}},
			},
			{
				Config:      config(`{ hub_roles = { hub_1 = "owner" }, limit_role = null }`),
				ExpectError: regexp.MustCompile(`hub_roles\["hub_1"\]:\s+unknown\s+role\s+"owner"`),
			},
			{
				Config:      config(`{ hub_roles = {}, limit_role = "no_access" }`),
				ExpectError: regexp.MustCompile(`limit_role:\s+unknown\s+limit\s+role\s+"no_access"`),
			},
		},
	})
}

func TestNewEffectiveRolesModel(t *testing.T) {
	t.Parallel()

	limit := "manager"
	got, diags := newEffectiveRolesModel(context.Background(), []api.EffectiveRole{
		{HubID: "hub_a", HubName: "Hub A", MemberRole: "no_access", LimitRole: &limit, EffectiveRole: "no_access"},
		{HubID: "hub_b", HubName: "Hub B", MemberRole: "admin", LimitRole: &limit, EffectiveRole: "manager"},
		{HubID: "hub_c", HubName: "Hub C", MemberRole: "editor", LimitRole: &limit, EffectiveRole: "editor"},
	})
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	entry := func(id, name, member, effective string) attr.Value {
		return types.ObjectValueMust(effectiveRoleType.AttrTypes, map[string]attr.Value{
			"hub_id": types.StringValue(id), "hub_name": types.StringValue(name),
			"member_role": types.StringValue(member), "limit_role": types.StringValue(limit),
			"effective_role": types.StringValue(effective),
		})
	}
	want := effectiveRolesModel{
		Roles: types.ListValueMust(effectiveRoleType, []attr.Value{
			entry("hub_a", "Hub A", "no_access", "no_access"),
			entry("hub_b", "Hub B", "admin", "manager"),
			entry("hub_c", "Hub C", "editor", "editor"),
		}),
		ByHub: types.MapValueMust(types.StringType, map[string]attr.Value{
			"hub_a": types.StringValue("no_access"), "hub_b": types.StringValue("manager"), "hub_c": types.StringValue("editor"),
		}),
	}
	if !got.Roles.Equal(want.Roles) || !got.ByHub.Equal(want.ByHub) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// roleTable is a role on each of the hubs a, b and c.
type roleTable struct{ a, b, c string }

func (r roleTable) check() knownvalue.Check {
	return knownvalue.MapExact(map[string]knownvalue.Check{
		"a": knownvalue.StringExact(r.a),
		"b": knownvalue.StringExact(r.b),
		"c": knownvalue.StringExact(r.c),
	})
}

// articleRows checks the "rows" output of articleConfig: for each hub, by
// name, the member's role, the limit (limit is an HCL expression) and the
// effective role.
func articleRows(member roleTable, limit string, effective roleTable) knownvalue.Check {
	limitRole := strings.Trim(limit, `"`)
	if limit == "null" {
		limitRole = "none"
	}
	row := func(member, effective string) knownvalue.Check {
		return knownvalue.StringExact(member + " " + limitRole + " " + effective)
	}
	return knownvalue.MapExact(map[string]knownvalue.Check{
		"Hub A": row(member.a, effective.a),
		"Hub B": row(member.b, effective.b),
		"Hub C": row(member.c, effective.c),
	})
}

// hubsConfig is the article's three hubs, with local.hubs naming their ids.
const hubsConfig = `
resource "statushub_hub" "a" {
  name      = "Hub A"
  subdomain = "hub-a"
}

resource "statushub_hub" "b" {
  name      = "Hub B"
  subdomain = "hub-b"
}

resource "statushub_hub" "c" {
  name      = "Hub C"
  subdomain = "hub-c"
}

locals {
  hubs = { a = statushub_hub.a.id, b = statushub_hub.b.id, c = statushub_hub.c.id }
}
`

// articleConfig is the article's member, with the roles of member on the
// hubs, and a key of that member limited to limit (an HCL expression). The
// output "predicted" is what the provider function computes from the
// configuration, "actual" and "rows" what the API answers: "rows" from
// the data source's roles, which must list every hub, no_access included.
func (s *testServer) articleConfig(member roleTable, limit, predictor string) string {
	return s.providerConfig() + hubsConfig + fmt.Sprintf(`
locals {
  member_roles = {
    (statushub_hub.a.id) = %q
    (statushub_hub.b.id) = %q
    (statushub_hub.c.id) = %q
  }
  limit_role = %s
}

resource "statushub_member" "m" {
  email     = "member@example.com"
  name      = "Team Member"
  hub_roles = local.member_roles
}

resource "statushub_api_key" "k" {
  member_id  = statushub_member.m.id
  name       = "article"
  limit_role = local.limit_role
}

data "statushub_api_key_effective_roles" "k" {
  member_id  = statushub_api_key.k.member_id
  api_key_id = statushub_api_key.k.id
  # Read after the member's changes, not before them at plan time.
  depends_on = [statushub_member.m]
}

%s
output "predicted" {
  value = { for name, id in local.hubs : name => local.predicted[id] }
}

output "actual" {
  value = { for name, id in local.hubs : name => data.statushub_api_key_effective_roles.k.by_hub[id] }
}

# The API's rows as the article's tables show them, by hub name.
output "rows" {
  value = {
    for r in data.statushub_api_key_effective_roles.k.roles :
    r.hub_name => "${r.member_role} ${coalesce(r.limit_role, "none")} ${r.effective_role}"
  }
}
`, member.a, member.b, member.c, limit, predictor)
}
