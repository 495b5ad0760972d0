package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
	"github.com/statushub-community/terraform-provider-statushub/internal/rules"
)

var (
	_ resource.Resource                = (*componentResource)(nil)
	_ resource.ResourceWithConfigure   = (*componentResource)(nil)
	_ resource.ResourceWithImportState = (*componentResource)(nil)
	_ resource.ResourceWithIdentity    = (*componentResource)(nil)
)

// NewComponentResource is the statushub_component resource.
func NewComponentResource() resource.Resource {
	return &componentResource{}
}

type componentResource struct {
	client *client.Client
}

type componentModel struct {
	ID          types.String `tfsdk:"id"`
	HubID       types.String `tfsdk:"hub_id"`
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
	Status      types.String `tfsdk:"status"`
	Group       types.String `tfsdk:"group"`
	Position    types.Int64  `tfsdk:"position"`
}

func newComponentModel(c *api.Component) componentModel {
	return componentModel{
		ID:          types.StringValue(c.ID),
		HubID:       types.StringValue(c.HubID),
		Name:        types.StringValue(c.Name),
		Description: types.StringValue(c.Description),
		Status:      types.StringValue(c.Status),
		Group:       types.StringPointerValue(c.Group),
		Position:    types.Int64Value(c.Position),
	}
}

// createRequest leaves status and position to the API when the
// configuration does not set them.
func (m componentModel) createRequest() api.ComponentCreate {
	return api.ComponentCreate{
		Name:        m.Name.ValueString(),
		Description: m.Description.ValueStringPointer(),
		Status:      knownString(m.Status),
		Group:       knownString(m.Group),
		Position:    knownInt64(m.Position),
	}
}

// componentUpdateRequest sends the plan, but status and position only when
// the configuration sets them: otherwise they belong to whoever changes them
// at run time, and a value read at plan time must never be written back.
func componentUpdateRequest(plan, config componentModel) api.ComponentUpdate {
	group := api.Null[string]()
	if !plan.Group.IsNull() {
		group = api.Value(plan.Group.ValueString())
	}
	return api.ComponentUpdate{
		Name:        plan.Name.ValueStringPointer(),
		Description: plan.Description.ValueStringPointer(),
		Status:      knownString(config.Status),
		Group:       group,
		Position:    knownInt64(config.Position),
	}
}

// componentStateAfterUpdate is the API's answer, except that status and
// position stay as planned when the configuration does not set them: the
// plan promised those values, and one changed since by someone else is
// picked up on the next refresh without showing as drift.
func componentStateAfterUpdate(c *api.Component, plan, config componentModel) componentModel {
	state := newComponentModel(c)
	if config.Status.IsNull() {
		state.Status = plan.Status
	}
	if config.Position.IsNull() {
		state.Position = plan.Position
	}
	return state
}

func (r *componentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_component"
}

func (r *componentResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A component of a hub: a part of the service whose status the status page shows. " +
			"Managing components needs the manager role on the hub. Import a component as `hub_id/component_id`.",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("component"),
			"hub_id": schema.StringAttribute{
				MarkdownDescription: "The id of the hub the component belongs to. Changing it replaces the component.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name":        nameAttribute("The component's name, as the status page shows it."),
			"description": descriptionAttribute("component"),
			"status": schema.StringAttribute{
				MarkdownDescription: "The component's status: one of " + markdownList(api.ComponentStatuses()) + ". " +
					"Leave it unset to let people and tools change the status at run time (through the API, the " +
					"StatusHub site or the `statushub_component_status` action): Terraform then sets `operational` on " +
					"create and never reports a status changed since as drift. Set it to have Terraform hold the component at that status.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{componentStatusValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"group": schema.StringAttribute{
				MarkdownDescription: "The name of the group the component is shown under. Leave it unset for no group. " +
					nameRule,
				Optional:      true,
				PlanModifiers: []planmodifier.String{whenChanged(nameValidator())},
			},
			"position": schema.Int64Attribute{
				MarkdownDescription: "The component's place in the hub's list, from `0`. Leave it unset to add the " +
					"component after the last one and let the order be changed at run time without showing as drift.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.Int64{int64validator.AtLeast(rules.MinPosition)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
		},
	}
}

// componentIdentity names a component by its hub's id and its own.
var componentIdentity = resourceIdentity{
	{"hub_id", "The id of the hub the component belongs to."},
	{"id", "The component's id."},
}

func (r *componentResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = componentIdentity.schema()
}

func (r *componentResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *componentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan componentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	component, err := r.client.CreateComponent(ctx, plan.HubID.ValueString(), plan.createRequest())
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to Create Component", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newComponentModel(component))...)
	resp.Diagnostics.Append(componentIdentity.copy(ctx, resp.State, resp.Identity)...)
}

func (r *componentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state componentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(componentIdentity.copy(ctx, req.State, resp.Identity)...)
	if resp.Diagnostics.HasError() {
		return
	}

	component, err := r.client.RefreshComponent(ctx, state.HubID.ValueString(), state.ID.ValueString())
	if errors.Is(err, client.ErrNotFound) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to Read Component", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newComponentModel(component))...)
}

func (r *componentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, config componentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	component, err := r.client.UpdateComponent(ctx, plan.HubID.ValueString(), plan.ID.ValueString(),
		componentUpdateRequest(plan, config))
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to Update Component", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, componentStateAfterUpdate(component, plan, config))...)
	resp.Diagnostics.Append(componentIdentity.copy(ctx, resp.State, resp.Identity)...)
}

func (r *componentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state componentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}

	err := r.client.DeleteComponent(ctx, state.HubID.ValueString(), state.ID.ValueString())
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		addClientError(&resp.Diagnostics, "Unable to Delete Component", err)
	}
}

func (r *componentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	componentIdentity.importState(ctx, req, resp, func(id string) {
		ids := importIDParts(id, &resp.Diagnostics, "hub_id", "component_id")
		if ids == nil {
			return
		}
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("hub_id"), ids[0])...)
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ids[1])...)
	})
}
