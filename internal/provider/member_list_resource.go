package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

var (
	_ list.ListResource              = (*memberListResource)(nil)
	_ list.ListResourceWithConfigure = (*memberListResource)(nil)
)

// NewMemberListResource is the statushub_member list resource.
func NewMemberListResource() list.ListResource {
	return &memberListResource{}
}

// memberListResource lists the account's members for terraform query, with
// the resource's Metadata and Configure (see hubListResource).
type memberListResource struct {
	memberResource
}

type memberListConfig struct {
	Email types.String `tfsdk:"email"`
}

func (r *memberListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's members, the account owner included. Each result is shown as " +
			"the member's email address.",
		Attributes: map[string]schema.Attribute{
			"email": schema.StringAttribute{
				MarkdownDescription: "Lists only the member with this email address, in any case. Leave it unset " +
					"to list every member.",
				Optional:   true,
				Validators: []validator.String{emailValidator()},
			},
		},
	}
}

func (r *memberListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config memberListConfig
	if diags := req.Config.Get(ctx, &config); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	members, err := r.client.ListMembers(ctx, config.Email.ValueString())
	if err != nil {
		stream.Results = listFailed("Unable to List Members", err)
		return
	}
	stream.Results = listResults(ctx, req, memberIdentity, members, func(m api.Member) (string, any) {
		return m.Email, newMemberModel(&m)
	})
}
