// Command floorprovider is the bench's "plugin floor": a provider named
// statushub with the StatusHub provider's resource schemas (the same
// attributes, plan modifiers, defaults and validators) but no API and no
// logic of its own. Create and Update store the plan, with every unknown
// value made known; Read and Delete do nothing. What Terraform spends on it
// above terraform_data is the price of any terraform-plugin-framework
// plugin with these schemas: the process, gRPC, msgpack and the framework.
package main

import (
	"context"
	"fmt"
	"log"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	statushub "github.com/statushub-community/terraform-provider-statushub/internal/provider"
)

func main() {
	// As the real provider does: left on, the framework's trace logs would
	// cost Terraform more than the floor itself.
	statushub.QuietUnshownLogs()
	err := providerserver.Serve(context.Background(), func() provider.Provider { return floorProvider{} },
		providerserver.ServeOpts{Address: statushub.Address})
	if err != nil {
		log.Fatal(err)
	}
}

var (
	_ provider.Provider = floorProvider{}
	_ resource.Resource = (*floorResource)(nil)
)

type floorProvider struct{}

func (floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "statushub"
}

func (floorProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
	// Nothing to configure: the floor talks to no API.
}

func (floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// Resources wraps each of the StatusHub provider's resources.
func (floorProvider) Resources(ctx context.Context) []func() resource.Resource {
	var floors []func() resource.Resource
	for _, newReal := range statushub.New("floor")().Resources(ctx) {
		floors = append(floors, func() resource.Resource { return &floorResource{real: newReal()} })
	}
	return floors
}

// floorResource takes its type name and schema from real and nothing else.
type floorResource struct {
	real resource.Resource
}

func (r *floorResource) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	r.real.Metadata(ctx, req, resp)
}

func (r *floorResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.real.Schema(ctx, req, resp)
}

func (r *floorResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	setApplied(req.Plan.Raw, &resp.State, &resp.Diagnostics)
}

func (r *floorResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *floorResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	setApplied(req.Plan.Raw, &resp.State, &resp.Diagnostics)
}

func (r *floorResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// setApplied sets state to plan with every unknown value made known.
func setApplied(plan tftypes.Value, state *tfsdk.State, diags *diag.Diagnostics) {
	applied, err := tftypes.Transform(plan, makeKnown)
	if err != nil {
		diags.AddError("Unable to Apply Floor Resource", "Making the plan's unknown values known failed: "+err.Error())
		return
	}
	state.Raw = applied
}

// lastID numbers the ids makeKnown hands out, unique in one provider
// process; Terraform applies resources in parallel.
var lastID atomic.Int64

// makeKnown replaces an unknown value, as an API would: a string with a
// new id, a number with 0, a bool with false, anything else with null.
func makeKnown(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
	if v.IsKnown() {
		return v, nil
	}
	switch t := v.Type(); {
	case t.Is(tftypes.String):
		return tftypes.NewValue(t, fmt.Sprintf("floor-%d", lastID.Add(1))), nil
	case t.Is(tftypes.Number):
		return tftypes.NewValue(t, 0), nil
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, false), nil
	default:
		return tftypes.NewValue(t, nil), nil
	}
}
