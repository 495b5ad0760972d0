package provider

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

// Environment variables that stand in for the provider block's attributes.
const (
	endpointEnvVar = "STATUSHUB_ENDPOINT"
	apiKeyEnvVar   = "STATUSHUB_API_KEY"
)

func (p *statusHubProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	cfg, diags := clientConfig(config, p.version)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	c, err := client.New(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Create StatusHub API Client",
			"The provider could not build its API client from the provider configuration. "+
				"Check the provider block's settings.\n\nError: "+err.Error())
		return
	}
	data := &providerData{client: c, keyQuota: newKeyQuota(c), now: p.now}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
}

// providerData is what Configure gives every resource, data source,
// ephemeral resource, list resource and action. It lives for one Terraform
// operation: Terraform configures the provider again for the next.
type providerData struct {
	client   *client.Client
	keyQuota *keyQuota        // for the API key quota check
	now      func() time.Time // the provider's clock
}

// clientConfig turns the provider block, with the environment variables
// filling in what it leaves out, into a client configuration. Settings left
// out stay zero, which gives the client's documented defaults.
func clientConfig(config providerModel, version string) (client.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	if config.MaxRetries.IsUnknown() {
		addUnknownSettingError(&diags, path.Root("max_retries"), "")
	}
	cfg := client.Config{
		Endpoint:     requiredSetting(config.Endpoint, path.Root("endpoint"), endpointEnvVar, checkEndpoint, &diags),
		APIKey:       requiredSetting(config.APIKey, path.Root("api_key"), apiKeyEnvVar, checkAPIKey, &diags),
		MaxRetries:   int(config.MaxRetries.ValueInt64()),
		RetryWaitMin: durationSetting(config.RetryWaitMin, path.Root("retry_wait_min"), &diags),
		RetryWaitMax: durationSetting(config.RetryWaitMax, path.Root("retry_wait_max"), &diags),
		MaxRetryTime: durationSetting(config.MaxRetryTime, path.Root("max_retry_time"), &diags),
		Timeout:      durationSetting(config.RequestTimeout, path.Root("request_timeout"), &diags),
		UserAgent:    "terraform-provider-statushub/" + version,
	}
	return cfg, diags
}

// requiredSetting resolves a setting that the provider block or an
// environment variable must give, and checks its value.
func requiredSetting(v types.String, p path.Path, envVar string, check func(string) error, diags *diag.Diagnostics) string {
	if v.IsUnknown() {
		addUnknownSettingError(diags, p, envVar)
		return ""
	}
	s := v.ValueString()
	if v.IsNull() {
		s = os.Getenv(envVar)
	}
	if s == "" {
		diags.AddAttributeError(p, "Missing StatusHub Provider Setting",
			fmt.Sprintf("The provider needs %s to reach the StatusHub API. Set %s in the provider block or the %s environment variable.",
				p, p, envVar))
		return ""
	}
	if err := check(s); err != nil {
		diags.AddAttributeError(p, "Invalid StatusHub Provider Setting",
			fmt.Sprintf("%s %s. Correct %s in the provider block or the %s environment variable, whichever sets it.", p, err, p, envVar))
		return ""
	}
	return s
}

// durationSetting parses an optional duration; null gives zero, the
// client's default.
func durationSetting(v types.String, p path.Path, diags *diag.Diagnostics) time.Duration {
	if v.IsUnknown() {
		addUnknownSettingError(diags, p, "")
		return 0
	}
	if v.IsNull() {
		return 0
	}
	d, err := parseDuration(v.ValueString())
	if err != nil {
		diags.AddAttributeError(p, "Invalid Duration",
			fmt.Sprintf("%s %s. Set it to a positive Go duration string such as 30s.", p, err))
	}
	return d
}

// addUnknownSettingError reports a setting that is only known after apply.
// The provider cannot build a client without it, and an unconfigured
// provider could not refresh existing resources, so this is an error.
func addUnknownSettingError(diags *diag.Diagnostics, p path.Path, envVar string) {
	hint := "set it to a value known at plan time"
	if envVar != "" {
		hint += fmt.Sprintf(", or leave it out and use the %s environment variable", envVar)
	}
	diags.AddAttributeError(p, "Unknown StatusHub Provider Setting",
		fmt.Sprintf("The provider cannot build its API client because %s depends on a value that is only known after apply. "+
			"Apply the resource it comes from first (terraform apply -target), or %s.", p, hint))
}

// clientFrom is the one Configure of every resource and data source: it
// takes the client the provider made. Before the provider is configured
// there is none, which is not an error.
func clientFrom(configured any, diags *diag.Diagnostics) *client.Client {
	if d := dataFrom(configured, diags); d != nil {
		return d.client
	}
	return nil
}

// dataFrom takes what the provider's Configure made, or nil before it ran.
func dataFrom(configured any, diags *diag.Diagnostics) *providerData {
	if configured == nil {
		return nil
	}
	d, ok := configured.(*providerData)
	if !ok {
		diags.AddError("Unexpected Configure Type",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider: please report it to its maintainers.", configured))
		return nil
	}
	return d
}
