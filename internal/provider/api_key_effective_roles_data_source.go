package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

var (
	_ datasource.DataSource              = (*apiKeyEffectiveRolesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*apiKeyEffectiveRolesDataSource)(nil)
)

// NewAPIKeyEffectiveRolesDataSource returns the
// statushub_api_key_effective_roles data source.
func NewAPIKeyEffectiveRolesDataSource() datasource.DataSource {
	return &apiKeyEffectiveRolesDataSource{}
}

type apiKeyEffectiveRolesDataSource struct {
	client *client.Client
}

type apiKeyEffectiveRolesModel struct {
	MemberID types.String `tfsdk:"member_id"`
	APIKeyID types.String `tfsdk:"api_key_id"`
	effectiveRolesModel
}

func (d *apiKeyEffectiveRolesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key_effective_roles"
}

func (d *apiKeyEffectiveRolesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := effectiveRolesAttributes("the key")
	attributes["member_id"] = schema.StringAttribute{
		MarkdownDescription: "The id of the member the key belongs to.",
		Required:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attributes["api_key_id"] = schema.StringAttribute{
		MarkdownDescription: "The key's id.",
		Required:            true,
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The effective role of an API key on every hub of the account, as the API computes it when the " +
			"data source is read: the lower of the member's role on the hub and the key's `limit_role`, and `no_access` " +
			"on the hubs where the member has no role, as in the StatusHub keys article's tables. A key's member, or " +
			"the account owner, may read it; the member thus sees the name of every hub of the account.\n\n" +
			"Read at plan time, this shows the roles in force now. To see in a plan the roles that a change of " +
			"`hub_roles` or `limit_role` will produce, use the provider function `provider::statushub::effective_roles`. " +
			"When the configuration also manages the key's member, set `depends_on = [statushub_member.example]`, so " +
			"that a change of the member's roles is applied before this data source is read.",
		Attributes: attributes,
	}
}

func (d *apiKeyEffectiveRolesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *apiKeyEffectiveRolesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data apiKeyEffectiveRolesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}

	effective, err := d.client.EffectiveRoles(ctx, data.MemberID.ValueString(), data.APIKeyID.ValueString())
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to Read API Key Effective Roles", err)
		return
	}

	var diags diag.Diagnostics
	data.effectiveRolesModel, diags = newEffectiveRolesModel(ctx, effective)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}
