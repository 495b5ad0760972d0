package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// identityVersions skips a test of resource identity on the CLIs that
// ignore it: Terraform before 1.12, and OpenTofu.
var identityVersions = []tfversion.TerraformVersionCheck{
	tfversion.SkipBelow(tfversion.Version1_12_0),
	skipOnOpenTofu("resource identity"),
}

// TestAccResourceIdentity creates each resource, checks the identity beside
// its state, and imports it again by that identity with an import block.
func TestAccResourceIdentity(t *testing.T) {
	id := func(prefix string) knownvalue.Check {
		return knownvalue.StringRegexp(regexp.MustCompile(`^` + prefix + `_`))
	}
	tests := []struct {
		address  string
		config   func(s *testServer) string
		identity map[string]knownvalue.Check
	}{
		{
			address: "statushub_hub.test",
			config: func(s *testServer) string {
				return s.providerConfig() + hubConfig(`
  name      = "Status"
  subdomain = "acc-identity"
`)
			},
			identity: map[string]knownvalue.Check{"id": id("hub")},
		},
		{
			address: "statushub_component.test",
			config: func(s *testServer) string {
				return componentConfig(s, "a", `  name = "API"`)
			},
			identity: map[string]knownvalue.Check{"hub_id": id("hub"), "id": id("cmp")},
		},
		{
			address: "statushub_member.test",
			config: func(s *testServer) string {
				return s.providerConfig() + `
resource "statushub_member" "test" {
  email = "identity@example.com"
  name  = "Identity"
}
`
			},
			identity: map[string]knownvalue.Check{"id": id("mem")},
		},
		{
			address: "statushub_api_key.test",
			config: func(s *testServer) string {
				return s.keyConfig(s.createMember(t, "keys@example.com"), "deploy", "")
			},
			identity: map[string]knownvalue.Check{"member_id": id("mem"), "id": id("key")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.address, func(t *testing.T) {
			s := newTestServer(t)
			checks := []statecheck.StateCheck{statecheck.ExpectIdentity(tt.address, tt.identity)}
			for name := range tt.identity {
				checks = append(checks, statecheck.ExpectIdentityValueMatchesState(tt.address, tfjsonpath.New(name)))
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: s.factories(),
				TerraformVersionChecks:   identityVersions,
				Steps: []resource.TestStep{
					{Config: tt.config(s), ConfigStateChecks: checks},
					{
						ResourceName:    tt.address,
						ImportState:     true,
						ImportStateKind: resource.ImportBlockWithResourceIdentity,
					},
				},
			})
		})
	}
}
