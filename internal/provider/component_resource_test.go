package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
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

func TestNewComponentModel(t *testing.T) {
	t.Parallel()

	group := "Backend"
	tests := []struct {
		name string
		in   api.Component
		want componentModel
	}{
		{"in a group",
			api.Component{ID: "cmp_1", HubID: "hub_1", Name: "API", Description: "d", Status: api.StatusMajorOutage, Group: &group, Position: 3},
			componentModel{ID: types.StringValue("cmp_1"), HubID: types.StringValue("hub_1"), Name: types.StringValue("API"),
				Description: types.StringValue("d"), Status: types.StringValue(api.StatusMajorOutage),
				Group: types.StringValue("Backend"), Position: types.Int64Value(3)}},
		{"no group",
			api.Component{ID: "cmp_1", HubID: "hub_1", Name: "API", Status: api.StatusOperational},
			componentModel{ID: types.StringValue("cmp_1"), HubID: types.StringValue("hub_1"), Name: types.StringValue("API"),
				Description: types.StringValue(""), Status: types.StringValue(api.StatusOperational),
				Group: types.StringNull(), Position: types.Int64Value(0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := newComponentModel(&tt.in); got != tt.want {
				t.Errorf("newComponentModel = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// plannedComponent is a component as planned when the configuration sets
// only its name: status and position come from the prior state.
func plannedComponent() componentModel {
	return componentModel{
		ID: types.StringValue("cmp_1"), HubID: types.StringValue("hub_1"), Name: types.StringValue("API"),
		Description: types.StringValue(""), Status: types.StringValue(api.StatusOperational),
		Group: types.StringNull(), Position: types.Int64Value(2),
	}
}

func TestComponentCreateRequest(t *testing.T) {
	t.Parallel()

	m := plannedComponent()
	m.Status = types.StringUnknown()
	m.Position = types.Int64Unknown()
	got := m.createRequest()
	if got.Name != "API" || *got.Description != "" || got.Status != nil || got.Group != nil || got.Position != nil {
		t.Errorf("createRequest with status, group and position unset = %+v, want them left to the API", got)
	}

	m.Status = types.StringValue(api.StatusPartialOutage)
	m.Group = types.StringValue("Backend")
	m.Position = types.Int64Value(0)
	got = m.createRequest()
	if *got.Status != api.StatusPartialOutage || *got.Group != "Backend" || *got.Position != 0 {
		t.Errorf("createRequest with every setting = %+v", got)
	}
}

func TestComponentUpdateRequest(t *testing.T) {
	t.Parallel()

	plan := plannedComponent()
	unset := componentModel{Status: types.StringNull(), Position: types.Int64Null()}
	got := componentUpdateRequest(plan, unset)
	if got.Status != nil || got.Position != nil {
		t.Errorf("status and position unset in config: request %+v sends them", got)
	}
	if *got.Name != "API" || *got.Description != "" || !got.Group.Set || !got.Group.Null {
		t.Errorf("request %+v, want name, description and a null group", got)
	}

	plan.Group = types.StringValue("Backend")
	set := componentModel{Status: types.StringValue(api.StatusMajorOutage), Position: types.Int64Value(0)}
	got = componentUpdateRequest(plan, set)
	if *got.Status != api.StatusMajorOutage || *got.Position != 0 || got.Group.Null || got.Group.Value != "Backend" {
		t.Errorf("status, position and group set: request %+v", got)
	}
}

func TestComponentStateAfterUpdate(t *testing.T) {
	t.Parallel()

	plan := plannedComponent()
	// Someone changed status and order between plan and apply.
	answer := &api.Component{ID: "cmp_1", HubID: "hub_1", Name: "API", Status: api.StatusMajorOutage, Position: 5}

	unset := componentModel{Status: types.StringNull(), Position: types.Int64Null()}
	if got := componentStateAfterUpdate(answer, plan, unset); got != plan {
		t.Errorf("unmanaged status and position: state %+v, want the plan %+v", got, plan)
	}

	set := componentModel{Status: types.StringValue(api.StatusMajorOutage), Position: types.Int64Value(5)}
	got := componentStateAfterUpdate(answer, plan, set)
	if got.Status.ValueString() != api.StatusMajorOutage || got.Position.ValueInt64() != 5 {
		t.Errorf("managed status and position: state %+v, want the API's answer", got)
	}
}

// componentConfig is two hubs and statushub_component.test on hub "hub"
// ("a" or "b") with the given body.
func componentConfig(s *testServer, hub, body string) string {
	return s.providerConfig() + fmt.Sprintf(`
resource "statushub_hub" "a" {
  name      = "A"
  subdomain = "acc-a"
}

resource "statushub_hub" "b" {
  name      = "B"
  subdomain = "acc-b"
}

resource "statushub_component" "test" {
  hub_id = statushub_hub.%[1]s.id
%[2]s
}
`, hub, body)
}

func (s *testServer) checkComponentsDestroyed() func(*terraform.State) error {
	return s.checkDestroyed("statushub_component", func(tx *store.Tx, accountID string, rs *terraform.ResourceState) error {
		_, err := tx.Component(accountID, rs.Primary.Attributes["hub_id"], rs.Primary.ID)
		return err
	})
}

// setComponentStatus changes a component's status out of band, as a person
// on the StatusHub site or an incident tool would.
func (s *testServer) setComponentStatus(t *testing.T, hubID, componentID *string, status string) func() {
	return func() {
		_, err := s.client(t).UpdateComponent(context.Background(), *hubID, *componentID, api.ComponentUpdate{Status: &status})
		if err != nil {
			t.Fatalf("changing status out of band: %v", err)
		}
	}
}

func expectComponent(attribute string, value knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("statushub_component.test", tfjsonpath.New(attribute), value)
}

func expectComponentAction(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{
		PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("statushub_component.test", action)},
	}
}

func TestAccComponentResource(t *testing.T) {
	s := newTestServer(t)
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		CheckDestroy:             s.checkComponentsDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: componentConfig(s, "a", `name = "API"`),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("statushub_component.test", tfjsonpath.New("id")),
					expectComponent("id", knownvalue.StringRegexp(regexp.MustCompile(`^cmp_`))),
					statecheck.CompareValuePairs("statushub_component.test", tfjsonpath.New("hub_id"),
						"statushub_hub.a", tfjsonpath.New("id"), compare.ValuesSame()),
					expectComponent("name", knownvalue.StringExact("API")),
					expectComponent("description", knownvalue.StringExact("")),
					expectComponent("status", knownvalue.StringExact(api.StatusOperational)),
					expectComponent("group", knownvalue.Null()),
					expectComponent("position", knownvalue.Int64Exact(0)),
				},
			},
			{
				ResourceName:      "statushub_component.test",
				ImportState:       true,
				ImportStateIdFunc: componentImportID,
				ImportStateVerify: true,
			},
			{
				Config: componentConfig(s, "a", `
  name        = "Public API"
  description = "api.example.com"
  status      = "degraded_performance"
  group       = "Backend"
  position    = 4
`),
				ConfigPlanChecks: expectComponentAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue("statushub_component.test", tfjsonpath.New("id")),
					expectComponent("name", knownvalue.StringExact("Public API")),
					expectComponent("description", knownvalue.StringExact("api.example.com")),
					expectComponent("status", knownvalue.StringExact(api.StatusDegradedPerformance)),
					expectComponent("group", knownvalue.StringExact("Backend")),
					expectComponent("position", knownvalue.Int64Exact(4)),
				},
			},
			{
				// Leaving the group out takes the component out of it.
				Config: componentConfig(s, "a", `
  name        = "Public API"
  description = "api.example.com"
  status      = "degraded_performance"
  position    = 4
`),
				ConfigPlanChecks: expectComponentAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectComponent("group", knownvalue.Null()),
				},
			},
			{
				Config: componentConfig(s, "b", `
  name        = "Public API"
  description = "api.example.com"
  status      = "degraded_performance"
  position    = 4
`),
				ConfigPlanChecks: expectComponentAction(plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					newID.AddStateValue("statushub_component.test", tfjsonpath.New("id")),
					statecheck.CompareValuePairs("statushub_component.test", tfjsonpath.New("hub_id"),
						"statushub_hub.b", tfjsonpath.New("id"), compare.ValuesSame()),
				},
			},
		},
	})
}

func componentImportID(state *terraform.State) (string, error) {
	rs, ok := state.RootModule().Resources["statushub_component.test"]
	if !ok {
		return "", fmt.Errorf("statushub_component.test is not in the state")
	}
	return rs.Primary.Attributes["hub_id"] + "/" + rs.Primary.ID, nil
}

// TestAccComponentResource_statusUnset: with status left out of the
// configuration, a status changed at run time never shows as drift and is
// never put back, even when Terraform updates the component.
func TestAccComponentResource_statusUnset(t *testing.T) {
	s := newTestServer(t)
	var hubID, componentID string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		CheckDestroy:             s.checkComponentsDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: componentConfig(s, "a", `name = "API"`),
				Check: resource.ComposeTestCheckFunc(
					captureID("statushub_hub.a", &hubID),
					captureID("statushub_component.test", &componentID),
				),
			},
			{
				PreConfig: s.setComponentStatus(t, &hubID, &componentID, api.StatusMajorOutage),
				Config:    componentConfig(s, "a", `name = "API"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectComponent("status", knownvalue.StringExact(api.StatusMajorOutage)),
				},
			},
			{
				// An update of another setting leaves the run-time status alone.
				Config:           componentConfig(s, "a", `name = "Public API"`),
				ConfigPlanChecks: expectComponentAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectComponent("name", knownvalue.StringExact("Public API")),
					expectComponent("status", knownvalue.StringExact(api.StatusMajorOutage)),
				},
			},
			{
				// Once the configuration sets status, Terraform holds it there.
				Config:           componentConfig(s, "a", `name = "Public API"`+"\n"+`status = "operational"`),
				ConfigPlanChecks: expectComponentAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectComponent("status", knownvalue.StringExact(api.StatusOperational)),
				},
			},
		},
	})
}

// TestAccComponentResource_statusSet: with status in the configuration, a
// status changed at run time is drift that the next apply corrects.
func TestAccComponentResource_statusSet(t *testing.T) {
	s := newTestServer(t)
	var hubID, componentID string
	config := componentConfig(s, "a", `name = "API"`+"\n"+`status = "under_maintenance"`)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		CheckDestroy:             s.checkComponentsDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					captureID("statushub_hub.a", &hubID),
					captureID("statushub_component.test", &componentID),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					expectComponent("status", knownvalue.StringExact(api.StatusUnderMaintenance)),
				},
			},
			{
				PreConfig:        s.setComponentStatus(t, &hubID, &componentID, api.StatusOperational),
				Config:           config,
				ConfigPlanChecks: expectComponentAction(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					expectComponent("status", knownvalue.StringExact(api.StatusUnderMaintenance)),
				},
			},
		},
	})
}

func TestAccComponentResource_deletedOutOfBand(t *testing.T) {
	s := newTestServer(t)
	config := componentConfig(s, "a", `name = "API"`)
	var hubID, componentID string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		CheckDestroy:             s.checkComponentsDestroyed(),
		Steps: deletedOutOfBandSteps(t, config, "statushub_component.test",
			resource.ComposeTestCheckFunc(
				captureID("statushub_hub.a", &hubID),
				captureID("statushub_component.test", &componentID),
			),
			func(ctx context.Context) error { return s.client(t).DeleteComponent(ctx, hubID, componentID) }),
	})
}

// TestAccComponentResource_driftAmongMany changes one component of thirty
// out of band and deletes another: the plan shows exactly that, and its
// refresh reads the thirty through one page of the hub's components.
func TestAccComponentResource_driftAmongMany(t *testing.T) {
	s := newTestServer(t)
	config := componentConfig(s, "a", `count = 30`+"\n"+`name = "component ${count.index}"`)
	var hubID, renamedID, deletedID string
	var start int

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		CheckDestroy:             s.checkComponentsDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeTestCheckFunc(
					captureID("statushub_hub.a", &hubID),
					captureID("statushub_component.test.7", &renamedID),
					captureID("statushub_component.test.3", &deletedID),
				),
			},
			{
				PreConfig: func() {
					ctx, c := context.Background(), s.client(t)
					if _, err := c.UpdateComponent(ctx, hubID, renamedID, api.ComponentUpdate{Name: new("renamed")}); err != nil {
						t.Fatalf("renaming a component out of band: %v", err)
					}
					if err := c.DeleteComponent(ctx, hubID, deletedID); err != nil {
						t.Fatalf("deleting a component out of band: %v", err)
					}
					start = s.requests.len()
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("statushub_component.test[7]", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("statushub_component.test[3]", plancheck.ResourceActionCreate),
						expectNoOtherChanges{"statushub_component.test[7]", "statushub_component.test[3]"},
						planCheckFunc(func() error { return checkDriftRefresh(s.requests.since(start), hubID, deletedID) }),
					},
				},
			},
		},
	})
}

// checkDriftRefresh checks the requests of the refresh of two hubs and 30
// components, one of them deleted: before the listings, 32 GETs. Now the
// hubs take a GET and a page, and the components a GET, a page and a GET
// that finds the deleted one gone (or only the GET when it came first).
func checkDriftRefresh(requests []string, hubID, deletedID string) error {
	components := api.BasePath + "/hubs/" + hubID + "/components"
	var gets, pages int
	for _, r := range requests {
		switch {
		case r == "GET "+components:
			pages++
		case strings.HasPrefix(r, "GET "+components+"/"):
			gets++
		}
	}
	if len(requests) > 5 || pages != 1 || gets > 2 || !slices.Contains(requests, "GET "+components+"/"+deletedID) {
		return fmt.Errorf("the refresh sent %q; want at most 5 requests: one page of components, "+
			"and at most 2 GETs of one component, one of them of the deleted component", requests)
	}
	return nil
}

func TestAccComponentResource_invalid(t *testing.T) {
	s := newTestServer(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		CheckDestroy:             s.checkComponentsDestroyed(),
		Steps: []resource.TestStep{
			{
				Config:      componentConfig(s, "a", `name = "API"`+"\n"+`status = "on_fire"`),
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Component Status", "status must be one of operational"),
			},
			{
				Config:      componentConfig(s, "a", `name = ""`),
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Name", "name must not be empty or only spaces. Change name"),
			},
			{
				Config:      componentConfig(s, "a", `name = "API"`+"\n"+`group = ""`),
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Name", "group must not be empty or only spaces. Change group"),
			},
			{
				Config: componentConfig(s, "a", `name = "API"`),
			},
			{
				ResourceName:  "statushub_component.test",
				ImportState:   true,
				ImportStateId: "cmp_without_hub",
				ExpectError:   errorMatching("Invalid Import ID", `"cmp_without_hub" is not of the form hub_id/component_id`, "<hub_id>/<component_id>"),
			},
		},
	})
}
