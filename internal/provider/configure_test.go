package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

// nullProviderModel is a provider block that sets nothing.
func nullProviderModel() providerModel {
	return providerModel{
		Endpoint:       types.StringNull(),
		APIKey:         types.StringNull(),
		MaxRetries:     types.Int64Null(),
		RetryWaitMin:   types.StringNull(),
		RetryWaitMax:   types.StringNull(),
		MaxRetryTime:   types.StringNull(),
		RequestTimeout: types.StringNull(),
	}
}

func TestClientConfig(t *testing.T) {
	secret, err := apikey.Generate()
	if err != nil {
		t.Fatal(err)
	}
	otherSecret, err := apikey.Generate()
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name      string
		env       map[string]string
		edit      func(*providerModel)
		want      client.Config
		wantError string // the attribute and a phrase of the detail
	}{
		{
			name: "from the environment, defaults left to the client",
			env:  map[string]string{endpointEnvVar: "http://127.0.0.1:8080", apiKeyEnvVar: secret},
			want: client.Config{Endpoint: "http://127.0.0.1:8080", APIKey: secret, UserAgent: "terraform-provider-statushub/1.2.3"},
		},
		{
			name: "the provider block wins over the environment",
			env:  map[string]string{endpointEnvVar: "http://env.example", apiKeyEnvVar: otherSecret},
			edit: func(m *providerModel) {
				m.Endpoint = types.StringValue("https://block.example")
				m.APIKey = types.StringValue(secret)
				m.MaxRetries = types.Int64Value(2)
				m.RetryWaitMin = types.StringValue("100ms")
				m.RetryWaitMax = types.StringValue("5s")
				m.MaxRetryTime = types.StringValue("1m")
				m.RequestTimeout = types.StringValue("10s")
			},
			want: client.Config{
				Endpoint: "https://block.example", APIKey: secret, MaxRetries: 2,
				RetryWaitMin: 100 * time.Millisecond, RetryWaitMax: 5 * time.Second,
				MaxRetryTime: time.Minute, Timeout: 10 * time.Second,
				UserAgent: "terraform-provider-statushub/1.2.3",
			},
		},
		{
			name:      "missing endpoint",
			env:       map[string]string{apiKeyEnvVar: secret},
			wantError: "endpoint: Set endpoint in the provider block or the STATUSHUB_ENDPOINT environment variable",
		},
		{
			name:      "missing api key",
			env:       map[string]string{endpointEnvVar: "http://127.0.0.1:8080"},
			wantError: "api_key: Set api_key in the provider block or the STATUSHUB_API_KEY environment variable",
		},
		{
			name:      "malformed api key from the environment",
			env:       map[string]string{endpointEnvVar: "http://127.0.0.1:8080", apiKeyEnvVar: "shk_typo"},
			wantError: "api_key: api_key is not valid: malformed API key: a key is 50 characters starting with \"shk_\". Correct api_key in the provider block or the STATUSHUB_API_KEY environment variable",
		},
		{
			name:      "malformed endpoint from the environment",
			env:       map[string]string{endpointEnvVar: "127.0.0.1:8080", apiKeyEnvVar: secret},
			wantError: "endpoint: endpoint is not a URL; set it to the API's base URL",
		},
		{
			name: "endpoint with a query string from the environment",
			env:  map[string]string{endpointEnvVar: "http://127.0.0.1:8080/?region=eu", apiKeyEnvVar: secret},
			wantError: `endpoint: endpoint "http://127.0.0.1:8080/?region=eu" must not have a query string or fragment, such as ` +
				"https://statushub.example.com or http://127.0.0.1:8080. Correct endpoint in the provider block or the STATUSHUB_ENDPOINT environment variable",
		},
		{
			name:      "endpoint known only after apply",
			env:       map[string]string{apiKeyEnvVar: secret},
			edit:      func(m *providerModel) { m.Endpoint = types.StringUnknown() },
			wantError: "endpoint: The provider cannot build its API client because endpoint depends on a value",
		},
		{
			name:      "malformed duration",
			env:       map[string]string{endpointEnvVar: "http://127.0.0.1:8080", apiKeyEnvVar: secret},
			edit:      func(m *providerModel) { m.RequestTimeout = types.StringValue("soon") },
			wantError: `request_timeout: request_timeout must be a Go duration, not "soon". Set it to a positive Go duration`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// t.Setenv: not parallel.
			t.Setenv(endpointEnvVar, tt.env[endpointEnvVar])
			t.Setenv(apiKeyEnvVar, tt.env[apiKeyEnvVar])
			config := nullProviderModel()
			if tt.edit != nil {
				tt.edit(&config)
			}

			got, diags := clientConfig(config, "1.2.3")

			if tt.wantError == "" {
				if diags.HasError() {
					t.Fatalf("unexpected diagnostics: %v", diags)
				}
				if got != tt.want {
					t.Errorf("config = %+v, want %+v", got, tt.want)
				}
				return
			}
			if !hasAttributeError(diags, tt.wantError) {
				t.Errorf("diagnostics = %v, want an attribute error %q", diags, tt.wantError)
			}
		})
	}
}

// hasAttributeError reports whether diags hold an error on the attribute
// before the first ": " of want whose detail contains the rest.
func hasAttributeError(diags diag.Diagnostics, want string) bool {
	attribute, detail, _ := strings.Cut(want, ": ")
	for _, d := range diags.Errors() {
		withPath, ok := d.(diag.DiagnosticWithPath)
		if ok && withPath.Path().Equal(path.Root(attribute)) && strings.Contains(d.Detail(), detail) {
			return true
		}
	}
	return false
}
