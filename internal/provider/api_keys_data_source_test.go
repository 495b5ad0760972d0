package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccAPIKeysDataSource(t *testing.T) {
	srv := newTestServer(t)
	member := srv.createMember(t, "lister@example.com")
	srv.createKeys(t, member, 1)
	const list = "data.statushub_api_keys.test"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		Steps: []resource.TestStep{
			{
				Config: srv.keyConfig(member, "ci", `limit_role = "viewer"`) + `
data "statushub_api_keys" "test" {
  member_id  = statushub_api_key.test.member_id
  depends_on = [statushub_api_key.test]
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(list, tfjsonpath.New("keys"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"name":       knownvalue.StringExact("fixture-0"),
							"limit_role": knownvalue.Null(),
						}),
						// Every attribute a listed key has: no secret among them.
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id":           knownvalue.StringRegexp(keyIDPattern),
							"member_id":    knownvalue.StringExact(member),
							"name":         knownvalue.StringExact("ci"),
							"prefix":       knownvalue.StringRegexp(regexp.MustCompile(`^shk_`)),
							"limit_role":   knownvalue.StringExact("viewer"),
							"created_at":   knownvalue.NotNull(),
							"last_used_at": knownvalue.Null(),
							"expires_at":   knownvalue.Null(),
						}),
					})),
					statecheck.CompareValuePairs(keyAddr, tfjsonpath.New("id"), list, tfjsonpath.New("keys").AtSliceIndex(1).AtMapKey("id"), compare.ValuesSame()),
					statecheck.CompareValuePairs(keyAddr, tfjsonpath.New("prefix"), list, tfjsonpath.New("keys").AtSliceIndex(1).AtMapKey("prefix"), compare.ValuesSame()),
					statecheck.CompareValuePairs(keyAddr, tfjsonpath.New("created_at"), list, tfjsonpath.New("keys").AtSliceIndex(1).AtMapKey("created_at"), compare.ValuesSame()),
				},
			},
		},
	})
}
