package provider

import (
	"context"
	"maps"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestEmailSemanticEquals(t *testing.T) {
	t.Parallel()

	tests := []struct {
		a, b string
		want bool
	}{
		{"alice@example.com", "alice@example.com", true},
		{"Alice@Example.com", "alice@example.com", true},
		{"alice@example.com", "bob@example.com", false},
	}
	for _, tt := range tests {
		got, diags := newEmailValue(tt.a).StringSemanticEquals(context.Background(), newEmailValue(tt.b))
		if diags.HasError() || got != tt.want {
			t.Errorf("%q ~ %q = %v (%v), want %v", tt.a, tt.b, got, diags, tt.want)
		}
	}
}

func TestHubRolesGranted(t *testing.T) {
	t.Parallel()

	v := newHubRolesValue(map[string]string{"hub_a": "no_access", "hub_b": "viewer", "hub_c": "admin"})
	want := map[string]string{"hub_b": "viewer", "hub_c": "admin"}
	if got := v.granted(); !maps.Equal(got, want) {
		t.Errorf("granted() = %v, want %v", got, want)
	}
}

func TestHubRolesSemanticEquals(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name string
		a, b map[string]string
		want bool
	}{
		{"same", map[string]string{"hub_a": "viewer"}, map[string]string{"hub_a": "viewer"}, true},
		{"no_access said outright", map[string]string{"hub_a": "viewer", "hub_b": "no_access"}, map[string]string{"hub_a": "viewer"}, true},
		{"only no_access", map[string]string{"hub_b": "no_access"}, nil, true},
		{"different role", map[string]string{"hub_a": "viewer"}, map[string]string{"hub_a": "editor"}, false},
		{"role removed", map[string]string{"hub_a": "viewer"}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, diags := newHubRolesValue(tt.a).MapSemanticEquals(context.Background(), newHubRolesValue(tt.b))
			if diags.HasError() || got != tt.want {
				t.Errorf("%v ~ %v = %v (%v), want %v", tt.a, tt.b, got, diags, tt.want)
			}
		})
	}
}

// TestCustomTypesRoundTrip checks that values survive the trip through
// Terraform's type system as the custom types, not as plain strings and maps.
func TestCustomTypesRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	email := newEmailValue("Alice@Example.com")
	tfEmail, err := email.ToTerraformValue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gotEmail, err := emailType{}.ValueFromTerraform(ctx, tfEmail)
	if err != nil || !gotEmail.Equal(email) {
		t.Errorf("email round trip = %v, %v; want %v", gotEmail, err, email)
	}

	hubRoles := newHubRolesValue(map[string]string{"hub_a": "editor"})
	tfRoles, err := hubRoles.ToTerraformValue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gotRoles, err := newHubRolesType().ValueFromTerraform(ctx, tfRoles)
	if err != nil || !gotRoles.Equal(hubRoles) {
		t.Errorf("hub_roles round trip = %v, %v; want %v", gotRoles, err, hubRoles)
	}
	if hubRoles.Equal(types.MapValueMust(types.StringType, hubRoles.Elements())) {
		t.Error("a hub_roles value equals a plain map: the custom type would be lost")
	}
}
