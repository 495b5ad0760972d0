package provider

import (
	"maps"
	"strings"
	"testing"
)

func TestEffectiveRolesByHub(t *testing.T) {
	t.Parallel()

	limit := func(s string) *string { return &s }
	// The member of the StatusHub keys article: no access to hub a, admin on
	// b, editor on c.
	article := map[string]string{"a": "no_access", "b": "admin", "c": "editor"}
	tests := []struct {
		name     string
		hubRoles map[string]string
		limit    *string
		want     map[string]string
	}{
		{"example A, no limit", article, nil, map[string]string{"a": "no_access", "b": "admin", "c": "editor"}},
		{"example B, limit manager", article, limit("manager"), map[string]string{"a": "no_access", "b": "manager", "c": "editor"}},
		{"example C, limit editor", article, limit("editor"), map[string]string{"a": "no_access", "b": "editor", "c": "editor"}},
		{"limit manager, demoted to editor on b", map[string]string{"b": "editor", "c": "editor"}, limit("manager"),
			map[string]string{"b": "editor", "c": "editor"}},
		{"limit admin, editor on b", map[string]string{"b": "editor"}, limit("admin"), map[string]string{"b": "editor"}},
		{"limit admin, admin on b", map[string]string{"b": "admin"}, limit("admin"), map[string]string{"b": "admin"}},
		{"limit viewer", map[string]string{"b": "admin", "c": "viewer"}, limit("viewer"),
			map[string]string{"b": "viewer", "c": "viewer"}},
		{"owner pattern: admin everywhere", map[string]string{"a": "admin", "b": "admin"}, limit("editor"),
			map[string]string{"a": "editor", "b": "editor"}},
		{"null hub_roles", nil, limit("viewer"), map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := effectiveRolesByHub(tt.hubRoles, tt.limit)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEffectiveRolesByHubErrors(t *testing.T) {
	t.Parallel()

	limit := func(s string) *string { return &s }
	tests := []struct {
		name     string
		hubRoles map[string]string
		limit    *string
		want     string
	}{
		{"unknown member role", map[string]string{"hub_1": "owner"}, nil, `hub_roles["hub_1"]: unknown role "owner"`},
		{"unknown limit", map[string]string{"hub_1": "admin"}, limit("root"), `limit_role: unknown limit role "root"`},
		{"no_access is no limit", nil, limit("no_access"), `limit_role: unknown limit role "no_access"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := effectiveRolesByHub(tt.hubRoles, tt.limit)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got error %v, want one starting %q", err, tt.want)
			}
		})
	}
}
