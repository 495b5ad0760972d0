package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccHubDataSource(t *testing.T) {
	s := newTestServer(t)
	hub := `
resource "statushub_hub" "test" {
  name        = "Status"
  subdomain   = "acc-lookup"
  description = "Everything we run"
  timezone    = "Asia/Tokyo"
  private     = true
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		CheckDestroy:             s.checkHubsDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: s.providerConfig() + hub + `
data "statushub_hub" "by_id" {
  id = statushub_hub.test.id
}

data "statushub_hub" "by_subdomain" {
  subdomain = statushub_hub.test.subdomain
}
`,
				ConfigStateChecks: append(
					expectSameHub("data.statushub_hub.by_id"),
					expectSameHub("data.statushub_hub.by_subdomain")...,
				),
			},
			{
				Config:      s.providerConfig() + hub + `data "statushub_hub" "missing" { subdomain = "acc-nowhere" }`,
				ExpectError: errorMatching("Unable to Read Hub", "may not see it", `no hub with subdomain "acc-nowhere"`),
			},
		},
	})
}

func TestAccHubDataSource_invalid(t *testing.T) {
	s := newTestServer(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		Steps: []resource.TestStep{
			{
				Config:      s.providerConfig() + `data "statushub_hub" "both" {` + "\n" + `id = "hub_1"` + "\n" + `subdomain = "status"` + "\n}",
				ExpectError: errorMatching("Invalid Attribute Combination"),
			},
			{
				Config:      s.providerConfig() + `data "statushub_hub" "neither" {}`,
				ExpectError: errorMatching("Missing Attribute Configuration", "Exactly one of these attributes must be configured"),
			},
			{
				Config:      s.providerConfig() + `data "statushub_hub" "bad" { subdomain = "Not_A_Label" }`,
				ExpectError: errorMatching("Invalid Subdomain", "subdomain must be a DNS label"),
			},
		},
	})
}

// expectSameHub checks that a hub data source read statushub_hub.test.
func expectSameHub(address string) []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	for _, attribute := range []string{"id", "name", "subdomain", "description", "timezone", "private"} {
		checks = append(checks, statecheck.CompareValuePairs(address, tfjsonpath.New(attribute),
			"statushub_hub.test", tfjsonpath.New(attribute), compare.ValuesSame()))
	}
	return append(checks, statecheck.ExpectKnownValue(address, tfjsonpath.New("timezone"), knownvalue.StringExact("Asia/Tokyo")))
}
