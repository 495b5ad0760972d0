package provider

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// server must offer every method of the framework's server, or tf6server,
// which looks for optional interfaces by type assertion, answers the
// requests of the missing ones with "not implemented". This compares the
// two method sets, so a framework release that adds an interface fails here
// until frameworkServer names it.
func TestServerOffersEveryMethodOfTheFrameworks(t *testing.T) {
	framework := reflect.TypeOf(providerserver.NewProtocol6(New("test")())())
	ours := reflect.TypeOf(NewServer("test")())
	for i := range framework.NumMethod() {
		want := framework.Method(i)
		got, ok := ours.MethodByName(want.Name)
		switch {
		case !ok:
			t.Errorf("server lacks %s, which the framework's server offers: add its tfprotov6 interface to frameworkServer", want.Name)
		case got.Type.NumIn() != want.Type.NumIn() || !sameSignature(got.Type, want.Type):
			t.Errorf("server's %s is %s, the framework's is %s", want.Name, got.Type, want.Type)
		}
	}
}

// sameSignature compares two methods' types without their receivers.
func sameSignature(a, b reflect.Type) bool {
	ins := func(m reflect.Type) []reflect.Type {
		var types []reflect.Type
		for i := 1; i < m.NumIn(); i++ {
			types = append(types, m.In(i))
		}
		return types
	}
	outs := func(m reflect.Type) []reflect.Type {
		var types []reflect.Type
		for i := range m.NumOut() {
			types = append(types, m.Out(i))
		}
		return types
	}
	return slices.Equal(ins(a), ins(b)) && slices.Equal(outs(a), outs(b))
}

// An action and a list resource added to the provider reach the framework
// through the provider's server, by the interfaces tf6server asks for.
func TestServerServesActionsAndListResources(t *testing.T) {
	ctx := context.Background()
	srv := serverOf(func() provider.Provider { return &providerWithExtras{statusHubProvider{version: "test"}} })()

	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasError(schemas.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	if schemas.ActionSchemas["statushub_test_action"] == nil || schemas.ListResourceSchemas["statushub_test_list"] == nil {
		t.Fatalf("schemas lack the test action or list resource: actions %v, lists %v", schemas.ActionSchemas, schemas.ListResourceSchemas)
	}

	emptyConfig, err := tfprotov6.NewDynamicValue(tftypes.Object{}, tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{}))
	if err != nil {
		t.Fatal(err)
	}

	actions, ok := srv.(tfprotov6.ActionServer)
	if !ok {
		t.Fatal("the provider's server does not offer actions")
	}
	validatedAction, err := actions.ValidateActionConfig(ctx, &tfprotov6.ValidateActionConfigRequest{ActionType: "statushub_test_action", Config: &emptyConfig})
	if err != nil {
		t.Fatal(err)
	}
	assertReached(t, "the action", validatedAction.Diagnostics)

	lists, ok := srv.(tfprotov6.ListResourceServer)
	if !ok {
		t.Fatal("the provider's server does not offer list resources")
	}
	validatedList, err := lists.ValidateListResourceConfig(ctx, &tfprotov6.ValidateListResourceConfigRequest{TypeName: "statushub_test_list", Config: &emptyConfig})
	if err != nil {
		t.Fatal(err)
	}
	assertReached(t, "the list resource", validatedList.Diagnostics)
}

const reachedSummary = "Reached"

func assertReached(t *testing.T, what string, diagnostics []*tfprotov6.Diagnostic) {
	t.Helper()
	if !slices.ContainsFunc(diagnostics, func(d *tfprotov6.Diagnostic) bool { return d.Summary == reachedSummary }) {
		t.Errorf("%s's validation was not reached; diagnostics: %v", what, diagnostics)
	}
}

// providerWithExtras is the provider with a test action and list resource.
type providerWithExtras struct{ statusHubProvider }

func (p *providerWithExtras) Actions(context.Context) []func() action.Action {
	return []func() action.Action{func() action.Action { return testAction{} }}
}

func (p *providerWithExtras) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{func() list.ListResource { return testListResource{} }}
}

// testAction and testListResource answer validation with a warning, which
// shows that the request reached them.
type testAction struct{}

func (testAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_test_action"
}

func (testAction) Schema(context.Context, action.SchemaRequest, *action.SchemaResponse) {}

func (testAction) Invoke(context.Context, action.InvokeRequest, *action.InvokeResponse) {}

func (testAction) ValidateConfig(_ context.Context, _ action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	resp.Diagnostics.AddWarning(reachedSummary, "The test action validated its configuration.")
}

type testListResource struct{}

func (testListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_test_list"
}

func (testListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{}
}

func (testListResource) List(context.Context, list.ListRequest, *list.ListResultsStream) {}

// RawV6Schemas gives the framework the schema and identity of the managed
// resource the list resource lists, which a list resource needs; the
// provider has no resource of that name.
func (testListResource) RawV6Schemas(_ context.Context, _ list.RawV6SchemaRequest, resp *list.RawV6SchemaResponse) {
	resp.ProtoV6Schema = &tfprotov6.Schema{Block: &tfprotov6.SchemaBlock{Attributes: []*tfprotov6.SchemaAttribute{
		{Name: "id", Type: tftypes.String, Computed: true},
	}}}
	resp.ProtoV6IdentitySchema = &tfprotov6.ResourceIdentitySchema{IdentityAttributes: []*tfprotov6.ResourceIdentitySchemaAttribute{
		{Name: "id", Type: tftypes.String, RequiredForImport: true},
	}}
}

func (testListResource) ValidateListResourceConfig(_ context.Context, _ list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	resp.Diagnostics.AddWarning(reachedSummary, "The test list resource validated its configuration.")
}

var (
	_ provider.ProviderWithActions        = (*providerWithExtras)(nil)
	_ provider.ProviderWithListResources  = (*providerWithExtras)(nil)
	_ action.ActionWithValidateConfig     = testAction{}
	_ list.ListResourceWithRawV6Schemas   = testListResource{}
	_ list.ListResourceWithValidateConfig = testListResource{}
)
