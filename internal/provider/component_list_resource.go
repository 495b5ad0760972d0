package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

var (
	_ list.ListResource              = (*componentListResource)(nil)
	_ list.ListResourceWithConfigure = (*componentListResource)(nil)
)

// NewComponentListResource is the statushub_component list resource.
func NewComponentListResource() list.ListResource {
	return &componentListResource{}
}

// componentListResource lists a hub's components for terraform query, with
// the resource's Metadata and Configure (see hubListResource).
type componentListResource struct {
	componentResource
}

type componentListConfig struct {
	HubID types.String `tfsdk:"hub_id"`
}

func (r *componentListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the components of one hub, in the hub's order. Each result is shown as the " +
			"component's name, after its group's when it has one: `group / name`.",
		Attributes: map[string]schema.Attribute{
			"hub_id": schema.StringAttribute{
				MarkdownDescription: "The id of the hub whose components to list.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func (r *componentListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config componentListConfig
	if diags := req.Config.Get(ctx, &config); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	components, err := r.client.ListComponents(ctx, config.HubID.ValueString())
	if err != nil {
		stream.Results = listFailed("Unable to List Components", err)
		return
	}
	stream.Results = listResults(ctx, req, componentIdentity, components, func(c api.Component) (string, any) {
		return componentDisplayName(c), newComponentModel(&c)
	})
}

// componentDisplayName is "group / name", or the name of a component
// without a group.
func componentDisplayName(c api.Component) string {
	if c.Group == nil {
		return c.Name
	}
	return *c.Group + " / " + c.Name
}
