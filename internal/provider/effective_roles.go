package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// effectiveRolesModel is the `roles` and `by_hub` pair that the
// statushub_api_key_effective_roles and statushub_current_key data sources
// share; their models embed it.
type effectiveRolesModel struct {
	Roles types.List `tfsdk:"roles"`
	ByHub types.Map  `tfsdk:"by_hub"`
}

// effectiveRoleModel is one entry of `roles`.
type effectiveRoleModel struct {
	HubID         types.String `tfsdk:"hub_id"`
	HubName       types.String `tfsdk:"hub_name"`
	MemberRole    types.String `tfsdk:"member_role"`
	LimitRole     types.String `tfsdk:"limit_role"`
	EffectiveRole types.String `tfsdk:"effective_role"`
}

var effectiveRoleType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"hub_id":         types.StringType,
	"hub_name":       types.StringType,
	"member_role":    types.StringType,
	"limit_role":     types.StringType,
	"effective_role": types.StringType,
}}

// effectiveRolesAttributes is the schema of effectiveRolesModel. whose names
// the key, for the descriptions ("the key", "the provider's key").
func effectiveRolesAttributes(whose string) map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"roles": schema.ListNestedAttribute{
			MarkdownDescription: "The effective role of " + whose + " on every hub of the account, oldest hub first, " +
				"as the API computes it now: the lower of the member's role on the hub and the key's `limit_role`. " +
				"As in the StatusHub keys article's tables, the hubs where the member has no role are listed too, " +
				"as `no_access`.",
			Computed: true,
			NestedObject: schema.NestedAttributeObject{
				Attributes: map[string]schema.Attribute{
					"hub_id": schema.StringAttribute{
						MarkdownDescription: "The hub's id.",
						Computed:            true,
					},
					"hub_name": schema.StringAttribute{
						MarkdownDescription: "The hub's name.",
						Computed:            true,
					},
					"member_role": schema.StringAttribute{
						MarkdownDescription: "The member's role on the hub; `no_access` where it has none.",
						Computed:            true,
					},
					"limit_role": schema.StringAttribute{
						MarkdownDescription: "The key's limit role; null when the key has no limit.",
						Computed:            true,
					},
					"effective_role": schema.StringAttribute{
						MarkdownDescription: "The role the key acts with on the hub: the lower of `member_role` and `limit_role`.",
						Computed:            true,
					},
				},
			},
		},
		"by_hub": schema.MapAttribute{
			MarkdownDescription: "The effective role of " + whose + " by hub id: `roles` as a map, with every hub of " +
				"the account, for look-ups such as `by_hub[statushub_hub.example.id]`.",
			ElementType: types.StringType,
			Computed:    true,
		},
	}
}

// newEffectiveRolesModel converts the API's answer.
func newEffectiveRolesModel(ctx context.Context, in []api.EffectiveRole) (effectiveRolesModel, diag.Diagnostics) {
	entries := make([]effectiveRoleModel, len(in))
	byHub := make(map[string]string, len(in))
	for i, r := range in {
		entries[i] = effectiveRoleModel{
			HubID:         types.StringValue(r.HubID),
			HubName:       types.StringValue(r.HubName),
			MemberRole:    types.StringValue(r.MemberRole),
			LimitRole:     types.StringPointerValue(r.LimitRole),
			EffectiveRole: types.StringValue(r.EffectiveRole),
		}
		byHub[r.HubID] = r.EffectiveRole
	}
	var diags diag.Diagnostics
	roles, d := types.ListValueFrom(ctx, effectiveRoleType, entries)
	diags.Append(d...)
	byHubValue, d := types.MapValueFrom(ctx, types.StringType, byHub)
	diags.Append(d...)
	return effectiveRolesModel{Roles: roles, ByHub: byHubValue}, diags
}
