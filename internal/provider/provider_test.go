package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
)

// TestProviderSchema asks the framework to check every schema: defaults on
// computed attributes, custom types, validators and plan modifiers.
func TestProviderSchema(t *testing.T) {
	t.Parallel()

	server := providerserver.NewProtocol6(New("test")())()
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		t.Errorf("%s: %s: %s", d.Severity, d.Summary, d.Detail)
	}
	for _, name := range []string{"statushub_hub", "statushub_component", "statushub_member", "statushub_api_key"} {
		if resp.ResourceSchemas[name] == nil {
			t.Errorf("resource %s is not registered", name)
		}
	}
	for _, name := range []string{"statushub_hub", "statushub_member", "statushub_api_key_effective_roles", "statushub_current_key", "statushub_api_keys"} {
		if resp.DataSourceSchemas[name] == nil {
			t.Errorf("data source %s is not registered", name)
		}
	}
}

const hubUsingProvider = `
resource "statushub_hub" "test" {
  name      = "Status"
  subdomain = "acc-provider"
}
`

func TestAccProvider_invalidSettings(t *testing.T) {
	s := newTestServer(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`
provider "statushub" {
  endpoint       = %q
  api_key        = %q
  retry_wait_min = "soon"
}
`, s.URL, s.OwnerKey) + hubUsingProvider,
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Duration", `retry_wait_min must be a Go duration, not "soon". Change retry_wait_min`),
			},
			{
				Config:      `provider "statushub" { endpoint = "127.0.0.1:8080" }` + hubUsingProvider,
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Endpoint", "Change endpoint so that it is an absolute http or https URL"),
			},
			{
				Config:      fmt.Sprintf(`provider "statushub" { api_key = %q }`, "shk_not_a_key") + hubUsingProvider,
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid API Key", "api_key is not valid: malformed API key"),
			},
		},
	})
}

func TestAccProvider_unknownKey(t *testing.T) {
	s := newTestServer(t)
	stranger, err := apikey.Generate()
	if err != nil {
		t.Fatal(err)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`
provider "statushub" {
  endpoint = %q
  api_key  = %q
}
`, s.URL, stranger) + hubUsingProvider,
				ExpectError: errorMatching("Unable to Create Hub", "STATUSHUB_API_KEY", "401 Unauthorized"),
			},
		},
	})
}

// TestAccProvider_fromEnvironment sets the environment, so it cannot run in
// parallel.
func TestAccProvider_fromEnvironment(t *testing.T) {
	s := newTestServer(t)
	t.Setenv(endpointEnvVar, s.URL)
	t.Setenv(apiKeyEnvVar, s.OwnerKey)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		CheckDestroy:             s.checkHubsDestroyed(),
		Steps: []resource.TestStep{
			{Config: hubUsingProvider},
		},
	})
}

func TestAccProvider_missingEndpoint(t *testing.T) {
	s := newTestServer(t)
	t.Setenv(endpointEnvVar, "")
	t.Setenv(apiKeyEnvVar, s.OwnerKey)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		Steps: []resource.TestStep{
			{
				Config:      hubUsingProvider,
				ExpectError: errorMatching("Missing StatusHub Provider Setting", "Set endpoint in the provider block or the STATUSHUB_ENDPOINT environment variable"),
			},
		},
	})
}
