package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
)

var _ datasource.DataSource = (*effectiveRolesDataSource)(nil)

// NewEffectiveRolesDataSource returns the statushub_effective_roles data
// source: the effective_roles function for Terraform versions before 1.8,
// which have no provider functions. Both compute with effectiveRolesByHub.
func NewEffectiveRolesDataSource() datasource.DataSource {
	return &effectiveRolesDataSource{}
}

type effectiveRolesDataSource struct{}

type effectiveRolesDataSourceModel struct {
	HubRoles  map[string]string `tfsdk:"hub_roles"`
	LimitRole *string           `tfsdk:"limit_role"`
	ByHub     types.Map         `tfsdk:"by_hub"`
}

func (d *effectiveRolesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_effective_roles"
}

func (d *effectiveRolesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Computes the effective roles of an API key from its member's `hub_roles` and its " +
			"`limit_role`, without calling the API: on each hub, the lower of the member's role and the limit.\n\n" +
			"It reads nothing, so Terraform reads it while planning whenever its arguments are known and it " +
			"depends on no resource with changes pending. Feed it the same values you give the resources, from " +
			"`locals` or variables, rather than the resources' attributes: then a plan that changes a member's " +
			"`hub_roles` or a key's `limit_role` shows the effective roles that the change will produce. (Given " +
			"`statushub_member.example.hub_roles` instead, Terraform would wait for apply to read it whenever the " +
			"member changes.) When an argument is unknown, such as the id of a hub created by the same plan, the " +
			"result is unknown until apply, never wrong.\n\n" +
			"It gives the same answer as the provider function `provider::statushub::effective_roles`, which needs " +
			"Terraform 1.8 or later (OpenTofu 1.7) and may take the resources' attributes directly; this data " +
			"source works from Terraform 1.5. To see what the API says after apply, use " +
			"`statushub_api_key_effective_roles`.",
		Attributes: map[string]schema.Attribute{
			"hub_roles": schema.MapAttribute{
				MarkdownDescription: "The member's role by hub id, such as `statushub_member.example.hub_roles`. " +
					"A hub it does not name is `no_access` and is left out of `by_hub`: to list every hub of the account, " +
					"as `statushub_api_key_effective_roles` does, name each one, `no_access` where the member has no " +
					"role. For the account owner, who is `admin` on every hub, name every hub as `admin`.",
				ElementType: types.StringType,
				Required:    true,
				Validators: []validator.Map{
					mapvalidator.ValueStringsAre(stringvalidator.OneOf(roles.Names()...)),
				},
			},
			"limit_role": schema.StringAttribute{
				MarkdownDescription: "The key's limit role, such as `statushub_api_key.example.limit_role`: one of " +
					markdownList(roles.LimitNames()) + ", or null for a key without a limit.",
				Optional:   true,
				Validators: []validator.String{limitRoleValidator()},
			},
			"by_hub": schema.MapAttribute{
				MarkdownDescription: "The effective role by hub id, on every hub that `hub_roles` names, `no_access` " +
					"included. Given every hub of the account, it compares entry for entry with the `by_hub` attribute " +
					"of `statushub_api_key_effective_roles`.",
				ElementType: types.StringType,
				Computed:    true,
			},
		},
	}
}

func (d *effectiveRolesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data effectiveRolesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}

	byHub, err := effectiveRolesByHub(data.HubRoles, data.LimitRole)
	if err != nil {
		// The validators make this unreachable from configuration.
		resp.Diagnostics.AddAttributeError(path.Root("hub_roles"), "Invalid Role", err.Error())
		return
	}
	value, diags := types.MapValueFrom(ctx, types.StringType, byHub)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	data.ByHub = value
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}
