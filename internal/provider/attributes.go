package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"

	"github.com/statushub-community/terraform-provider-statushub/internal/rules"
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

// nameRule says, for attribute descriptions, what the name rule allows;
// the provider's page says why.
var nameRule = fmt.Sprintf("It is 1 to %d characters, with no spaces at either end and no line breaks, control "+
	"characters or invisible format characters such as bidi overrides, checked at plan time when it changes: a "+
	"name stored before this rule keeps working while the configuration keeps it.", rules.MaxNameLen)

// nameAttribute is a resource's required name, checked at plan time.
func nameAttribute(description string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: description + " " + nameRule,
		Required:            true,
		PlanModifiers:       []planmodifier.String{whenChanged(nameValidator())},
	}
}

// descriptionAttribute is a resource's optional description, checked at
// plan time.
func descriptionAttribute(object string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "A description of the " + object + ", which may span several lines but holds no other " +
			"control characters or invisible format characters. Defaults to the empty string.",
		Optional:      true,
		Computed:      true,
		Default:       stringdefault.StaticString(""),
		PlanModifiers: []planmodifier.String{whenChanged(descriptionValidator())},
	}
}
