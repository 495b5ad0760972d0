package provider

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// examplesDir holds the examples that the docs show; the tests here apply
// every one of them, so that none can rot.
const examplesDir = "../../examples"

// exampleFixtures make, before an example is applied, what it looks up
// without managing: objects that another configuration would manage.
var exampleFixtures = map[string]func(t *testing.T, s *testServer){
	"data-sources/statushub_hub/data-source.tf": func(t *testing.T, s *testServer) {
		t.Helper()
		if _, err := s.client(t).CreateHub(context.Background(), api.HubCreate{Name: "Storefront", Subdomain: "storefront"}); err != nil {
			t.Fatalf("creating the storefront hub: %v", err)
		}
	},
	"data-sources/statushub_member/data-source.tf": func(t *testing.T, s *testServer) {
		t.Helper()
		s.createMember(t, "alice@example.com")
	},
}

// missingObject is how Terraform, and the provider for an email address,
// refuse to import an object that does not exist: the import examples' ids
// get this far only when they are of a form the provider accepts.
var missingObject = regexp.MustCompile(`Cannot import non-existent remote object|no member with email`)

// TestAccExamples applies each resource, data source, function and action example,
// alone and with the harness's provider block, then plans (expecting no
// change) and destroys. A resource's import examples, the CLI command and
// the import block, are tried first against ids that do not exist.
func TestAccExamples(t *testing.T) {
	for _, pattern := range []string{"resources/*/resource*.tf", "data-sources/*/data-source*.tf", "functions/*/function*.tf", "actions/*/action*.tf"} {
		files, err := filepath.Glob(filepath.Join(examplesDir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no example matches %s", pattern)
		}
		for _, file := range files {
			name := filepath.ToSlash(strings.TrimPrefix(file, examplesDir+string(filepath.Separator)))
			t.Run(name, func(t *testing.T) {
				srv := newTestServer(t)
				if fixture := exampleFixtures[name]; fixture != nil {
					fixture(t, srv)
				}
				example := srv.providerConfig() + readExample(t, file)
				steps := importExampleSteps(t, filepath.Dir(file), example)
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: srv.factories(),
					TerraformVersionChecks:   exampleVersionChecks(name),
					Steps:                    append(steps, resource.TestStep{Config: example}),
				})
			})
		}
	}
}

// exampleVersionChecks skips the examples of provider functions below
// Terraform 1.8, and those of actions where there are none.
func exampleVersionChecks(name string) []tfversion.TerraformVersionCheck {
	switch {
	case strings.HasPrefix(name, "functions/"):
		return []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}
	case strings.HasPrefix(name, "actions/"):
		return actionVersionChecks()
	}
	return nil
}

// importCommand is a line of an import.sh example.
var importCommand = regexp.MustCompile(`^terraform import (\S+) (\S+)$`)

// importExampleSteps are the steps that try the import examples beside a
// resource example, if any, with its configuration: each command of
// import.sh and the import block of import-by-string-id.tf.
//
// The test framework adds no required_providers block to the configuration
// of an import step, as it does for other steps, and without one Terraform
// looks for the provider in the hashicorp namespace: so these steps name
// the provider's source themselves, as the provider example does.
func importExampleSteps(t *testing.T, dir, example string) []resource.TestStep {
	t.Helper()
	example = providerSource + example
	var steps []resource.TestStep
	if script, ok := readOptionalExample(t, filepath.Join(dir, "import.sh")); ok {
		for _, line := range strings.Split(script, "\n") {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			m := importCommand.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("%s/import.sh: %q is not of the form: terraform import ADDRESS ID", dir, line)
			}
			steps = append(steps, resource.TestStep{
				Config:        example,
				ResourceName:  m[1],
				ImportState:   true,
				ImportStateId: m[2],
				ExpectError:   missingObject,
			})
		}
		if len(steps) == 0 {
			t.Fatalf("%s/import.sh holds no terraform import command", dir)
		}
	}
	if block, ok := readOptionalExample(t, filepath.Join(dir, "import-by-string-id.tf")); ok {
		steps = append(steps, resource.TestStep{
			Config:      example + block,
			PlanOnly:    true,
			ExpectError: missingObject,
		})
	}
	return steps
}

// TestAccExamples_importByIdentity tries each resource's import block by
// identity, with the resource's example, against ids that do not exist.
func TestAccExamples_importByIdentity(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(examplesDir, "resources", "*", "import-by-identity.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no import-by-identity.tf example")
	}
	for _, file := range files {
		t.Run(filepath.Base(filepath.Dir(file)), func(t *testing.T) {
			srv := newTestServer(t)
			resourceExample := readExample(t, filepath.Join(filepath.Dir(file), "resource.tf"))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: srv.factories(),
				TerraformVersionChecks:   identityVersions,
				Steps: []resource.TestStep{{
					Config:      providerSource + srv.providerConfig() + resourceExample + readExample(t, file),
					PlanOnly:    true,
					ExpectError: missingObject,
				}},
			})
		})
	}
}

// The ids of a hub and a member that the list resource examples show; the
// tests put the ids of objects made by hand in their place.
const (
	exampleHubID    = "hub_5f0c2d9e8b7a6f1e4d3c"
	exampleMemberID = "mem_0d1e2f3a4b5c6d7e8f90"
)

// listBlock is a list block of a query example; it captures the address.
var listBlock = regexp.MustCompile(`(?m)^list "(\w+)" "(\w+)"`)

// TestAccExamples_listResources runs each list resource example with
// terraform query against objects made by hand: every list block of it
// must find something, and no result may hold a secret.
func TestAccExamples_listResources(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(examplesDir, "list-resources", "*", "list-resource*.tfquery.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no list resource example")
	}
	for _, file := range files {
		name := filepath.ToSlash(strings.TrimPrefix(file, examplesDir+string(filepath.Separator)))
		t.Run(name, func(t *testing.T) {
			srv := newTestServer(t)
			m := srv.makeByHand(t)
			example := strings.NewReplacer(exampleHubID, m.payments.ID, exampleMemberID, m.alice.ID).
				Replace(readExample(t, file))
			checks := []querycheck.QueryResultCheck{noSecretInQuery{secrets: srv.secrets}}
			for _, block := range listBlock.FindAllStringSubmatch(example, -1) {
				checks = append(checks, querycheck.ExpectLengthAtLeast(block[1]+"."+block[2], 1))
			}
			if len(checks) == 1 {
				t.Fatalf("%s holds no list block", name)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: srv.factories(),
				TerraformVersionChecks:   queryVersions,
				Steps: []resource.TestStep{
					{Config: srv.providerConfig()},
					{Query: true, Config: example, QueryResultChecks: checks},
				},
			})
		})
	}
}

// exampleEndpoint is the endpoint the provider example shows.
const exampleEndpoint = "https://statushub.example.com"

// TestAccExamples_provider uses the provider example, pointed at the test's
// server, to read a data source. Terraform checks a provider block only when
// something uses the provider.
func TestAccExamples_provider(t *testing.T) {
	srv := newTestServer(t)
	example := readExample(t, filepath.Join(examplesDir, "provider", "provider.tf"))
	if !strings.Contains(example, exampleEndpoint) {
		t.Fatalf("the provider example does not set the endpoint %s", exampleEndpoint)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factories(),
		Steps: []resource.TestStep{{
			Config: strings.Replace(example, exampleEndpoint, srv.URL, 1) + `
data "statushub_current_key" "test" {}
`,
			ConfigVariables: config.Variables{"statushub_api_key": config.StringVariable(srv.OwnerKey)},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.statushub_current_key.test", tfjsonpath.New("name"), knownvalue.StringExact("owner")),
			},
		}},
	})
}

// TestAccExamples_ephemeralAPIKey applies the ephemeral key's example, whose
// run-limited provider block is pointed at the test's server, against the
// objects it looks up. The run's key may not delete the component it
// imports, so the last step hands it to the owner's provider, which
// destroys it when the test ends.
func TestAccExamples_ephemeralAPIKey(t *testing.T) {
	srv := newTestServer(t)
	ctx := context.Background()
	c := srv.client(t)
	hub, err := c.CreateHub(ctx, api.HubCreate{Name: "Payments", Subdomain: "payments"})
	if err != nil {
		t.Fatalf("creating the payments hub: %v", err)
	}
	checkout, err := c.CreateComponent(ctx, hub.ID, api.ComponentCreate{Name: "Checkout"})
	if err != nil {
		t.Fatalf("creating the checkout component: %v", err)
	}
	pipeline, err := c.CreateMember(ctx, api.MemberCreate{
		Email: "pipeline@example.com", Name: "Pipeline", HubRoles: map[string]string{hub.ID: "admin"},
	})
	if err != nil {
		t.Fatalf("creating the pipeline member: %v", err)
	}

	example := readExample(t, filepath.Join(examplesDir, "ephemeral-resources", "statushub_api_key", "ephemeral-resource.tf"))
	block := exampleRunProvider.FindStringSubmatch(example)
	if block == nil || !strings.Contains(example, runProvider) {
		t.Fatalf("the ephemeral key example has no provider block of alias run at %s, or gives it no resource", exampleEndpoint)
	}
	// The run's block gets an address of its own: see runProviderName.
	example = srv.providerConfig() + srv.runProviderConfig(block[1]) +
		strings.ReplaceAll(strings.Replace(example, block[0], "", 1), runProvider, "provider = "+runProviderName+"\n")
	variables := config.Variables{"checkout_component_id": config.StringVariable(checkout.ID)}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: srv.factoriesWithRun(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{
			{
				Config:          example,
				ConfigVariables: variables,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("statushub_component.checkout", tfjsonpath.New("status"), knownvalue.StringExact("under_maintenance")),
					noKeyInState{},
				},
				Check: srv.checkKeyCount(pipeline.ID, 0),
			},
			{
				Config:          strings.Replace(example, "provider = "+runProviderName+"\n", "", 1),
				ConfigVariables: variables,
			},
		},
	})
}

// runProvider is the line of the ephemeral key's example that gives a
// resource to the run's provider block.
const runProvider = "provider = statushub.run\n"

// exampleRunProvider is the run's provider block in the ephemeral key's
// example; it captures the block's api_key.
var exampleRunProvider = regexp.MustCompile(`provider "statushub" \{\n  alias    = "run"\n  endpoint = "` +
	regexp.QuoteMeta(exampleEndpoint) + `"\n  api_key  = (\S+)\n\}\n`)

// TestAccExamples_quickstart applies examples/quickstart as `make demo`
// does, with the endpoint and key in the environment, and checks the roles
// it reports against the StatusHub article's examples A, B and C; then the
// demo's limit change, which the plan shows before apply.
//
// t.Setenv rules out t.Parallel: this test runs before the parallel ones.
func TestAccExamples_quickstart(t *testing.T) {
	srv := newTestServer(t)
	t.Setenv("STATUSHUB_ENDPOINT", srv.URL)
	t.Setenv("STATUSHUB_API_KEY", srv.OwnerKey)

	quickstart := config.StaticDirectory(filepath.Join(examplesDir, "quickstart"))
	roles := func(storefront, payments, tools string) knownvalue.Check {
		return knownvalue.MapExact(map[string]knownvalue.Check{
			"Storefront":     knownvalue.StringExact(storefront),
			"Payments":       knownvalue.StringExact(payments),
			"Internal tools": knownvalue.StringExact(tools),
		})
	}
	article := func(dashboardOnPayments string) knownvalue.Check {
		return knownvalue.MapExact(map[string]knownvalue.Check{
			"deploy":       roles("no_access", "admin", "editor"),
			"dashboard":    roles("no_access", dashboardOnPayments, "editor"),
			"incident-bot": roles("no_access", "editor", "editor"),
			"wallboard":    roles("viewer", "viewer", "no_access"),
		})
	}

	// The quickstart's own provider block makes the test framework want the
	// providers in each step rather than in the test case.
	resource.Test(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: srv.factories(),
				ConfigDirectory:          quickstart,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("effective_roles", article("manager")),
					statecheck.ExpectKnownOutputValue("planned_effective_roles", article("manager")),
				},
			},
			{
				ProtoV6ProviderFactories: srv.factories(),
				ConfigDirectory:          quickstart,
				ConfigVariables:          config.Variables{"dashboard_limit": config.StringVariable("editor")},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("statushub_api_key.dashboard", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownOutputValue("planned_effective_roles", article("editor")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("effective_roles", article("editor")),
				},
			},
		},
	})
}

func readExample(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readOptionalExample reads an example file that may be missing.
func readOptionalExample(t *testing.T, path string) (string, bool) {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", false
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b), true
}

// TestExamplesCoverProvider checks that the provider, every resource, data
// source, ephemeral resource, list resource, function and action has an
// example, and every resource that can be imported its import examples,
// where tfplugindocs looks for them.
func TestExamplesCoverProvider(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	p := New("test")()

	expectExamples(t, "provider", "provider.tf")
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var meta fwresource.MetadataResponse
		r.Metadata(ctx, fwresource.MetadataRequest{ProviderTypeName: "statushub"}, &meta)
		files := []string{"resource.tf"}
		if _, ok := r.(fwresource.ResourceWithImportState); ok {
			files = append(files, "import.sh", "import-by-string-id.tf")
		}
		if _, ok := r.(fwresource.ResourceWithIdentity); ok {
			files = append(files, "import-by-identity.tf")
		}
		expectExamples(t, filepath.Join("resources", meta.TypeName), files...)
	}
	for _, newDataSource := range p.DataSources(ctx) {
		var meta datasource.MetadataResponse
		newDataSource().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "statushub"}, &meta)
		expectExamples(t, filepath.Join("data-sources", meta.TypeName), "data-source.tf")
	}
	for _, newEphemeral := range p.(provider.ProviderWithEphemeralResources).EphemeralResources(ctx) {
		var meta ephemeral.MetadataResponse
		newEphemeral().Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "statushub"}, &meta)
		expectExamples(t, filepath.Join("ephemeral-resources", meta.TypeName), "ephemeral-resource.tf")
	}
	for _, newList := range p.(provider.ProviderWithListResources).ListResources(ctx) {
		var meta fwresource.MetadataResponse
		newList().Metadata(ctx, fwresource.MetadataRequest{ProviderTypeName: "statushub"}, &meta)
		expectExamples(t, filepath.Join("list-resources", meta.TypeName), "list-resource.tfquery.hcl")
	}
	for _, newFunction := range p.(provider.ProviderWithFunctions).Functions(ctx) {
		var meta function.MetadataResponse
		newFunction().Metadata(ctx, function.MetadataRequest{}, &meta)
		expectExamples(t, filepath.Join("functions", meta.Name), "function.tf")
	}
	for _, newAction := range p.(provider.ProviderWithActions).Actions(ctx) {
		var meta action.MetadataResponse
		newAction().Metadata(ctx, action.MetadataRequest{ProviderTypeName: "statushub"}, &meta)
		expectExamples(t, filepath.Join("actions", meta.TypeName), "action.tf")
	}
}

func expectExamples(t *testing.T, dir string, files ...string) {
	t.Helper()
	for _, file := range files {
		if _, err := os.Stat(filepath.Join(examplesDir, dir, file)); err != nil {
			t.Errorf("examples/%s/%s: %v", dir, file, err)
		}
	}
}
