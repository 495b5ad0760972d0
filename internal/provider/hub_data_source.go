package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

var (
	_ datasource.DataSource                     = (*hubDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*hubDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*hubDataSource)(nil)
)

// NewHubDataSource is the statushub_hub data source.
func NewHubDataSource() datasource.DataSource {
	return &hubDataSource{}
}

type hubDataSource struct {
	client *client.Client
}

func (d *hubDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_hub"
}

func (d *hubDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one hub (status page) that the provider's API key can see, by its id or by " +
			"its subdomain: give exactly one of the two.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The hub's id. Give this or `subdomain`.",
				Optional:            true,
				Computed:            true,
			},
			"subdomain": schema.StringAttribute{
				MarkdownDescription: "The hub's subdomain. Give this or `id`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{subdomainValidator()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The hub's name.",
				Computed:            true,
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "The hub's description.",
				Computed:            true,
			},
			"timezone": schema.StringAttribute{
				MarkdownDescription: "The IANA time zone the status page shows times in.",
				Computed:            true,
			},
			"private": schema.BoolAttribute{
				MarkdownDescription: "Whether the status page is shown only to signed-in members.",
				Computed:            true,
			},
		},
	}
}

func (d *hubDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("subdomain")),
	}
}

func (d *hubDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *hubDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config hubModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	hub, err := d.find(ctx, config)
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to Read Hub", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newHubModel(hub))...)
}

// find looks the hub up by id, or else by subdomain.
func (d *hubDataSource) find(ctx context.Context, config hubModel) (*api.Hub, error) {
	if !config.ID.IsNull() {
		return d.client.GetHub(ctx, config.ID.ValueString())
	}
	subdomain := config.Subdomain.ValueString()
	hubs, err := d.client.ListHubs(ctx, subdomain)
	if err != nil {
		return nil, err
	}
	if len(hubs) == 0 {
		return nil, fmt.Errorf("no hub with subdomain %q: %w", subdomain, client.ErrNotFound)
	}
	return &hubs[0], nil
}
