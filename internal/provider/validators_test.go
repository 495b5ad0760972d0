package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestChecks(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name  string
		check func(string) error
		good  []string
		bad   []string
	}{
		{"not blank", checkNotBlank,
			[]string{"a", " Status "},
			[]string{"", " ", "\t\n"}},
		{"endpoint", checkEndpoint,
			[]string{"http://127.0.0.1:8080", "https://statushub.example.com/", "https://example.com/prefix"},
			[]string{"", "127.0.0.1:8080", "ftp://example.com", "https://", "::"}},
		{"subdomain", checkSubdomain,
			[]string{"a", "status", "my-status-2", strings.Repeat("a", 63)},
			[]string{"", "-status", "status-", "Status", "my_status", "a.b", strings.Repeat("a", 64)}},
		{"timezone", checkTimezone,
			[]string{"UTC", "Europe/Paris", "America/Argentina/Buenos_Aires"},
			[]string{"", "Local", "utc", "Mars/Olympus_Mons", "+02:00"}},
		{"email", checkEmail,
			[]string{"alice@example.com", "Alice@Example.com", "a.b+c@sub.example.org"},
			[]string{"", "alice", "alice@", "Alice <alice@example.com>", " alice@example.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, s := range tt.good {
				if err := tt.check(s); err != nil {
					t.Errorf("%q: unexpected error %v", s, err)
				}
			}
			for _, s := range tt.bad {
				if err := tt.check(s); err == nil {
					t.Errorf("%q: accepted, want an error", s)
				}
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	t.Parallel()

	if d, err := parseDuration("1m30s"); err != nil || d.Seconds() != 90 {
		t.Errorf("parseDuration(1m30s) = %v, %v; want 90s", d, err)
	}
	for _, s := range []string{"", "10", "soon", "0s", "-1s"} {
		if _, err := parseDuration(s); err == nil {
			t.Errorf("parseDuration(%q) accepted, want an error", s)
		}
	}
}

func TestStringCheckDiagnostic(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name      string
		value     types.String
		wantError bool
	}{
		{"valid", types.StringValue("status"), false},
		{"invalid", types.StringValue("Not A Label"), true},
		{"null is left to Required", types.StringNull(), false},
		{"unknown is checked at apply", types.StringUnknown(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := validator.StringRequest{Path: path.Root("subdomain"), ConfigValue: tt.value}
			var resp validator.StringResponse
			subdomainValidator().ValidateString(context.Background(), req, &resp)

			if got := resp.Diagnostics.HasError(); got != tt.wantError {
				t.Fatalf("HasError() = %v, want %v: %v", got, tt.wantError, resp.Diagnostics)
			}
			if !tt.wantError {
				return
			}
			d := resp.Diagnostics.Errors()[0]
			if d.Summary() != "Invalid Subdomain" || !strings.Contains(d.Detail(), `"Not A Label"`) || !strings.Contains(d.Detail(), "Change subdomain") {
				t.Errorf("diagnostic = %q / %q; want the summary, the value and what to change", d.Summary(), d.Detail())
			}
		})
	}
}
