package provider

import (
	"strings"
	"time"

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

// durationValue is the duration in v, or 0 when v is null or unknown. The
// attribute's durationValidator has refused any other string before a plan.
func durationValue(v types.String) time.Duration {
	s := knownString(v)
	if s == nil {
		return 0
	}
	d, _ := parseDuration(*s)
	return d
}

// markdownList renders allowed values for a description: "`a`, `b`, `c`".
func markdownList(values []string) string {
	return "`" + strings.Join(values, "`, `") + "`"
}
