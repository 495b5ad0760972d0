package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
)

var _ function.Function = effectiveRolesFunction{}

// NewEffectiveRolesFunction returns provider::statushub::effective_roles.
//
// It exists so that a plan can show the effective roles a change will
// produce. A data source read at plan time shows the roles the API computes
// now, and a key resource cannot see its member's planned hub_roles; a pure
// function of configuration values is known in the plan whenever its inputs
// are, and unknown (never wrong) when they are not.
func NewEffectiveRolesFunction() function.Function {
	return effectiveRolesFunction{}
}

type effectiveRolesFunction struct{}

func (effectiveRolesFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "effective_roles"
}

func (effectiveRolesFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The effective roles of an API key, computed from its member's hub roles and its limit role.",
		MarkdownDescription: "Returns the effective role by hub id of an API key described by `key`: on each hub, the " +
			"lower of the member's role (`key.hub_roles`) and the key's limit (`key.limit_role`), or the member's role " +
			"when the key has no limit. The result names every hub that `key.hub_roles` names, `no_access` included. " +
			"The `by_hub` attribute of the `statushub_api_key_effective_roles` data source names every hub of the " +
			"account: to compare the two, name every hub in `key.hub_roles`, `no_access` where the member has no " +
			"role, such as `merge({ for h in statushub_hub.all : h.id => \"no_access\" }, statushub_member.example.hub_roles)`.\n\n" +
			"The function only computes; it reads nothing from the API. Its result is therefore known in the plan " +
			"whenever its argument is, which lets a plan that changes a member's `hub_roles` or a key's `limit_role` " +
			"show the effective roles the change will produce, for example in an `output`. It is unknown when part " +
			"of its argument is unknown, such as the id of a hub created in the same plan.\n\n" +
			"The account owner is `admin` on every hub and has an empty `hub_roles`: for an owner's key, pass a map " +
			"that names every hub as `admin`, such as `{ for h in statushub_hub.all : h.id => \"admin\" }`.",
		Parameters: []function.Parameter{
			// One object rather than two arguments: a key without a limit has
			// a null limit_role, and OpenTofu cannot pass a null argument to
			// a provider function, only a null attribute.
			function.ObjectParameter{
				Name: "key",
				MarkdownDescription: "The key to compute, as an object with two attributes: `hub_roles`, its member's " +
					"role by hub id, such as `statushub_member.example.hub_roles` (a hub it does not name is " +
					"`no_access`); and `limit_role`, the key's limit, such as `statushub_api_key.example.limit_role`: " +
					"one of " + markdownList(roles.LimitNames()) + ", or null for a key without a limit.",
				AttributeTypes: map[string]attr.Type{
					"hub_roles":  types.MapType{ElemType: types.StringType},
					"limit_role": types.StringType,
				},
			},
		},
		Return: function.MapReturn{ElementType: types.StringType},
	}
}

// effectiveRolesArgument is the function's argument.
type effectiveRolesArgument struct {
	HubRoles  map[string]string `tfsdk:"hub_roles"`
	LimitRole *string           `tfsdk:"limit_role"`
}

func (effectiveRolesFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var key effectiveRolesArgument
	resp.Error = req.Arguments.Get(ctx, &key)
	if resp.Error != nil {
		return
	}
	byHub, err := effectiveRolesByHub(key.HubRoles, key.LimitRole)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, byHub)
}

// effectiveRolesByHub applies roles.Effective to every hub of hubRoles,
// no_access included, as the API lists every hub it knows.
func effectiveRolesByHub(hubRoles map[string]string, limitRole *string) (map[string]string, error) {
	limit, err := roles.ParseOptionalLimit(limitRole)
	if err != nil {
		return nil, fmt.Errorf("limit_role: %w", err)
	}
	byHub := make(map[string]string, len(hubRoles))
	for hubID, name := range hubRoles {
		member, err := roles.Parse(name)
		if err != nil {
			return nil, fmt.Errorf("hub_roles[%q]: %w", hubID, err)
		}
		byHub[hubID] = roles.Effective(member, limit).String()
	}
	return byHub, nil
}
