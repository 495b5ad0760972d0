package provider

import (
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

func TestImportIDParts(t *testing.T) {
	t.Parallel()

	tests := []struct {
		id   string
		want []string
	}{
		{"hub_1/cmp_2", []string{"hub_1", "cmp_2"}},
		{"cmp_2", nil},
		{"hub_1/", nil},
		{"/cmp_2", nil},
		{"hub_1/cmp_2/x", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			var diags diag.Diagnostics
			got := importIDParts(tt.id, &diags, "hub_id", "component_id")

			if !slices.Equal(got, tt.want) {
				t.Errorf("parts = %q, want %q", got, tt.want)
			}
			if diags.HasError() != (tt.want == nil) {
				t.Fatalf("diagnostics = %v, want an error only for a malformed id", diags)
			}
			if tt.want == nil && !strings.Contains(diags.Errors()[0].Detail(), "<hub_id>/<component_id>") {
				t.Errorf("detail %q does not show the expected form", diags.Errors()[0].Detail())
			}
		})
	}
}
