// Package provider is the StatusHub Terraform provider.
package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

var (
	_ provider.Provider              = (*statusHubProvider)(nil)
	_ provider.ProviderWithFunctions = (*statusHubProvider)(nil)

	_ provider.ProviderWithEphemeralResources = (*statusHubProvider)(nil)
	_ provider.ProviderWithActions            = (*statusHubProvider)(nil)
	_ provider.ProviderWithListResources      = (*statusHubProvider)(nil)
)

// New returns a constructor of the provider, as providerserver expects.
// version is "dev" for local builds and "test" in acceptance tests.
func New(version string) func() provider.Provider {
	return newWithClock(version, time.Now)
}

// newWithClock is New with the provider's clock: now is what decides, at
// plan, whether an API key is due for rotation and since when a key counts
// as unused. Tests give it the reference API's clock.
func newWithClock(version string, now func() time.Time) func() provider.Provider {
	return func() provider.Provider {
		return &statusHubProvider{version: version, now: now}
	}
}

type statusHubProvider struct {
	version string
	now     func() time.Time
}

// providerModel is the provider block. The durations are Go duration
// strings such as "500ms" or "2m".
type providerModel struct {
	Endpoint       types.String `tfsdk:"endpoint"`
	APIKey         types.String `tfsdk:"api_key"`
	MaxRetries     types.Int64  `tfsdk:"max_retries"`
	RetryWaitMin   types.String `tfsdk:"retry_wait_min"`
	RetryWaitMax   types.String `tfsdk:"retry_wait_max"`
	MaxRetryTime   types.String `tfsdk:"max_retry_time"`
	RequestTimeout types.String `tfsdk:"request_timeout"`
}

func (p *statusHubProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "statushub"
	resp.Version = p.version
}

func (p *statusHubProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The StatusHub provider manages status pages (hubs), their components, team members " +
			"and API keys through the StatusHub Management API v3. Failed requests that are safe to repeat " +
			"(connection errors, `429 Too Many Requests` and `5xx` answers) are retried with exponential back-off, " +
			"honouring `Retry-After`.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "The base URL of the StatusHub API, such as `https://statushub.example.com`; " +
					"the `/api/v3` path is added by the provider. An absolute `http` or `https` URL, without a query " +
					"string, fragment or user name and password. May also be set with the `STATUSHUB_ENDPOINT` " +
					"environment variable, which is checked the same way; the provider block wins when both are set.",
				Optional:   true,
				Validators: []validator.String{endpointValidator()},
			},
			"api_key": schema.StringAttribute{
				MarkdownDescription: "The API key (a secret starting with `shk_`) the provider authenticates with. " +
					"May also be set with the `STATUSHUB_API_KEY` environment variable, which keeps the secret out " +
					"of the configuration; the provider block wins when both are set.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{apiKeyValidator()},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a failed request that is safe to repeat is retried, at least `1`. "+
					"Defaults to `%d`.", client.DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"retry_wait_min": durationAttribute("The shortest wait before a retry", client.DefaultRetryWaitMin),
			"retry_wait_max": durationAttribute("The longest wait before one retry, including a wait the API asks "+
				"for with `Retry-After`", client.DefaultRetryWaitMax),
			"max_retry_time":  durationAttribute("The most time spent waiting between the attempts of one request", client.DefaultMaxRetryTime),
			"request_timeout": durationAttribute("How long one attempt of a request may take", client.DefaultTimeout),
		},
	}
}

// durationAttribute is an optional Go duration string, checked at validate
// time; the default is the client's.
func durationAttribute(what string, def time.Duration) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: what + ", as a Go duration string such as `500ms`, `10s` or `2m`. Defaults to `" + def.String() + "`.",
		Optional:            true,
		Validators:          []validator.String{durationValidator()},
	}
}

func (p *statusHubProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewHubResource,
		NewComponentResource,
		NewMemberResource,
		NewAPIKeyResource,
	}
}

func (p *statusHubProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewHubDataSource,
		NewMemberDataSource,
		NewAPIKeyEffectiveRolesDataSource,
		NewCurrentKeyDataSource,
		NewEffectiveRolesDataSource,
		NewAPIKeysDataSource,
	}
}

func (p *statusHubProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewAPIKeyEphemeralResource,
	}
}

// Actions run when an action_trigger or terraform apply -invoke asks
// (Terraform 1.14 and later).
func (p *statusHubProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		NewComponentStatusAction,
	}
}

// ListResources are for terraform query (Terraform 1.14 and later): each
// lists the objects of the resource of the same name.
func (p *statusHubProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewHubListResource,
		NewComponentListResource,
		NewMemberListResource,
		NewAPIKeyListResource,
	}
}

func (p *statusHubProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		NewEffectiveRolesFunction,
	}
}
