package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// idAttribute is a resource's id: assigned by StatusHub on create and never
// changed, so plans keep the known value instead of "known after apply".
func idAttribute(object string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "The id StatusHub assigned to the " + object + ".",
		Computed:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// nameAttribute is a resource's required name, refused at plan time when empty.
func nameAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: description + " Must not be empty or only spaces.",
		Required:            true,
		Validators:          []validator.String{notBlankValidator()},
	}
}
