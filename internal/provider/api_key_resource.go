package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
)

var (
	_ resource.Resource                   = (*apiKeyResource)(nil)
	_ resource.ResourceWithConfigure      = (*apiKeyResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*apiKeyResource)(nil)
	_ resource.ResourceWithValidateConfig = (*apiKeyResource)(nil)
	_ resource.ResourceWithImportState    = (*apiKeyResource)(nil)
	_ resource.ResourceWithIdentity       = (*apiKeyResource)(nil)
)

// NewAPIKeyResource returns the statushub_api_key resource.
func NewAPIKeyResource() resource.Resource {
	return &apiKeyResource{}
}

type apiKeyResource struct {
	client   *client.Client
	keyQuota *keyQuota
	now      func() time.Time
}

type apiKeyModel struct {
	ID            types.String `tfsdk:"id"`
	MemberID      types.String `tfsdk:"member_id"`
	Name          types.String `tfsdk:"name"`
	LimitRole     types.String `tfsdk:"limit_role"`
	Keepers       types.Map    `tfsdk:"keepers"`
	ResetTriggers types.Map    `tfsdk:"reset_triggers"`
	ExpiresIn     types.String `tfsdk:"expires_in"`
	RotateBefore  types.String `tfsdk:"rotate_before"`
	Secret        types.String `tfsdk:"secret"`
	Prefix        types.String `tfsdk:"prefix"`
	CreatedAt     types.String `tfsdk:"created_at"`
	ResetAt       types.String `tfsdk:"reset_at"`
	ExpiresAt     types.String `tfsdk:"expires_at"`
}

// rotatedOnReset are the attributes that a reset gives new values.
var rotatedOnReset = []string{"secret", "prefix", "reset_at"}

func (r *apiKeyResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_key"
}

func (r *apiKeyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keepState := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An API key of a team member. The key acts with its member's role on each hub, lowered " +
			"to `limit_role` when one is set. A member may have at most " + fmt.Sprint(api.MaxKeysPerMember) + " keys.\n\n" +
			"The secret is known only after the key is created or reset; it is stored in the Terraform state, " +
			"so protect the state accordingly. Rotate a key with `terraform apply -replace` (a new key, the old one " +
			"revoked), with `keepers` (the same, driven by configuration), with `reset_triggers` (a new secret for " +
			"the same key) or on a schedule with `expires_in` and `rotate_before`.",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("API key"),
			"member_id": schema.StringAttribute{
				MarkdownDescription: "The id of the member the key belongs to. Changing it replaces the key.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": nameAttribute("The key's name, which the audit log shows as the actor (\"<name> via the API\"). " +
				"Changes in place; the secret stays the same."),
			"limit_role": schema.StringAttribute{
				MarkdownDescription: "The highest role the key may act with: one of " + markdownList(roles.LimitNames()) +
					". Left unset, the key has its member's full role on every hub. The key's effective role on a hub " +
					"is the lower of the member's role there and this limit; the provider function " +
					"`provider::statushub::effective_roles` shows it in the plan. Changes in place; the secret stays the same.",
				Optional:   true,
				Validators: []validator.String{limitRoleValidator()},
			},
			"keepers": schema.MapAttribute{
				MarkdownDescription: "Arbitrary values that, when changed, replace the key: a new key is created and the " +
					"old one revoked (with `create_before_destroy`, in that order).",
				ElementType:   types.StringType,
				Optional:      true,
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
			"reset_triggers": schema.MapAttribute{
				MarkdownDescription: "Arbitrary values that, when changed, reset the key in place: it keeps its id, name " +
					"and limit, gets a new `secret`, `prefix` and `reset_at`, and the old secret stops working at once.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"expires_in": schema.StringAttribute{
				MarkdownDescription: "How long after its creation the key expires, as a positive Go duration string such " +
					"as `720h` (30 days). From then on its secret is refused with `401 key_expired`, and the key no " +
					"longer counts towards its member's quota. Left unset, the key never expires. Changing it replaces " +
					"the key. The API keeps only the moment of expiry, `expires_at`, so after an import this is null: " +
					"leave it out of the configuration to keep an imported key.",
				Optional:      true,
				Validators:    []validator.String{durationValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"rotate_before": schema.StringAttribute{
				MarkdownDescription: "How long before `expires_at` the key is replaced, as a positive Go duration string " +
					"such as `168h` (7 days); shorter than `expires_in`. A plan made within this time of `expires_at`, " +
					"or after it, replaces the key and warns why; with `create_before_destroy` the new key exists " +
					"before the old one is revoked. Left unset, a key is replaced only once it has expired. Changes " +
					"in place.",
				Optional:   true,
				Validators: []validator.String{durationValidator()},
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: "When the key expires, in RFC 3339 format; null if it never does. An expired key " +
					"stays in the state and the next plan replaces it.",
				Computed:      true,
				PlanModifiers: keepState,
			},
			"secret": schema.StringAttribute{
				MarkdownDescription: "The key's secret, the bearer token for the API. Known only after the key is created or " +
					"reset: the API never shows it again, so it is null after an import.",
				Computed:      true,
				Sensitive:     true,
				PlanModifiers: keepState,
			},
			"prefix": schema.StringAttribute{
				MarkdownDescription: "The public start of the secret, which key lists show to tell keys apart.",
				Computed:            true,
				PlanModifiers:       keepState,
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the key was created, in RFC 3339 format.",
				Computed:            true,
				PlanModifiers:       keepState,
			},
			"reset_at": schema.StringAttribute{
				MarkdownDescription: "When the key was last reset, in RFC 3339 format; null if it never was.",
				Computed:            true,
				PlanModifiers:       keepState,
			},
		},
	}
}

// apiKeyIdentity names a key by its member's id and its own.
var apiKeyIdentity = resourceIdentity{
	{"member_id", "The id of the member the key belongs to."},
	{"id", "The key's id."},
}

func (r *apiKeyResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = apiKeyIdentity.schema()
}

func (r *apiKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if d := dataFrom(req.ProviderData, &resp.Diagnostics); d != nil {
		r.client, r.keyQuota, r.now = d.client, d.keyQuota, d.now
	}
}

// ValidateConfig refuses a rotate_before that is not shorter than
// expires_in: every new key would be due for rotation at once.
func (r *apiKeyResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config apiKeyModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Null, unknown and invalid durations do not parse; the validators of
	// the attributes report the invalid ones.
	expiresIn, errIn := parseDuration(config.ExpiresIn.ValueString())
	rotateBefore, errBefore := parseDuration(config.RotateBefore.ValueString())
	if errIn == nil && errBefore == nil && rotateBefore >= expiresIn {
		resp.Diagnostics.AddAttributeError(path.Root("rotate_before"), "Invalid Attribute Combination",
			fmt.Sprintf("rotate_before (%s) must be shorter than expires_in (%s): a new key would be due for "+
				"rotation as soon as it is created. Shorten rotate_before or lengthen expires_in.",
				config.RotateBefore.ValueString(), config.ExpiresIn.ValueString()))
	}
}

// ModifyPlan reports a member's 11th key before apply (see keyQuota),
// shows a reset's new values as unknown, and replaces a key due for
// rotation (see planRotation).
func (r *apiKeyResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan apiKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		r.keyQuota.checkNewKey(ctx, plan.MemberID, req.Private, &resp.Diagnostics)
		return
	}
	var state apiKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(rememberKeyMember(ctx, resp.Private, state.MemberID)...)
	if !plan.ResetTriggers.Equal(state.ResetTriggers) {
		for _, name := range rotatedOnReset {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), types.StringUnknown())...)
		}
	}
	r.planRotation(ctx, state.ExpiresAt, plan.RotateBefore, resp)
}

// planRotation replaces the key when, by the provider's clock, it has
// expired or expires within rotate_before, and warns why. A changed
// expires_at is what Terraform replaces for, so the plan shows it unknown.
func (r *apiKeyResource) planRotation(ctx context.Context, expiresAt, rotateBefore types.String, resp *resource.ModifyPlanResponse) {
	if expiresAt.IsNull() || rotateBefore.IsUnknown() {
		return
	}
	at, err := time.Parse(time.RFC3339, expiresAt.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("expires_at"), "Invalid API Key Expiry in State",
			fmt.Sprintf("The state's expires_at is not an RFC 3339 time. Refresh the state (terraform apply "+
				"-refresh-only) to read it from the API again.\n\nError: %s", err))
		return
	}
	why, due := rotationDue(at, durationValue(rotateBefore), r.now())
	if !due {
		return
	}
	resp.RequiresReplace = append(resp.RequiresReplace, path.Root("expires_at"))
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("expires_at"), types.StringUnknown())...)
	resp.Diagnostics.AddAttributeWarning(path.Root("expires_at"), "API Key Due for Rotation",
		why+" This plan replaces it with a new key; with create_before_destroy the new key is created before "+
			"the old one is revoked, so a working key exists throughout.")
}

// rotationDue reports whether a key that expires at expiresAt is due for
// rotation at now, rotateBefore ahead of its expiry, and says why.
func rotationDue(expiresAt time.Time, rotateBefore time.Duration, now time.Time) (string, bool) {
	at := expiresAt.UTC().Format(time.RFC3339)
	switch {
	case !now.Before(expiresAt):
		return fmt.Sprintf("The key expired at %s.", at), true
	case !now.Before(expiresAt.Add(-rotateBefore)):
		return fmt.Sprintf("The key expires at %s, within rotate_before (%s).", at, rotateBefore), true
	}
	return "", false
}

func (r *apiKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan apiKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	key, err := r.client.CreateAPIKey(ctx, plan.MemberID.ValueString(), api.APIKeyCreate{
		Name:      plan.Name.ValueString(),
		LimitRole: plan.LimitRole.ValueStringPointer(),
		ExpiresAt: expiryOf(plan.ExpiresIn, r.now()),
	})
	if err != nil {
		addCreateKeyError(&resp.Diagnostics, err)
		return
	}

	plan.setFromAPI(key)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(apiKeyIdentity.copy(ctx, resp.State, resp.Identity)...)
}

func (r *apiKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state apiKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(apiKeyIdentity.copy(ctx, req.State, resp.Identity)...)
	if resp.Diagnostics.HasError() {
		return
	}

	key, err := r.client.RefreshAPIKey(ctx, state.MemberID.ValueString(), state.ID.ValueString())
	if errors.Is(err, client.ErrNotFound) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to Read API Key", err)
		return
	}

	state.setFromAPI(key)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *apiKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state apiKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	memberID, keyID := state.MemberID.ValueString(), state.ID.ValueString()

	// Only a reset changes these; the plan has them unknown when it may reset.
	plan.Secret, plan.Prefix, plan.ResetAt = state.Secret, state.Prefix, state.ResetAt
	if update, changed := keyUpdate(plan, state); changed {
		key, err := r.client.UpdateAPIKey(ctx, memberID, keyID, update)
		if err != nil {
			addClientError(&resp.Diagnostics, "Unable to Update API Key", err)
			return
		}
		plan.setFromAPI(key)
	}
	if !plan.ResetTriggers.Equal(state.ResetTriggers) {
		key, err := r.client.ResetAPIKey(ctx, memberID, keyID)
		if err != nil {
			addClientError(&resp.Diagnostics, "Unable to Reset API Key", err)
			return
		}
		plan.setFromAPI(key)
	}

	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(apiKeyIdentity.copy(ctx, resp.State, resp.Identity)...)
}

// keyUpdate is the PATCH body for the changes from state to plan.
func keyUpdate(plan, state apiKeyModel) (api.APIKeyUpdate, bool) {
	var u api.APIKeyUpdate
	if !plan.Name.Equal(state.Name) {
		u.Name = plan.Name.ValueStringPointer()
	}
	if !plan.LimitRole.Equal(state.LimitRole) {
		u.LimitRole = api.Value(plan.LimitRole.ValueString())
		if plan.LimitRole.IsNull() {
			u.LimitRole = api.Null[string]()
		}
	}
	return u, u.Name != nil || u.LimitRole.Set
}

func (r *apiKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state apiKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}

	err := r.client.DeleteAPIKey(ctx, state.MemberID.ValueString(), state.ID.ValueString())
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		addClientError(&resp.Diagnostics, "Unable to Delete API Key", err)
	}
}

// ImportState takes "member_id/key_id", or the identity. The secret cannot
// be read back.
func (r *apiKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	apiKeyIdentity.importState(ctx, req, resp, func(id string) {
		ids := importIDParts(id, &resp.Diagnostics, "member_id", "key_id")
		if ids == nil {
			return
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("member_id"), ids[0])...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ids[1])...)
	})
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.AddWarning("API Key Secret Not Imported",
		"The API shows a key's secret only when the key is created or reset, so the imported key's secret is null "+
			"in the Terraform state. To get a secret into the state, change reset_triggers (a new secret for the "+
			"same key) or run terraform apply -replace on this resource (a new key). Either one stops the current "+
			"secret from working. Since keepers, reset_triggers and expires_in cannot be imported either, setting "+
			"them in the configuration replaces or resets the key at the next apply; expires_at is imported, so "+
			"rotate_before works on an imported key.")
}

// expiryOf is the moment a key created at now with expiresIn expires, or
// nil for a key that never expires.
func expiryOf(expiresIn types.String, now time.Time) *time.Time {
	if expiresIn.IsNull() {
		return nil
	}
	at := now.Add(durationValue(expiresIn))
	return &at
}

// setFromAPI copies an API answer into the model. The API shows the secret
// only in the answers to create and reset, so any other answer leaves the
// secret as it was.
func (m *apiKeyModel) setFromAPI(k *api.APIKey) {
	m.ID = types.StringValue(k.ID)
	m.MemberID = types.StringValue(k.MemberID)
	m.Name = types.StringValue(k.Name)
	m.LimitRole = types.StringPointerValue(k.LimitRole)
	m.Prefix = types.StringValue(k.Prefix)
	m.CreatedAt = timeValue(k.CreatedAt)
	m.ResetAt = timePointerValue(k.ResetAt)
	m.ExpiresAt = timePointerValue(k.ExpiresAt)
	if k.Secret != "" {
		m.Secret = types.StringValue(k.Secret)
	}
}

// timeValue formats an API time as RFC 3339 in UTC.
func timeValue(t time.Time) types.String {
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// timePointerValue is timeValue for a time that may be absent.
func timePointerValue(t *time.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return timeValue(*t)
}
