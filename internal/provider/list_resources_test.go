package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

// queryVersions skips a test of list resources on the CLIs that have no
// terraform query: Terraform before 1.14, and OpenTofu.
var queryVersions = []tfversion.TerraformVersionCheck{
	tfversion.SkipBelow(tfversion.Version1_14_0),
	skipOnOpenTofu("list resources or terraform query"),
}

// handMade are objects made through the API, as a team that adopts the
// provider has them: two hubs, two components on payments, two members with
// a key each, besides the owner and the owner's key.
type handMade struct {
	storefront, payments api.Hub
	checkout, cardAPI    api.Component
	alice, bob           api.Member
	deploy, laptop       api.APIKey
}

func (s *testServer) makeByHand(t *testing.T) handMade {
	t.Helper()
	ctx := context.Background()
	c := s.client(t)
	var m handMade
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("creating %s: %v", what, err)
		}
	}
	hub := func(name, subdomain string) api.Hub {
		h, err := c.CreateHub(ctx, api.HubCreate{Name: name, Subdomain: subdomain})
		must(name, err)
		return *h
	}
	m.storefront, m.payments = hub("Storefront", "storefront"), hub("Payments", "payments")

	checkout, err := c.CreateComponent(ctx, m.payments.ID, api.ComponentCreate{Name: "Checkout"})
	must("Checkout", err)
	group := "Backend"
	cardAPI, err := c.CreateComponent(ctx, m.payments.ID, api.ComponentCreate{
		Name: "Card API", Group: &group, Status: new("degraded_performance"),
	})
	must("Card API", err)
	m.checkout, m.cardAPI = *checkout, *cardAPI

	alice, err := c.CreateMember(ctx, api.MemberCreate{
		Email: "Alice@Example.com", Name: "Alice", HubRoles: map[string]string{m.payments.ID: "editor"},
	})
	must("alice", err)
	bob, err := c.CreateMember(ctx, api.MemberCreate{Email: "bob@example.com", Name: "Bob"})
	must("bob", err)
	m.alice, m.bob = *alice, *bob

	deploy, err := c.CreateAPIKey(ctx, alice.ID, api.APIKeyCreate{Name: "deploy", LimitRole: new("viewer")})
	must("deploy", err)
	laptop, err := c.CreateAPIKey(ctx, bob.ID, api.APIKeyCreate{Name: "laptop"})
	must("laptop", err)
	m.deploy, m.laptop = *deploy, *laptop
	return m
}

// byIdentity picks the list result of this identity, given as attribute
// names and values in turn.
func byIdentity(namesAndValues ...string) queryfilter.QueryFilter {
	identity := map[string]knownvalue.Check{}
	for i := 0; i < len(namesAndValues); i += 2 {
		identity[namesAndValues[i]] = knownvalue.StringExact(namesAndValues[i+1])
	}
	return queryfilter.ByResourceIdentity(identity)
}

// noSecretInQuery fails when a query's results hold a key secret that the
// test's server gave out.
type noSecretInQuery struct {
	secrets *secretSet
}

func (c noSecretInQuery) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	results, err := json.Marshal(req.Query)
	if err != nil {
		resp.Error = err
		return
	}
	leaked, err := c.secrets.leaksIn(bytes.NewReader(results))
	if err != nil {
		resp.Error = err
		return
	}
	if len(leaked) > 0 {
		resp.Error = fmt.Errorf("the query's results hold a key secret given out in %v", leaked)
	}
}

// TestAccListResources queries each list resource against objects made by
// hand: what each finds, with which display name, identity and state.
func TestAccListResources(t *testing.T) {
	s := newTestServer(t)
	m := s.makeByHand(t)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		TerraformVersionChecks:   queryVersions,
		Steps: []resource.TestStep{
			{Config: s.providerConfig()},
			{
				// The query runs beside the first step's configuration,
				// whose provider block it uses.
				Query: true,
				Config: fmt.Sprintf(`
list "statushub_hub" "all" {
  provider         = statushub
  include_resource = true
}

list "statushub_component" "payments" {
  provider         = statushub
  include_resource = true
  config {
    hub_id = %[1]q
  }
}

list "statushub_member" "all" {
  provider = statushub
}

list "statushub_member" "alice" {
  provider         = statushub
  include_resource = true
  config {
    email = "ALICE@example.com"
  }
}

list "statushub_api_key" "alice" {
  provider         = statushub
  include_resource = true
  config {
    member_id = %[2]q
  }
}

list "statushub_api_key" "all" {
  provider         = statushub
  include_resource = true
}
`, m.payments.ID, m.alice.ID),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("statushub_hub.all", 2),
					querycheck.ExpectResourceDisplayName("statushub_hub.all", byIdentity("id", m.payments.ID), knownvalue.StringExact("Payments (payments)")),
					querycheck.ExpectResourceKnownValues("statushub_hub.all", byIdentity("id", m.storefront.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("Storefront")},
						{Path: tfjsonpath.New("subdomain"), KnownValue: knownvalue.StringExact("storefront")},
						{Path: tfjsonpath.New("timezone"), KnownValue: knownvalue.StringExact("UTC")},
						{Path: tfjsonpath.New("private"), KnownValue: knownvalue.Bool(false)},
					}),

					querycheck.ExpectLength("statushub_component.payments", 2),
					querycheck.ExpectIdentity("statushub_component.payments", map[string]knownvalue.Check{
						"hub_id": knownvalue.StringExact(m.payments.ID),
						"id":     knownvalue.StringExact(m.cardAPI.ID),
					}),
					querycheck.ExpectResourceDisplayName("statushub_component.payments", byIdentity("hub_id", m.payments.ID, "id", m.checkout.ID), knownvalue.StringExact("Checkout")),
					querycheck.ExpectResourceDisplayName("statushub_component.payments", byIdentity("hub_id", m.payments.ID, "id", m.cardAPI.ID), knownvalue.StringExact("Backend / Card API")),
					querycheck.ExpectResourceKnownValues("statushub_component.payments", byIdentity("hub_id", m.payments.ID, "id", m.cardAPI.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("hub_id"), KnownValue: knownvalue.StringExact(m.payments.ID)},
						{Path: tfjsonpath.New("group"), KnownValue: knownvalue.StringExact("Backend")},
						{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("degraded_performance")},
						{Path: tfjsonpath.New("position"), KnownValue: knownvalue.Int64Exact(1)},
					}),

					querycheck.ExpectLength("statushub_member.all", 3), // the owner, alice and bob
					querycheck.ExpectResourceDisplayName("statushub_member.all", byIdentity("id", m.bob.ID), knownvalue.StringExact("bob@example.com")),
					querycheck.ExpectLength("statushub_member.alice", 1),
					querycheck.ExpectResourceKnownValues("statushub_member.alice", byIdentity("id", m.alice.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("email"), KnownValue: knownvalue.StringExact("alice@example.com")},
						{Path: tfjsonpath.New("hub_roles"), KnownValue: knownvalue.MapExact(map[string]knownvalue.Check{
							m.payments.ID: knownvalue.StringExact("editor"),
						})},
						{Path: tfjsonpath.New("owner"), KnownValue: knownvalue.Bool(false)},
					}),

					querycheck.ExpectLength("statushub_api_key.alice", 1),
					querycheck.ExpectResourceDisplayName("statushub_api_key.alice", byIdentity("member_id", m.alice.ID, "id", m.deploy.ID),
						knownvalue.StringExact("deploy ("+m.deploy.Prefix+"…) of alice@example.com")),
					querycheck.ExpectResourceKnownValues("statushub_api_key.alice", byIdentity("member_id", m.alice.ID, "id", m.deploy.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("member_id"), KnownValue: knownvalue.StringExact(m.alice.ID)},
						{Path: tfjsonpath.New("limit_role"), KnownValue: knownvalue.StringExact("viewer")},
						{Path: tfjsonpath.New("prefix"), KnownValue: knownvalue.StringExact(m.deploy.Prefix)},
						{Path: tfjsonpath.New("secret"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("keepers"), KnownValue: knownvalue.Null()},
					}),
					querycheck.ExpectLength("statushub_api_key.all", 3), // the owner's, deploy and laptop
					querycheck.ExpectResourceDisplayName("statushub_api_key.all", byIdentity("member_id", m.bob.ID, "id", m.laptop.ID),
						knownvalue.StringExact("laptop ("+m.laptop.Prefix+"…) of bob@example.com")),
					querycheck.ExpectResourceKnownValues("statushub_api_key.all", byIdentity("member_id", m.bob.ID, "id", m.laptop.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("secret"), KnownValue: knownvalue.Null()},
					}),
					noSecretInQuery{secrets: s.secrets},
				},
			},
		},
	})
}

// TestAccListResources_generateConfig is how a team adopts objects made by
// hand: terraform query finds them and writes their configuration, with an
// import block each (-generate-config-out), and applying that configuration
// imports them all, with nothing left to change.
func TestAccListResources_generateConfig(t *testing.T) {
	s := newTestServer(t)
	m := s.makeByHand(t)
	dir := t.TempDir()
	query := fmt.Sprintf(`
list "statushub_hub" "hubs" {
  provider         = statushub
  include_resource = true
}

list "statushub_component" "payments" {
  provider         = statushub
  include_resource = true
  config {
    hub_id = %[1]q
  }
}

list "statushub_member" "alice" {
  provider         = statushub
  include_resource = true
  config {
    email = "alice@example.com"
  }
}

list "statushub_member" "bob" {
  provider         = statushub
  include_resource = true
  config {
    email = "bob@example.com"
  }
}

list "statushub_api_key" "alice" {
  provider         = statushub
  include_resource = true
  config {
    member_id = %[2]q
  }
}

list "statushub_api_key" "bob" {
  provider         = statushub
  include_resource = true
  config {
    member_id = %[3]q
  }
}
`, m.payments.ID, m.alice.ID, m.bob.ID)

	imported := map[string]string{ // id: type
		m.storefront.ID: "statushub_hub", m.payments.ID: "statushub_hub",
		m.checkout.ID: "statushub_component", m.cardAPI.ID: "statushub_component",
		m.alice.ID: "statushub_member", m.bob.ID: "statushub_member",
		m.deploy.ID: "statushub_api_key", m.laptop.ID: "statushub_api_key",
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		TerraformVersionChecks:   queryVersions,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				generated := s.generateConfig(t, query)
				checkImportBlocks(t, generated, imported)
				writeFile(t, filepath.Join(dir, "generated.tf"), generated)
				writeFile(t, filepath.Join(dir, "provider.tf"), providerSource+s.providerConfig())
			},
			ConfigDirectory: config.StaticDirectory(dir),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{expectOnlyImports{count: len(imported)}},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
}

// generateConfig runs terraform query with -generate-config-out on query,
// with the provider served in process, and returns the configuration it
// wrote. Neither the query's output nor the configuration may hold a secret.
func (s *testServer) generateConfig(t *testing.T, query string) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), providerSource+s.providerConfig())
	writeFile(t, filepath.Join(dir, "query.tfquery.hcl"), query)

	tf, err := tfexec.NewTerraform(dir, os.Getenv("TF_ACC_TERRAFORM_PATH"))
	if err != nil {
		t.Fatalf("finding the Terraform CLI (TF_ACC_TERRAFORM_PATH): %v", err)
	}
	reattach := tfexec.Reattach(s.serveInProcess(t))
	if err := tf.Init(ctx, reattach); err != nil {
		t.Fatalf("terraform init: %v", err)
	}
	messages, err := tf.QueryJSON(ctx, reattach, tfexec.GenerateConfigOut("generated.tf"))
	if err != nil {
		t.Fatalf("terraform query: %v", err)
	}
	var output bytes.Buffer
	for message := range messages {
		if message.Err != nil {
			t.Fatalf("reading the output of terraform query: %v", message.Err)
		}
		if message.Msg == nil {
			continue
		}
		if message.Msg.Level() == tfjson.Error {
			t.Fatalf("terraform query: %s", message.Msg.Message())
		}
		fmt.Fprintln(&output, message.Msg.Message())
	}
	s.secrets.checkAbsent(t, "the output of terraform query", &output)

	generated, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		t.Fatalf("reading the generated configuration: %v", err)
	}
	s.secrets.checkAbsent(t, "the generated configuration", bytes.NewReader(generated))
	return string(generated)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// generatedImport is an import block that terraform query generates: the
// resource's address, then its identity.
var generatedImport = regexp.MustCompile(`(?s)import \{\s*to\s*=\s*(\w+)\.\w+\s.*?identity\s*=\s*\{(.*?)\}`)

// generatedID is the id attribute of an identity.
var generatedID = regexp.MustCompile(`(?m)^\s*id\s*=\s*"([^"]+)"`)

// checkImportBlocks fails t unless generated imports, by identity, exactly
// the objects of want: resource types by id.
func checkImportBlocks(t *testing.T, generated string, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for _, block := range generatedImport.FindAllStringSubmatch(generated, -1) {
		if id := generatedID.FindStringSubmatch(block[2]); id != nil {
			got[id[1]] = block[1]
		}
	}
	if !maps.Equal(got, want) {
		t.Fatalf("the generated configuration imports %v by identity, want %v:\n%s", got, want, generated)
	}
}

// expectOnlyImports is a plan check that the plan imports count objects and
// does nothing else.
type expectOnlyImports struct {
	count int
}

func (e expectOnlyImports) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Change.Importing == nil || !rc.Change.Actions.NoOp() {
			resp.Error = fmt.Errorf("%s: %v, want an import that changes nothing", rc.Address, rc.Change.Actions)
			return
		}
	}
	if len(req.Plan.ResourceChanges) != e.count {
		resp.Error = fmt.Errorf("the plan imports %d objects, want %d", len(req.Plan.ResourceChanges), e.count)
	}
}

func TestComponentDisplayName(t *testing.T) {
	t.Parallel()
	group := "Backend"
	for _, tt := range []struct {
		component api.Component
		want      string
	}{
		{api.Component{Name: "Checkout"}, "Checkout"},
		{api.Component{Name: "Card API", Group: &group}, "Backend / Card API"},
	} {
		if got := componentDisplayName(tt.component); got != tt.want {
			t.Errorf("componentDisplayName(%+v) = %q, want %q", tt.component, got, tt.want)
		}
	}
}

func TestListedAPIKeyModel(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	// A list answer never holds a secret; one that did must not reach the state.
	m := listedAPIKeyModel(&api.APIKey{
		ID: "key_1", MemberID: "mem_1", Name: "deploy", LimitRole: new("viewer"), Prefix: "shk_ab12",
		CreatedAt: created, Secret: "shk_not_for_a_list",
	})
	want := apiKeyModel{
		ID:            types.StringValue("key_1"),
		MemberID:      types.StringValue("mem_1"),
		Name:          types.StringValue("deploy"),
		LimitRole:     types.StringValue("viewer"),
		Keepers:       types.MapNull(types.StringType),
		ResetTriggers: types.MapNull(types.StringType),
		Secret:        types.StringNull(),
		Prefix:        types.StringValue("shk_ab12"),
		CreatedAt:     types.StringValue("2026-12-02T09:00:00Z"),
		ResetAt:       types.StringNull(),
		ExpiresAt:     types.StringNull(),
	}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("listedAPIKeyModel = %+v, want %+v", m, want)
	}
}

func TestAPIKeyListError(t *testing.T) {
	t.Parallel()
	forbidden := &client.Error{Method: "GET", Path: "/api/v3/api-keys", Status: http.StatusForbidden}
	allKeys := apiKeyListError(apiKeyListConfig{MemberID: types.StringNull()}, forbidden)
	if len(allKeys) != 1 || !strings.Contains(allKeys[0].Detail(), "Set member_id") {
		t.Fatalf("listing every key with a key that may not: %v, want an error that says to set member_id", allKeys)
	}
	if d, ok := allKeys[0].(diag.DiagnosticWithPath); !ok || !d.Path().Equal(path.Root("member_id")) {
		t.Errorf("listing every key with a key that may not: the error is not at member_id: %v", allKeys[0])
	}
	oneMember := apiKeyListError(apiKeyListConfig{MemberID: types.StringValue("mem_1")}, forbidden)
	if len(oneMember) != 1 || strings.Contains(oneMember[0].Detail(), "Set member_id") {
		t.Errorf("listing one member's keys with a key that may not: %v, want the usual advice", oneMember)
	}
}
