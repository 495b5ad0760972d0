package provider

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// importIDParts splits a composite import id such as "hub_id/component_id"
// into one non-empty part per name. On a malformed id it adds an error that
// shows the expected form and returns nil.
func importIDParts(id string, diags *diag.Diagnostics, names ...string) []string {
	parts := strings.Split(id, "/")
	if len(parts) == len(names) && !slices.Contains(parts, "") {
		return parts
	}
	diags.AddError("Invalid Import ID",
		fmt.Sprintf("The import id %q is not of the form %s. Give the ids joined by a slash, such as "+
			"terraform import ADDRESS <%s>.", id, strings.Join(names, "/"), strings.Join(names, ">/<")))
	return nil
}
