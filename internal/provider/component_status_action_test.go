package provider

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

func TestComponentStatusUpdateRequest(t *testing.T) {
	t.Parallel()

	m := componentStatusModel{HubID: types.StringValue("hub_1"), ComponentID: types.StringValue("cmp_1"),
		Status: types.StringValue(api.StatusUnderMaintenance), AuditMessage: types.StringNull()}
	want := api.ComponentUpdate{Status: new(api.StatusUnderMaintenance)}
	if got := m.updateRequest(); !reflect.DeepEqual(got, want) {
		t.Errorf("without a message: updateRequest = %+v, want %+v", got, want)
	}

	m.AuditMessage = types.StringValue("deploying v2")
	want.AuditMessage = new("deploying v2")
	if got := m.updateRequest(); !reflect.DeepEqual(got, want) {
		t.Errorf("with a message: updateRequest = %+v, want %+v", got, want)
	}
}

func TestStatusChange(t *testing.T) {
	t.Parallel()

	before := &api.Component{ID: "cmp_1", HubID: "hub_1", Name: "API", Status: api.StatusOperational}
	after := *before
	after.Status = api.StatusUnderMaintenance
	tests := []struct {
		name          string
		before, after *api.Component
		want          string
	}{
		{"changed", before, &after, `component "API" (cmp_1) in hub hub_1: operational → under_maintenance`},
		{"unchanged", &after, &after, `component "API" (cmp_1) in hub hub_1: already under_maintenance`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := statusChange(tt.before, tt.after); got != tt.want {
				t.Errorf("statusChange = %q, want %q", got, tt.want)
			}
		})
	}
}

// actionVersionChecks skip the tests of actions on the CLIs that have none.
func actionVersionChecks() []tfversion.TerraformVersionCheck {
	return []tfversion.TerraformVersionCheck{
		skipOnOpenTofu("no actions"),
		tfversion.SkipBelow(tfversion.Version1_14_0),
	}
}

// deployTarget is a component made out of band, and a key of a member who
// is editor on its hub, named "deploy" and limited to limitRole if set: what
// a deploy pipeline runs with.
type deployTarget struct {
	hubID, componentID, key string
}

func (s *testServer) newDeployTarget(t *testing.T, limitRole string) deployTarget {
	t.Helper()
	ctx := context.Background()
	c := s.client(t)
	hub, err := c.CreateHub(ctx, api.HubCreate{Name: "Shop", Subdomain: "shop"})
	if err != nil {
		t.Fatalf("creating the hub: %v", err)
	}
	cmp, err := c.CreateComponent(ctx, hub.ID, api.ComponentCreate{Name: "Checkout"})
	if err != nil {
		t.Fatalf("creating the component: %v", err)
	}
	m, err := c.CreateMember(ctx, api.MemberCreate{Email: "pipeline@example.com", Name: "Pipeline",
		HubRoles: map[string]string{hub.ID: "editor"}})
	if err != nil {
		t.Fatalf("creating the member: %v", err)
	}
	create := api.APIKeyCreate{Name: "deploy"}
	if limitRole != "" {
		create.LimitRole = &limitRole
	}
	key, err := c.CreateAPIKey(ctx, m.ID, create)
	if err != nil {
		t.Fatalf("creating the key: %v", err)
	}
	return deployTarget{hubID: hub.ID, componentID: cmp.ID, key: key.Secret}
}

// deployConfig is a deployment, terraform_data standing in, that puts the
// target's component under maintenance before it is made or changed and
// back to operational after; a new release changes it. The key comes in
// the variable api_key (deployVariables): the test framework logs the
// configuration, and no secret it gave out may be in a log.
func (s *testServer) deployConfig(target deployTarget, release, maintenanceStatus string) string {
	return fmt.Sprintf(`
variable "api_key" {
  type      = string
  sensitive = true
}

provider "statushub" {
  endpoint = %[1]q
  api_key  = var.api_key
}

action "statushub_component_status" "maintenance" {
  config {
    hub_id        = %[2]q
    component_id  = %[3]q
    status        = %[5]q
    audit_message = "deploying %[4]s"
  }
}

action "statushub_component_status" "operational" {
  config {
    hub_id        = %[2]q
    component_id  = %[3]q
    status        = "operational"
    audit_message = "deployed %[4]s"
  }
}

resource "terraform_data" "deploy" {
  input = %[4]q

  lifecycle {
    action_trigger {
      events  = [before_create, before_update]
      actions = [action.statushub_component_status.maintenance]
    }
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.statushub_component_status.operational]
    }
  }
}
`, s.URL, target.hubID, target.componentID, release, maintenanceStatus)
}

func (target deployTarget) variables() config.Variables {
	return config.Variables{"api_key": config.StringVariable(target.key)}
}

// checkAuditLog checks that the newest messages of the audit log are those
// that want lists, newest first.
func (s *testServer) checkAuditLog(t *testing.T, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		events, err := s.client(t).ListAuditEvents(context.Background(), len(want))
		if err != nil {
			return fmt.Errorf("reading the audit log: %w", err)
		}
		var got []string
		for _, ev := range events {
			got = append(got, ev.Message)
		}
		if !slices.Equal(got, want) {
			return fmt.Errorf("audit log, newest first:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		return nil
	}
}

// checkStatus checks a component's status at the API.
func (s *testServer) checkStatus(t *testing.T, hubID, componentID, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		cmp, err := s.client(t).GetComponent(context.Background(), hubID, componentID)
		if err != nil {
			return fmt.Errorf("reading the component: %w", err)
		}
		if cmp.Status != want {
			return fmt.Errorf("component %s has the status %s, want %s", componentID, cmp.Status, want)
		}
		return nil
	}
}

// TestAccComponentStatusAction_aroundADeploy: a deploy pipeline's key,
// editor on the hub, puts the component under maintenance before each
// deployment and back to operational after, and the audit log says so
// under the key's name, with the actions' messages.
func TestAccComponentStatusAction_aroundADeploy(t *testing.T) {
	s := newTestServer(t)
	target := s.newDeployTarget(t, "")
	changes := func(release string) []string {
		return []string{
			"deploy via the API updated component Checkout from under_maintenance to operational: deployed " + release,
			"deploy via the API updated component Checkout from operational to under_maintenance: deploying " + release,
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		TerraformVersionChecks:   actionVersionChecks(),
		Steps: []resource.TestStep{
			{
				Config:          s.deployConfig(target, "v1", api.StatusUnderMaintenance),
				ConfigVariables: target.variables(),
				Check: resource.ComposeTestCheckFunc(
					s.checkAuditLog(t, changes("v1")...),
					s.checkStatus(t, target.hubID, target.componentID, api.StatusOperational),
				),
			},
			{
				Config:          s.deployConfig(target, "v2", api.StatusUnderMaintenance),
				ConfigVariables: target.variables(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("terraform_data.deploy", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeTestCheckFunc(
					s.checkAuditLog(t, append(changes("v2"), changes("v1")...)...),
					s.checkStatus(t, target.hubID, target.componentID, api.StatusOperational),
				),
			},
		},
	})
}

// TestAccComponentStatusAction_refused: a key limited to viewer may read
// the component but not set its status; the apply fails with the API's
// reason.
func TestAccComponentStatusAction_refused(t *testing.T) {
	s := newTestServer(t)
	target := s.newDeployTarget(t, "viewer")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		TerraformVersionChecks:   actionVersionChecks(),
		Steps: []resource.TestStep{{
			Config:          s.deployConfig(target, "v1", api.StatusUnderMaintenance),
			ConfigVariables: target.variables(),
			ExpectError: errorMatching("Unable to Set Component Status", "403 Forbidden",
				"this key needs the role editor on hub "+target.hubID, "its effective role there is viewer"),
		}},
	})
}

// TestAccComponentStatusAction_badConfiguration: a status or an audit
// message the API would refuse fails at plan time, naming the attribute,
// before anything is deployed.
func TestAccComponentStatusAction_badConfiguration(t *testing.T) {
	s := newTestServer(t)
	target := s.newDeployTarget(t, "")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		TerraformVersionChecks:   actionVersionChecks(),
		Steps: []resource.TestStep{
			{
				Config:          s.deployConfig(target, "v1", "down"),
				ConfigVariables: target.variables(),
				PlanOnly:        true,
				ExpectError:     errorMatching("Invalid Component Status", `status = "down"`, "status must be one of operational"),
			},
			{
				Config: strings.Replace(s.deployConfig(target, "v1", api.StatusUnderMaintenance),
					`"deployed v1"`, `"deployed\nv1"`, 1),
				ConfigVariables: target.variables(),
				PlanOnly:        true,
				ExpectError:     errorMatching("Invalid Audit Message", "audit_message", "U+000A LINE FEED at character 9"),
			},
		},
	})
}

// TestAccComponentStatusAction_statusUnsetNeverDrifts: after the action
// sets the status of two components, the one whose status Terraform does
// not manage plans no change, and the one whose status it manages is put
// back.
func TestAccComponentStatusAction_statusUnsetNeverDrifts(t *testing.T) {
	s := newTestServer(t)
	components := s.providerConfig() + `
resource "statushub_hub" "test" {
  name      = "Shop"
  subdomain = "shop"
}

resource "statushub_component" "unmanaged" {
  hub_id = statushub_hub.test.id
  name   = "Checkout"
}

resource "statushub_component" "managed" {
  hub_id = statushub_hub.test.id
  name   = "Search"
  status = "operational"
}
`
	withDeploy := components + `
action "statushub_component_status" "unmanaged" {
  config {
    hub_id       = statushub_hub.test.id
    component_id = statushub_component.unmanaged.id
    status       = "under_maintenance"
  }
}

action "statushub_component_status" "managed" {
  config {
    hub_id       = statushub_hub.test.id
    component_id = statushub_component.managed.id
    status       = "under_maintenance"
  }
}

resource "terraform_data" "deploy" {
  input = "v1"

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.statushub_component_status.unmanaged, action.statushub_component_status.managed]
    }
  }
}
`
	expectStatus := func(name, status string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("statushub_component."+name, tfjsonpath.New("status"), knownvalue.StringExact(status))
	}
	expectActions := func(unmanaged, managed plancheck.ResourceActionType) []plancheck.PlanCheck {
		return []plancheck.PlanCheck{
			plancheck.ExpectResourceAction("statushub_component.unmanaged", unmanaged),
			plancheck.ExpectResourceAction("statushub_component.managed", managed),
		}
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		TerraformVersionChecks:   actionVersionChecks(),
		Steps: []resource.TestStep{
			{Config: components},
			{
				// The plan after the apply, refreshed, holds the managed
				// status's drift only.
				Config:             withDeploy,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: expectActions(plancheck.ResourceActionNoop, plancheck.ResourceActionUpdate),
				},
			},
			{
				Config: withDeploy,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: expectActions(plancheck.ResourceActionNoop, plancheck.ResourceActionUpdate),
				},
				ConfigStateChecks: []statecheck.StateCheck{
					expectStatus("unmanaged", api.StatusUnderMaintenance),
					expectStatus("managed", api.StatusOperational),
				},
			},
			{
				Config: withDeploy,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccComponentStatusAction_invoke runs the action by hand, with
// terraform apply -invoke, which the test framework cannot: its progress
// says what it changed, then that there was nothing to change, and the
// audit log has the change once, under the key's name.
func TestAccComponentStatusAction_invoke(t *testing.T) {
	t.Parallel()
	cli := cliFor(t, actionVersionChecks())
	s := newTestServer(t)
	target := s.newDeployTarget(t, "")
	run := s.newCLIRun(t, cli, fmt.Sprintf(`
terraform {
  required_providers {
    statushub = {
      source = %q
    }
  }
}

variable "api_key" {
  type      = string
  sensitive = true
}

provider "statushub" {
  endpoint = %q
  api_key  = var.api_key
}

action "statushub_component_status" "maintenance" {
  config {
    hub_id        = %q
    component_id  = %q
    status        = "under_maintenance"
    audit_message = "maintenance window"
  }
}
`, Namespace+"/statushub", s.URL, target.hubID, target.componentID),
		"TF_VAR_api_key="+target.key)

	component := fmt.Sprintf("component %q (%s) in hub %s: ", "Checkout", target.componentID, target.hubID)
	for _, want := range []string{"operational → under_maintenance", "already under_maintenance"} {
		out := run.run("apply", "-auto-approve", "-no-color", "-invoke=action.statushub_component_status.maintenance")
		if !strings.Contains(out, component+want) {
			t.Errorf("terraform apply -invoke printed no progress %q:\n%s", component+want, out)
		}
	}
	check := resource.ComposeTestCheckFunc(
		s.checkStatus(t, target.hubID, target.componentID, api.StatusUnderMaintenance),
		s.checkAuditLog(t,
			"deploy via the API updated component Checkout from operational to under_maintenance: maintenance window",
			"owner via the API created API key deploy (limit_role none) of pipeline@example.com"),
	)
	if err := check(nil); err != nil {
		t.Error(err)
	}
}
