package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

var (
	_ list.ListResource              = (*apiKeyListResource)(nil)
	_ list.ListResourceWithConfigure = (*apiKeyListResource)(nil)
)

// NewAPIKeyListResource is the statushub_api_key list resource.
func NewAPIKeyListResource() list.ListResource {
	return &apiKeyListResource{}
}

// apiKeyListResource lists API keys for terraform query, with the
// resource's Metadata and Configure (see hubListResource). As the
// statushub_api_keys data source does, it lists one member's keys, or
// without member_id every key of the account, which only the owner's key
// may list.
type apiKeyListResource struct {
	apiKeyResource
}

type apiKeyListConfig struct {
	MemberID types.String `tfsdk:"member_id"`
}

func (r *apiKeyListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists API keys, without their secrets: the API never shows a secret again after " +
			"creating or resetting a key, so a key found here and imported has a null `secret` until it is reset " +
			"or replaced. Expired keys are listed too. Each result is shown as `name (prefix…) of email`, the " +
			"prefix being the public start of the key's secret.",
		Attributes: map[string]schema.Attribute{
			"member_id": schema.StringAttribute{
				MarkdownDescription: "The id of the member whose keys to list, which the member's own keys or the " +
					"account owner's may list. Left unset, the keys of every member of the account are listed, which " +
					"only an owner's key without a `limit_role` below `admin` may list.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func (r *apiKeyListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config apiKeyListConfig
	if diags := req.Config.Get(ctx, &config); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	keys, emails, err := r.keysWithEmails(ctx, config.MemberID.ValueString())
	if err != nil {
		stream.Results = list.ListResultsStreamDiagnostics(apiKeyListError(config, err))
		return
	}
	stream.Results = listResults(ctx, req, apiKeyIdentity, keys, func(k api.APIKey) (string, any) {
		return fmt.Sprintf("%s (%s…) of %s", k.Name, k.Prefix, emails[k.MemberID]), listedAPIKeyModel(&k)
	})
}

// keysWithEmails lists the keys of the member memberID, or of every member
// for "", and the email addresses of their members by member id.
func (r *apiKeyListResource) keysWithEmails(ctx context.Context, memberID string) ([]api.APIKey, map[string]string, error) {
	if memberID != "" {
		member, err := r.client.GetMember(ctx, memberID)
		if err != nil {
			return nil, nil, err
		}
		keys, err := r.client.ListAPIKeys(ctx, memberID)
		return keys, map[string]string{member.ID: member.Email}, err
	}
	keys, err := r.client.ListAccountAPIKeys(ctx, client.APIKeyFilter{})
	if err != nil {
		return nil, nil, err
	}
	members, err := r.client.ListMembers(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	emails := make(map[string]string, len(members))
	for _, m := range members {
		emails[m.ID] = m.Email
	}
	return keys, emails, nil
}

// apiKeyListError explains a failed list. A key that may not list the whole
// account is pointed at member_id.
func apiKeyListError(config apiKeyListConfig, err error) diag.Diagnostics {
	var diags diag.Diagnostics
	var ce *client.Error
	if config.MemberID.IsNull() && errors.As(err, &ce) && ce.Status == http.StatusForbidden {
		diags.AddAttributeError(path.Root("member_id"), "Unable to List API Keys",
			"Without member_id the list holds every key of the account, which only the account owner's key, "+
				"without a limit_role below admin, may list. Set member_id to list the keys of one member, or "+
				"query with the owner's key.\n\nError: "+err.Error())
		return diags
	}
	addClientError(&diags, "Unable to List API Keys", err)
	return diags
}

// listedAPIKeyModel is the state of a listed key, as an import and a read
// make it: the API's values, and null for what only a configuration holds
// (keepers, reset_triggers, expires_in, rotate_before). The secret is null
// whatever the answer held: a list result never carries one.
func listedAPIKeyModel(k *api.APIKey) apiKeyModel {
	m := apiKeyModel{
		Keepers:       types.MapNull(types.StringType),
		ResetTriggers: types.MapNull(types.StringType),
	}
	m.setFromAPI(k)
	m.Secret = types.StringNull()
	return m
}
