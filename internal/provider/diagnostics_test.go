package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

func TestAddClientError(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name       string
		err        error
		wantAdvice string
		wantPath   string // "": not an attribute diagnostic
	}{
		{"unauthorized", &client.Error{Status: http.StatusUnauthorized, Code: api.CodeUnauthorized},
			"STATUSHUB_API_KEY", ""},
		{"taken subdomain", &client.Error{Status: http.StatusConflict, Code: api.CodeConflict, Field: "subdomain"},
			"Choose another value", "subdomain"},
		{"rate limited", &client.Error{Status: http.StatusTooManyRequests, Code: api.CodeRateLimited},
			"-parallelism", ""},
		{"not found, wrapped", fmt.Errorf("no hub: %w", &client.Error{Status: http.StatusNotFound}),
			"may not see it", ""},
		{"forbidden", &client.Error{Status: http.StatusForbidden, Code: api.CodeForbidden},
			"not allowed", ""},
		{"bad field", &client.Error{Status: http.StatusBadRequest, Code: api.CodeInvalidField, Field: "timezone"},
			"Correct the configuration", "timezone"},
		{"server error with a field", &client.Error{Status: http.StatusInternalServerError, Field: "name"},
			"endpoint is reachable", ""},
		{"connection refused", errors.New("dial tcp: connection refused"),
			"endpoint is reachable", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var diags diag.Diagnostics
			addClientError(&diags, "Unable to Create Hub", tt.err)

			if len(diags) != 1 || !diags.HasError() {
				t.Fatalf("diagnostics = %v, want one error", diags)
			}
			d := diags[0]
			if d.Summary() != "Unable to Create Hub" {
				t.Errorf("summary = %q", d.Summary())
			}
			if !strings.Contains(d.Detail(), tt.wantAdvice) || !strings.HasSuffix(d.Detail(), "Error: "+tt.err.Error()) {
				t.Errorf("detail = %q, want advice %q and the original error", d.Detail(), tt.wantAdvice)
			}
			var gotPath string
			if withPath, ok := d.(diag.DiagnosticWithPath); ok {
				gotPath = withPath.Path().String()
			}
			if gotPath != tt.wantPath {
				t.Errorf("path = %v, want %v", gotPath, tt.wantPath)
			}
		})
	}
}
