package provider

import (
	"errors"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/statushub-community/terraform-provider-statushub/internal/client"
)

// addClientError reports a failed API call under summary (Title Case, such
// as "Unable to Create Hub"). The detail says what happened and what to do,
// then quotes the original error. When the API names a field at fault, the
// diagnostic points at the attribute of that name: every resource and data
// source uses the API's field names for its attributes.
func addClientError(diags *diag.Diagnostics, summary string, err error) {
	detail := clientErrorAdvice(err) + "\n\nError: " + err.Error()
	var ce *client.Error
	if errors.As(err, &ce) && ce.Field != "" && ce.Status < http.StatusInternalServerError {
		diags.AddAttributeError(path.Root(ce.Field), summary, detail)
		return
	}
	diags.AddError(summary, detail)
}

// clientErrorAdvice explains an API error and what to do about it.
func clientErrorAdvice(err error) string {
	var ce *client.Error
	isClientError := errors.As(err, &ce)
	switch {
	case errors.Is(err, client.ErrUnauthorized):
		return "The StatusHub API rejected the provider's API key. Check api_key in the provider block or the " +
			apiKeyEnvVar + " environment variable: the key may be mistyped, deleted, or reset since it was copied."
	case errors.Is(err, client.ErrConflict):
		return "The value conflicts with an existing object, for example a subdomain or email address that is " +
			"already taken. Choose another value, or import the existing object into Terraform."
	case errors.Is(err, client.ErrRateLimited):
		return "The StatusHub API kept answering 429 Too Many Requests after every retry. Try again later, run " +
			"Terraform with a lower -parallelism, or raise max_retries and max_retry_time in the provider block."
	case errors.Is(err, client.ErrNotFound):
		return "The object does not exist, or the provider's API key may not see it (the API answers 404 rather " +
			"than 403 so that ids cannot be probed). Check the id and the key's effective roles, which the " +
			"statushub_current_key data source shows."
	case isClientError && ce.Status == http.StatusForbidden:
		return "The provider's API key is not allowed to do this. Use a key whose effective role on the hub is high " +
			"enough, or the account owner's key for account-level work; the statushub_current_key data source " +
			"shows the key's roles."
	case isClientError && ce.Status < http.StatusInternalServerError:
		return "The StatusHub API refused the request. Correct the configuration as the error below says, then apply again."
	default:
		return "The request to the StatusHub API failed. Check that the endpoint is reachable and the API is healthy, " +
			"then try again."
	}
}
