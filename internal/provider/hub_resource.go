package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
	"github.com/statushub-community/terraform-provider-statushub/internal/rules"
)

var (
	_ resource.Resource                = (*hubResource)(nil)
	_ resource.ResourceWithConfigure   = (*hubResource)(nil)
	_ resource.ResourceWithImportState = (*hubResource)(nil)
	_ resource.ResourceWithIdentity    = (*hubResource)(nil)
)

// NewHubResource is the statushub_hub resource.
func NewHubResource() resource.Resource {
	return &hubResource{}
}

type hubResource struct {
	client *client.Client
}

// hubModel is a hub, for the resource and the data source alike.
type hubModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	Subdomain   types.String `tfsdk:"subdomain"`
	Description types.String `tfsdk:"description"`
	Timezone    types.String `tfsdk:"timezone"`
	Private     types.Bool   `tfsdk:"private"`
}

func newHubModel(h *api.Hub) hubModel {
	return hubModel{
		ID:          types.StringValue(h.ID),
		Name:        types.StringValue(h.Name),
		Subdomain:   types.StringValue(h.Subdomain),
		Description: types.StringValue(h.Description),
		Timezone:    types.StringValue(h.Timezone),
		Private:     types.BoolValue(h.Private),
	}
}

func (m hubModel) createRequest() api.HubCreate {
	return api.HubCreate{
		Name:        m.Name.ValueString(),
		Subdomain:   m.Subdomain.ValueString(),
		Description: m.Description.ValueStringPointer(),
		Timezone:    m.Timezone.ValueStringPointer(),
		Private:     m.Private.ValueBoolPointer(),
	}
}

// updateRequest sends every setting: the plan holds the whole wanted hub.
func (m hubModel) updateRequest() api.HubUpdate {
	return api.HubUpdate{
		Name:        m.Name.ValueStringPointer(),
		Subdomain:   m.Subdomain.ValueStringPointer(),
		Description: m.Description.ValueStringPointer(),
		Timezone:    m.Timezone.ValueStringPointer(),
		Private:     m.Private.ValueBoolPointer(),
	}
}

func (r *hubResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_hub"
}

func (r *hubResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A hub: one StatusHub status page, shown at its subdomain. Creating a hub needs the " +
			"account owner's API key. Import a hub by its id.",
		Attributes: map[string]schema.Attribute{
			"id":   idAttribute("hub"),
			"name": nameAttribute("The hub's name, shown as the title of the status page."),
			"subdomain": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The subdomain the status page is served at: a DNS label of 1 to %d "+
					"lower-case letters, digits and hyphens, not starting or ending with a hyphen. Unique on the whole "+
					"server; it can be changed in place.", rules.MaxSubdomainLen),
				Required:   true,
				Validators: []validator.String{subdomainValidator()},
			},
			"description": descriptionAttribute("hub"),
			"timezone": schema.StringAttribute{
				MarkdownDescription: "The IANA time zone the status page shows times in, such as `Europe/Paris`. " +
					"Defaults to `UTC`.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString("UTC"),
				Validators: []validator.String{timezoneValidator()},
			},
			"private": schema.BoolAttribute{
				MarkdownDescription: "Whether the status page is shown only to signed-in members. Defaults to `false`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(false),
			},
		},
	}
}

// hubIdentity names a hub by its id.
var hubIdentity = resourceIdentity{{"id", "The hub's id."}}

func (r *hubResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = hubIdentity.schema()
}

func (r *hubResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *hubResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan hubModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	hub, err := r.client.CreateHub(ctx, plan.createRequest())
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to Create Hub", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newHubModel(hub))...)
	resp.Diagnostics.Append(hubIdentity.copy(ctx, resp.State, resp.Identity)...)
}

func (r *hubResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state hubModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(hubIdentity.copy(ctx, req.State, resp.Identity)...)
	if resp.Diagnostics.HasError() {
		return
	}

	hub, err := r.client.RefreshHub(ctx, state.ID.ValueString())
	if errors.Is(err, client.ErrNotFound) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to Read Hub", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newHubModel(hub))...)
}

func (r *hubResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan hubModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	hub, err := r.client.UpdateHub(ctx, plan.ID.ValueString(), plan.updateRequest())
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to Update Hub", err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, newHubModel(hub))...)
	resp.Diagnostics.Append(hubIdentity.copy(ctx, resp.State, resp.Identity)...)
}

func (r *hubResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state hubModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}

	err := r.client.DeleteHub(ctx, state.ID.ValueString())
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		addClientError(&resp.Diagnostics, "Unable to Delete Hub", err)
	}
}

func (r *hubResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	hubIdentity.importState(ctx, req, resp, func(id string) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	})
}
