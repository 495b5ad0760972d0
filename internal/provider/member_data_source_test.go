package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccMemberDataSource(t *testing.T) {
	s := newTestServer(t)
	member := `
resource "statushub_hub" "test" {
  name      = "Status"
  subdomain = "acc-members"
}

resource "statushub_member" "test" {
  email     = "erin@example.com"
  name      = "Erin"
  hub_roles = { (statushub_hub.test.id) = "viewer" }
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		CheckDestroy:             s.checkMembersDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: s.providerConfig() + member + `
data "statushub_member" "by_id" {
  id = statushub_member.test.id
}

data "statushub_member" "by_email" {
  email      = "Erin@Example.com"
  depends_on = [statushub_member.test]
}

data "statushub_member" "owner" {
  email = "owner@example.com"
}
`,
				ConfigStateChecks: append(append(
					expectSameMember("data.statushub_member.by_id"),
					expectSameMember("data.statushub_member.by_email")...),
					// The address is kept as written, in any case.
					statecheck.ExpectKnownValue("data.statushub_member.by_email", tfjsonpath.New("email"), knownvalue.StringExact("Erin@Example.com")),
					statecheck.ExpectKnownValue("data.statushub_member.owner", tfjsonpath.New("owner"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.statushub_member.owner", tfjsonpath.New("hub_roles"), knownvalue.MapExact(map[string]knownvalue.Check{})),
				),
			},
			{
				Config:      s.providerConfig() + member + `data "statushub_member" "missing" { email = "nobody@example.com" }`,
				ExpectError: errorMatching("Unable to Read Member", "may not see it", `no member with email "nobody@example.com"`),
			},
		},
	})
}

func TestAccMemberDataSource_invalid(t *testing.T) {
	s := newTestServer(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		Steps: []resource.TestStep{
			{
				Config:      s.providerConfig() + `data "statushub_member" "neither" {}`,
				ExpectError: errorMatching("Missing Attribute Configuration", "Exactly one of these attributes must be configured"),
			},
			{
				Config:      s.providerConfig() + `data "statushub_member" "both" {` + "\n" + `id = "mem_1"` + "\n" + `email = "erin@example.com"` + "\n}",
				ExpectError: errorMatching("Invalid Attribute Combination"),
			},
			{
				Config:      s.providerConfig() + `data "statushub_member" "bad" { email = "erin" }`,
				ExpectError: errorMatching("Invalid Email Address", "email must be a plain email address"),
			},
		},
	})
}

// expectSameMember checks that a member data source read statushub_member.test.
func expectSameMember(address string) []statecheck.StateCheck {
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(address, tfjsonpath.New("owner"), knownvalue.Bool(false)),
		statecheck.ExpectKnownValue(address, tfjsonpath.New("hub_roles"), knownvalue.MapSizeExact(1)),
	}
	for _, attribute := range []string{"id", "name", "hub_roles"} {
		checks = append(checks, statecheck.CompareValuePairs(address, tfjsonpath.New(attribute),
			"statushub_member.test", tfjsonpath.New(attribute), compare.ValuesSame()))
	}
	return checks
}
