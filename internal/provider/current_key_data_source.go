package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

var (
	_ datasource.DataSource              = (*currentKeyDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*currentKeyDataSource)(nil)
)

// NewCurrentKeyDataSource returns the statushub_current_key data source.
func NewCurrentKeyDataSource() datasource.DataSource {
	return &currentKeyDataSource{}
}

type currentKeyDataSource struct {
	client *client.Client
}

type currentKeyModel struct {
	ID        types.String `tfsdk:"id"`
	Name      types.String `tfsdk:"name"`
	MemberID  types.String `tfsdk:"member_id"`
	LimitRole types.String `tfsdk:"limit_role"`
	effectiveRolesModel
}

func (d *currentKeyDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_current_key"
}

func (d *currentKeyDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := effectiveRolesAttributes("the provider's key")
	attributes["id"] = schema.StringAttribute{
		MarkdownDescription: "The id of the API key the provider runs with.",
		Computed:            true,
	}
	attributes["name"] = schema.StringAttribute{
		MarkdownDescription: "The key's name.",
		Computed:            true,
	}
	attributes["member_id"] = schema.StringAttribute{
		MarkdownDescription: "The id of the member the key belongs to.",
		Computed:            true,
	}
	attributes["limit_role"] = schema.StringAttribute{
		MarkdownDescription: "The key's limit role; null when the key has no limit.",
		Computed:            true,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The API key the provider itself runs with (the provider block's `api_key`), and its " +
			"effective role on every hub of the account, `no_access` included. Useful to check, before changing anything, that the key may do " +
			"what the configuration asks.",
		Attributes: attributes,
	}
}

func (d *currentKeyDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *currentKeyDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	me, err := d.client.Me(ctx)
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to Read Current API Key", err)
		return
	}

	data := currentKeyModel{
		ID:        types.StringValue(me.Key.ID),
		Name:      types.StringValue(me.Key.Name),
		MemberID:  types.StringValue(me.Key.MemberID),
		LimitRole: types.StringPointerValue(me.Key.LimitRole),
	}
	var diags diag.Diagnostics
	data.effectiveRolesModel, diags = newEffectiveRolesModel(ctx, me.Roles)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}
