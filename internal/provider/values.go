package provider

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// knownString is v's value, or nil when v is null or unknown: an optional
// setting that is left to the API.
func knownString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueStringPointer()
}

// knownInt64 is v's value, or nil when v is null or unknown.
func knownInt64(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	return v.ValueInt64Pointer()
}

// markdownList renders allowed values for a description: "`a`, `b`, `c`".
func markdownList(values []string) string {
	return "`" + strings.Join(values, "`, `") + "`"
}
