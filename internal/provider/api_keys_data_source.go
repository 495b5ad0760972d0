package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

var (
	_ datasource.DataSource              = (*apiKeysDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*apiKeysDataSource)(nil)
)

// NewAPIKeysDataSource returns the statushub_api_keys data source.
func NewAPIKeysDataSource() datasource.DataSource {
	return &apiKeysDataSource{}
}

type apiKeysDataSource struct {
	client *client.Client
}

type apiKeysModel struct {
	MemberID types.String     `tfsdk:"member_id"`
	Keys     []apiKeyListItem `tfsdk:"keys"`
}

// apiKeyListItem is a key as lists show it: no secret.
type apiKeyListItem struct {
	ID         types.String `tfsdk:"id"`
	Name       types.String `tfsdk:"name"`
	Prefix     types.String `tfsdk:"prefix"`
	LimitRole  types.String `tfsdk:"limit_role"`
	CreatedAt  types.String `tfsdk:"created_at"`
	LastUsedAt types.String `tfsdk:"last_used_at"`
}

func newAPIKeyListItem(k api.APIKey) apiKeyListItem {
	return apiKeyListItem{
		ID:         types.StringValue(k.ID),
		Name:       types.StringValue(k.Name),
		Prefix:     types.StringValue(k.Prefix),
		LimitRole:  types.StringPointerValue(k.LimitRole),
		CreatedAt:  timeValue(k.CreatedAt),
		LastUsedAt: timePointerValue(k.LastUsedAt),
	}
}

func (d *apiKeysDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_keys"
}

func (d *apiKeysDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists a member's API keys, oldest first, without their secrets: the API never shows a " +
			"secret again after creating or resetting a key. A member's own keys, or the account owner's, may list them.",
		Attributes: map[string]schema.Attribute{
			"member_id": schema.StringAttribute{
				MarkdownDescription: "The id of the member whose keys to list.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"keys": schema.ListNestedAttribute{
				MarkdownDescription: "The member's keys, oldest first.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id": schema.StringAttribute{
							MarkdownDescription: "The key's id.",
							Computed:            true,
						},
						"name": schema.StringAttribute{
							MarkdownDescription: "The key's name.",
							Computed:            true,
						},
						"prefix": schema.StringAttribute{
							MarkdownDescription: "The public start of the key's secret, to tell keys apart.",
							Computed:            true,
						},
						"limit_role": schema.StringAttribute{
							MarkdownDescription: "The key's limit role; null when the key has no limit.",
							Computed:            true,
						},
						"created_at": schema.StringAttribute{
							MarkdownDescription: "When the key was created, in RFC 3339 format.",
							Computed:            true,
						},
						"last_used_at": schema.StringAttribute{
							MarkdownDescription: "When the key was last used, in RFC 3339 format, to the minute or so; null if it never was.",
							Computed:            true,
						},
					},
				},
			},
		},
	}
}

func (d *apiKeysDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *apiKeysDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data apiKeysModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}

	keys, err := d.client.ListAPIKeys(ctx, data.MemberID.ValueString())
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to List API Keys", err)
		return
	}

	data.Keys = make([]apiKeyListItem, len(keys))
	for i, k := range keys {
		data.Keys[i] = newAPIKeyListItem(k)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}
