package provider

import (
	"context"
	"fmt"
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

func TestHubModelConversions(t *testing.T) {
	t.Parallel()

	hub := &api.Hub{ID: "hub_1", Name: "Status", Subdomain: "status", Description: "Our services", Timezone: "Europe/Paris", Private: true}
	m := newHubModel(hub)
	want := hubModel{
		ID:          types.StringValue("hub_1"),
		Name:        types.StringValue("Status"),
		Subdomain:   types.StringValue("status"),
		Description: types.StringValue("Our services"),
		Timezone:    types.StringValue("Europe/Paris"),
		Private:     types.BoolValue(true),
	}
	if m != want {
		t.Fatalf("newHubModel = %+v, want %+v", m, want)
	}

	create := m.createRequest()
	if create.Name != "Status" || create.Subdomain != "status" || *create.Description != "Our services" ||
		*create.Timezone != "Europe/Paris" || !*create.Private {
		t.Errorf("createRequest = %+v, want every setting of the model", create)
	}
	update := m.updateRequest()
	if *update.Name != "Status" || *update.Subdomain != "status" || *update.Description != "Our services" ||
		*update.Timezone != "Europe/Paris" || !*update.Private {
		t.Errorf("updateRequest = %+v, want every setting of the model", update)
	}
}

// hubConfig is a statushub_hub.test with the given settings block body.
func hubConfig(body string) string {
	return fmt.Sprintf(`
resource "statushub_hub" "test" {
%s
}
`, body)
}

// checkHubsDestroyed asks the store that every hub in the state is gone.
func (s *testServer) checkHubsDestroyed() func(*terraform.State) error {
	return s.checkDestroyed("statushub_hub", func(tx *store.Tx, accountID string, rs *terraform.ResourceState) error {
		_, err := tx.Hub(accountID, rs.Primary.ID)
		return err
	})
}

// captureID stores the id of the resource at address, for a later PreConfig.
func captureID(address string, id *string) resource.TestCheckFunc {
	return func(state *terraform.State) error {
		rs, ok := state.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s is not in the state", address)
		}
		*id = rs.Primary.ID
		return nil
	}
}

func TestAccHubResource(t *testing.T) {
	s := newTestServer(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		CheckDestroy:             s.checkHubsDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: s.providerConfig() + hubConfig(`
  name      = "Status"
  subdomain = "acc-status"
`),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("statushub_hub.test", tfjsonpath.New("id")),
					statecheck.ExpectKnownValue("statushub_hub.test", tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^hub_`))),
					statecheck.ExpectKnownValue("statushub_hub.test", tfjsonpath.New("name"), knownvalue.StringExact("Status")),
					statecheck.ExpectKnownValue("statushub_hub.test", tfjsonpath.New("subdomain"), knownvalue.StringExact("acc-status")),
					statecheck.ExpectKnownValue("statushub_hub.test", tfjsonpath.New("description"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue("statushub_hub.test", tfjsonpath.New("timezone"), knownvalue.StringExact("UTC")),
					statecheck.ExpectKnownValue("statushub_hub.test", tfjsonpath.New("private"), knownvalue.Bool(false)),
				},
			},
			{
				ResourceName:      "statushub_hub.test",
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				Config: s.providerConfig() + hubConfig(`
  name        = "Status (renamed)"
  subdomain   = "acc-status-2"
  description = "Everything we run"
  timezone    = "Europe/Paris"
  private     = true
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("statushub_hub.test", plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("statushub_hub.test", tfjsonpath.New("id")),
					statecheck.ExpectKnownValue("statushub_hub.test", tfjsonpath.New("name"), knownvalue.StringExact("Status (renamed)")),
					statecheck.ExpectKnownValue("statushub_hub.test", tfjsonpath.New("subdomain"), knownvalue.StringExact("acc-status-2")),
					statecheck.ExpectKnownValue("statushub_hub.test", tfjsonpath.New("description"), knownvalue.StringExact("Everything we run")),
					statecheck.ExpectKnownValue("statushub_hub.test", tfjsonpath.New("timezone"), knownvalue.StringExact("Europe/Paris")),
					statecheck.ExpectKnownValue("statushub_hub.test", tfjsonpath.New("private"), knownvalue.Bool(true)),
				},
			},
			{
				// Removing the optional settings puts their defaults back.
				Config: s.providerConfig() + hubConfig(`
  name      = "Status (renamed)"
  subdomain = "acc-status-2"
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("statushub_hub.test", plancheck.ResourceActionUpdate),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("statushub_hub.test", tfjsonpath.New("description"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue("statushub_hub.test", tfjsonpath.New("timezone"), knownvalue.StringExact("UTC")),
					statecheck.ExpectKnownValue("statushub_hub.test", tfjsonpath.New("private"), knownvalue.Bool(false)),
				},
			},
		},
	})
}

func TestAccHubResource_deletedOutOfBand(t *testing.T) {
	s := newTestServer(t)
	config := s.providerConfig() + hubConfig(`
  name      = "Status"
  subdomain = "acc-gone"
`)
	var hubID string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		CheckDestroy:             s.checkHubsDestroyed(),
		Steps: deletedOutOfBandSteps(t, config, "statushub_hub.test", captureID("statushub_hub.test", &hubID),
			func(ctx context.Context) error { return s.client(t).DeleteHub(ctx, hubID) }),
	})
}

func TestAccHubResource_subdomainTaken(t *testing.T) {
	s := newTestServer(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		CheckDestroy:             s.checkHubsDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: s.providerConfig() + `
resource "statushub_hub" "first" {
  name      = "First"
  subdomain = "acc-taken"
}

resource "statushub_hub" "second" {
  name       = "Second"
  subdomain  = "acc-taken"
  depends_on = [statushub_hub.first]
}
`,
				ExpectError: errorMatching("Unable to Create Hub", "Choose another value", "409"),
			},
		},
	})
}

func TestAccHubResource_invalidConfig(t *testing.T) {
	s := newTestServer(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		Steps: []resource.TestStep{
			{
				Config:      s.providerConfig() + hubConfig(`name = "Status"`+"\n"+`subdomain = "Not_A_Label"`),
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Subdomain", "subdomain must be a DNS label"),
			},
			{
				Config:      s.providerConfig() + hubConfig(`name = "  "`+"\n"+`subdomain = "status"`),
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Name", "name must not be empty or only spaces. Change name"),
			},
			{
				Config:      s.providerConfig() + hubConfig(`name = "Status"`+"\n"+`subdomain = "status"`+"\n"+`timezone = "Mars/Olympus_Mons"`),
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Timezone", "timezone must be an IANA time zone"),
			},
		},
	})
}
