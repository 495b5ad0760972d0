package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

var (
	_ action.Action              = (*componentStatusAction)(nil)
	_ action.ActionWithConfigure = (*componentStatusAction)(nil)
)

// NewComponentStatusAction is the statushub_component_status action.
func NewComponentStatusAction() action.Action {
	return &componentStatusAction{}
}

type componentStatusAction struct {
	client *client.Client
}

type componentStatusModel struct {
	HubID        types.String `tfsdk:"hub_id"`
	ComponentID  types.String `tfsdk:"component_id"`
	Status       types.String `tfsdk:"status"`
	AuditMessage types.String `tfsdk:"audit_message"`
}

// updateRequest sets the status and nothing else, which an editor may do.
func (m componentStatusModel) updateRequest() api.ComponentUpdate {
	return api.ComponentUpdate{
		Status:       m.Status.ValueStringPointer(),
		AuditMessage: m.AuditMessage.ValueStringPointer(),
	}
}

// statusChange says, for the progress of the action, what it changed:
// `component "API" (cmp_…) in hub hub_…: operational → under_maintenance`.
func statusChange(before, after *api.Component) string {
	component := fmt.Sprintf("component %q (%s) in hub %s", after.Name, after.ID, after.HubID)
	if before.Status == after.Status {
		return fmt.Sprintf("%s: already %s", component, after.Status)
	}
	return fmt.Sprintf("%s: %s → %s", component, before.Status, after.Status)
}

func (a *componentStatusAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_component_status"
}

func (a *componentStatusAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sets the status of a component when it is invoked: by a resource's " +
			"`lifecycle.action_trigger`, for example around a deployment, or by `terraform apply -invoke`. " +
			"The change is written to the hub's audit log under the name of the provider's API key, with " +
			"`audit_message` if set. Setting only a status needs the editor role on the hub. A " +
			"`statushub_component` whose `status` is left unset never shows the status an action set as " +
			"drift; one whose `status` is set is put back to it by the next apply. Actions need Terraform 1.14 " +
			"or later; OpenTofu 1.12 has none.",
		Attributes: map[string]schema.Attribute{
			"hub_id": schema.StringAttribute{
				MarkdownDescription: "The id of the hub the component belongs to.",
				Required:            true,
			},
			"component_id": schema.StringAttribute{
				MarkdownDescription: "The id of the component whose status to set.",
				Required:            true,
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "The status to set: one of " + markdownList(api.ComponentStatuses()) + ". " +
					"A component that already has it is left as it is, and the action says so.",
				Required:   true,
				Validators: []validator.String{componentStatusValidator()},
			},
			"audit_message": schema.StringAttribute{
				MarkdownDescription: "A message added to the audit event of the change, such as " +
					"`\"deploying v1.4.2\"`; the status page does not show it. It " +
					auditMessageValidator().description + ". Leave it unset for no message.",
				Optional:   true,
				Validators: []validator.String{auditMessageValidator()},
			},
		},
	}
}

func (a *componentStatusAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// Invoke always sends the status, even one the component already has, so
// that a key that may not set it fails the same way every time.
func (a *componentStatusAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var config componentStatusModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	hubID, componentID := config.HubID.ValueString(), config.ComponentID.ValueString()
	before, err := a.client.GetComponent(ctx, hubID, componentID)
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to Read Component", err)
		return
	}
	after, err := a.client.UpdateComponent(ctx, hubID, componentID, config.updateRequest())
	if err != nil {
		addClientError(&resp.Diagnostics, "Unable to Set Component Status", err)
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: statusChange(before, after)})
}
