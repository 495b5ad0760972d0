package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
	"github.com/statushub-community/terraform-provider-statushub/internal/rules"
)

var (
	_ resource.Resource                = (*memberResource)(nil)
	_ resource.ResourceWithConfigure   = (*memberResource)(nil)
	_ resource.ResourceWithImportState = (*memberResource)(nil)
	_ resource.ResourceWithIdentity    = (*memberResource)(nil)
)

// NewMemberResource is the statushub_member resource.
func NewMemberResource() resource.Resource {
	return &memberResource{}
}

type memberResource struct {
	client   *client.Client
	keyQuota *keyQuota
}

// memberModel is a member, for the resource and the data source alike.
type memberModel struct {
	ID       types.String  `tfsdk:"id"`
	Email    emailValue    `tfsdk:"email"`
	Name     types.String  `tfsdk:"name"`
	HubRoles hubRolesValue `tfsdk:"hub_roles"`
	Owner    types.Bool    `tfsdk:"owner"`
}

func newMemberModel(m *api.Member) memberModel {
	return memberModel{
		ID:       types.StringValue(m.ID),
		Email:    newEmailValue(m.Email),
		Name:     types.StringValue(m.Name),
		HubRoles: newHubRolesValue(m.HubRoles),
		Owner:    types.BoolValue(m.Owner),
	}
}

func (m memberModel) createRequest() api.MemberCreate {
	return api.MemberCreate{
		Email:    m.Email.ValueString(),
		Name:     m.Name.ValueString(),
		HubRoles: m.HubRoles.granted(),
	}
}

// updateRequest sends the whole wanted member; hub_roles replaces the
// member's map, so a hub left out loses its role.
func (m memberModel) updateRequest() api.MemberUpdate {
	hubRoles := m.HubRoles.granted()
	return api.MemberUpdate{
		Email:    m.Email.ValueStringPointer(),
		Name:     m.Name.ValueStringPointer(),
		HubRoles: &hubRoles,
	}
}

func (r *memberResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_member"
}

func (r *memberResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A team member of the account, with a role on each hub. Creating, renaming and " +
			"deleting members needs the account owner's API key. Deleting a member revokes all of its API keys. " +
			"Import a member by its id or by its email address.",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("member"),
			"email": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The member's email address, unique in the account: a plain address "+
					"such as `alice@example.com`, at most %d bytes, without control or invisible format characters. "+
					"StatusHub compares and stores addresses in lower case; the case written here is kept and a "+
					"change of case alone is not a change.", rules.MaxEmailLen),
				Required:      true,
				CustomType:    emailType{},
				PlanModifiers: []planmodifier.String{whenChanged(emailValidator())},
			},
			"name": nameAttribute("The member's name."),
			"hub_roles": schema.MapAttribute{
				MarkdownDescription: "The member's role on each hub, keyed by hub id. A role is one of " +
					markdownList(roles.Names()) + ". A hub left out is `no_access`; saying `no_access` outright " +
					"is the same and never shows as drift. Defaults to no role on any hub. The account owner is " +
					"`admin` on every hub and takes no roles here.",
				ElementType: types.StringType,
				CustomType:  newHubRolesType(),
				Optional:    true,
				Computed:    true,
				Default:     mapdefault.StaticValue(types.MapValueMust(types.StringType, map[string]attr.Value{})),
				Validators: []validator.Map{
					mapvalidator.ValueStringsAre(stringvalidator.OneOf(roles.Names()...)),
				},
			},
			"owner": schema.BoolAttribute{
				MarkdownDescription: "Whether the member is the account owner.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

// memberIdentity names a member by its id.
var memberIdentity = resourceIdentity{{"id", "The member's id."}}

func (r *memberResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = memberIdentity.schema()
}

func (r *memberResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if d := dataFrom(req.ProviderData, &resp.Diagnostics); d != nil {
		r.client, r.keyQuota = d.client, d.keyQuota
	}
}

func (r *memberResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan memberModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	member, err := r.client.CreateMember(ctx, plan.createRequest())
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to Create Member", err)
		return
	}
	r.keyQuota.memberCreated(member.ID)
	resp.Diagnostics.Append(resp.State.Set(ctx, newMemberModel(member))...)
	resp.Diagnostics.Append(memberIdentity.copy(ctx, resp.State, resp.Identity)...)
}

func (r *memberResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state memberModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(memberIdentity.copy(ctx, req.State, resp.Identity)...)
	if resp.Diagnostics.HasError() {
		return
	}

	member, err := r.client.RefreshMember(ctx, state.ID.ValueString())
	if errors.Is(err, client.ErrNotFound) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to Read Member", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newMemberModel(member))...)
}

func (r *memberResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan memberModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	member, err := r.client.UpdateMember(ctx, plan.ID.ValueString(), plan.updateRequest())
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to Update Member", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newMemberModel(member))...)
	resp.Diagnostics.Append(memberIdentity.copy(ctx, resp.State, resp.Identity)...)
}

func (r *memberResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state memberModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}

	err := r.client.DeleteMember(ctx, state.ID.ValueString())
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		addClientError(&resp.Diagnostics, "Unable to Delete Member", err)
	}
}

// ImportState takes a member id, or an email address (any id with an "@").
func (r *memberResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	memberIdentity.importState(ctx, req, resp, func(id string) {
		if strings.Contains(id, "@") {
			member, err := findMemberByEmail(ctx, r.client, id)
			if err != nil {
				addClientError(&resp.Diagnostics, "Unable to Import Member", err)
				return
			}
			id = member.ID
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	})
}

// findMemberByEmail looks a member up by email address, in any case.
func findMemberByEmail(ctx context.Context, c *client.Client, email string) (*api.Member, error) {
	members, err := c.ListMembers(ctx, email)
	if err != nil {
		return nil, err
	}
	if len(members) == 0 {
		return nil, fmt.Errorf("no member with email %q: %w", email, client.ErrNotFound)
	}
	return &members[0], nil
}
