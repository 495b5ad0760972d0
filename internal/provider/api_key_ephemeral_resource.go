package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
)

var (
	_ ephemeral.EphemeralResource              = (*apiKeyEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*apiKeyEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithClose     = (*apiKeyEphemeralResource)(nil)
)

// NewAPIKeyEphemeralResource returns the statushub_api_key ephemeral
// resource: a key that lives for one Terraform run.
func NewAPIKeyEphemeralResource() ephemeral.EphemeralResource {
	return &apiKeyEphemeralResource{}
}

type apiKeyEphemeralResource struct {
	client *client.Client
}

// defaultExpiresIn is how long an ephemeral key lives when expires_in is
// left out.
const defaultExpiresIn = "1h"

type apiKeyEphemeralModel struct {
	ID        types.String `tfsdk:"id"`
	MemberID  types.String `tfsdk:"member_id"`
	Name      types.String `tfsdk:"name"`
	LimitRole types.String `tfsdk:"limit_role"`
	ExpiresIn types.String `tfsdk:"expires_in"`
	Secret    types.String `tfsdk:"secret"`
	Prefix    types.String `tfsdk:"prefix"`
	ExpiresAt types.String `tfsdk:"expires_at"`
}

// openedKey is what Close needs to revoke the key, kept in the private data
// that Terraform hands from Open to Close.
type openedKey struct {
	MemberID string `json:"member_id"`
	ID       string `json:"id"`
}

// privateOpenedKey names the openedKey in the private data.
const privateOpenedKey = "key"

func (r *apiKeyEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

func (r *apiKeyEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An API key of a team member that lives for one Terraform run, and whose secret is never " +
			"written to the plan or the state. Needs Terraform 1.10 or OpenTofu 1.11 or later.\n\n" +
			"Terraform opens the key when a run needs it (a plan and an apply each open their own), which creates it " +
			"with an expiry `expires_in` from then, and closes it at the end of the run, which revokes it. If " +
			"Terraform stops before it can close the key, the key still stops working at `expires_at`: choose an " +
			"`expires_in` a little longer than a run takes, since the key is not renewed. While it lives, the key " +
			"counts towards its member's " + fmt.Sprint(api.MaxKeysPerMember) + " keys.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The id StatusHub assigned to the API key.",
				Computed:            true,
			},
			"member_id": schema.StringAttribute{
				MarkdownDescription: "The id of the member the key belongs to.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The key's name, which the audit log shows as the actor (\"<name> via the API\"). It " +
					nameValidator().description + ".",
				Required:   true,
				Validators: []validator.String{nameValidator()},
			},
			"limit_role": schema.StringAttribute{
				MarkdownDescription: "The highest role the key may act with: one of " + markdownList(roles.LimitNames()) +
					". Left unset, the key has its member's full role on every hub. The key's effective role on a hub " +
					"is the lower of the member's role there and this limit.",
				Optional:   true,
				Validators: []validator.String{limitRoleValidator()},
			},
			"expires_in": schema.StringAttribute{
				MarkdownDescription: "How long after it is opened the key stops working, as a Go duration string such " +
					"as `30m` or `2h`; the key is revoked sooner when Terraform closes it. Defaults to `" +
					defaultExpiresIn + "`.",
				Optional:   true,
				Validators: []validator.String{durationValidator()},
			},
			"secret": schema.StringAttribute{
				MarkdownDescription: "The key's secret, the bearer token for the API, such as the `api_key` of a " +
					"second `statushub` provider block.",
				Computed:  true,
				Sensitive: true,
			},
			"prefix": schema.StringAttribute{
				MarkdownDescription: "The public start of the secret, which key lists show to tell keys apart.",
				Computed:            true,
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: "When the key stops working if Terraform has not revoked it before, in RFC 3339 format.",
				Computed:            true,
			},
		},
	}
}

func (r *apiKeyEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// Open creates the key, expiring expires_in from now.
func (r *apiKeyEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var config apiKeyEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	create, err := config.createRequest(time.Now())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("expires_in"), "Invalid Duration",
			fmt.Sprintf("expires_in %s. Set it to a positive Go duration string such as 1h.", err))
		return
	}

	key, err := r.client.CreateAPIKey(ctx, config.MemberID.ValueString(), create)
	if err != nil {
		addCreateKeyError(&resp.Diagnostics, err)
		return
	}

	config.setFromAPI(key)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &config)...)
	b, _ := json.Marshal(openedKey{MemberID: key.MemberID, ID: key.ID}) // two strings always marshal
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateOpenedKey, b)...)
}

// Close revokes the key. A key that is gone already, deleted out of band,
// is what Close wants.
func (r *apiKeyEphemeralResource) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	key, diags := openedKeyFrom(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.client.DeleteAPIKey(ctx, key.MemberID, key.ID)
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		addClientError(&resp.Diagnostics, "Unable to Revoke Ephemeral API Key",
			fmt.Errorf("key %s keeps working until its expires_at: %w", key.ID, err))
	}
}

// openedKeyFrom reads the key that Open recorded in the private data.
func openedKeyFrom(ctx context.Context, private privateState) (openedKey, diag.Diagnostics) {
	var key openedKey
	b, diags := private.GetKey(ctx, privateOpenedKey)
	if diags.HasError() {
		return key, diags
	}
	if err := json.Unmarshal(b, &key); err != nil || key.ID == "" {
		diags.AddError("Unable to Revoke Ephemeral API Key",
			"Terraform did not hand back which key Open created, so the provider cannot revoke it; the key stops "+
				"working at its expires_at. This is a bug in the provider: please report it to its maintainers.")
	}
	return key, diags
}

// createRequest is the API request that opens the key at now.
func (m apiKeyEphemeralModel) createRequest(now time.Time) (api.APIKeyCreate, error) {
	expiresIn := defaultExpiresIn
	if s := knownString(m.ExpiresIn); s != nil {
		expiresIn = *s
	}
	lifetime, err := parseDuration(expiresIn)
	if err != nil {
		return api.APIKeyCreate{}, err
	}
	expiresAt := now.Add(lifetime)
	return api.APIKeyCreate{
		Name:      m.Name.ValueString(),
		LimitRole: knownString(m.LimitRole),
		ExpiresAt: &expiresAt,
	}, nil
}

// setFromAPI copies the API's answer to the create into the model.
func (m *apiKeyEphemeralModel) setFromAPI(k *api.APIKey) {
	m.ID = types.StringValue(k.ID)
	m.MemberID = types.StringValue(k.MemberID)
	m.Name = types.StringValue(k.Name)
	m.LimitRole = types.StringPointerValue(k.LimitRole)
	m.Secret = types.StringValue(k.Secret)
	m.Prefix = types.StringValue(k.Prefix)
	m.ExpiresAt = timePointerValue(k.ExpiresAt)
}
