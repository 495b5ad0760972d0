package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
	"github.com/statushub-community/terraform-provider-statushub/internal/rules"
)

// stringCheck is a validator.String built from a pure check function, so
// each rule is written once and unit tested on its own; the API's rules come
// from the rules package. Null and unknown values are left to other
// validators and to apply time.
type stringCheck struct {
	summary     string // Title Case diagnostic summary
	description string // what a valid value is, for docs and plan output
	check       func(string) error
}

var _ validator.String = stringCheck{}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	v.diagnose(req.Path, req.ConfigValue.ValueString(), &resp.Diagnostics)
}

// diagnose adds an error on the attribute at p when s breaks the check. The
// check's error follows the attribute's name, as the rules package words it.
func (v stringCheck) diagnose(p path.Path, s string, diags *diag.Diagnostics) {
	if err := v.check(s); err != nil {
		diags.AddAttributeError(p, v.summary, fmt.Sprintf("%s %s. Change %s so that it %s.", p, err, p, v.description))
	}
}

// whenChanged runs a stringCheck at plan time, on the values that the plan
// changes only. The API checks only the values a request changes, so that a
// name it stored before its rule was tightened keeps working; an imported
// resource whose configuration keeps such a name verbatim plans as it
// applies.
func whenChanged(v stringCheck) planmodifier.String {
	return changedValueCheck{v}
}

type changedValueCheck struct {
	stringCheck stringCheck
}

var _ planmodifier.String = changedValueCheck{}

func (v changedValueCheck) Description(ctx context.Context) string {
	return v.stringCheck.Description(ctx)
}

func (v changedValueCheck) MarkdownDescription(ctx context.Context) string {
	return v.stringCheck.MarkdownDescription(ctx)
}

func (v changedValueCheck) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.PlanValue.IsNull() || req.PlanValue.IsUnknown() || req.PlanValue.Equal(req.StateValue) {
		return
	}
	v.stringCheck.diagnose(req.Path, req.PlanValue.ValueString(), &resp.Diagnostics)
}

// nameValidator is the name rule, for the names of hubs, components,
// members and API keys and for component groups.
func nameValidator() stringCheck {
	return stringCheck{"Invalid Name", fmt.Sprintf("is 1 to %d characters without spaces at either end, "+
		"line breaks, control characters or invisible format characters", rules.MaxNameLen), rules.Name}
}

func descriptionValidator() stringCheck {
	return stringCheck{"Invalid Description", "holds no control characters or invisible format " +
		"characters; line breaks are allowed", rules.Description}
}

func auditMessageValidator() stringCheck {
	return stringCheck{"Invalid Audit Message", fmt.Sprintf("is 1 to %d characters on one line, not only spaces, "+
		"without control characters or invisible format characters", rules.MaxAuditMsgLen), rules.AuditMessage}
}

func endpointValidator() stringCheck {
	return stringCheck{"Invalid Endpoint", "is an absolute http or https URL without a query string, fragment or " +
		"user info", checkEndpoint}
}

func apiKeyValidator() stringCheck {
	return stringCheck{"Invalid API Key", "is a StatusHub API key secret starting with " + apikey.Scheme, checkAPIKey}
}

func durationValidator() stringCheck {
	return stringCheck{"Invalid Duration", "is a positive Go duration string such as 500ms, 10s or 2m", func(s string) error {
		_, err := parseDuration(s)
		return err
	}}
}

func subdomainValidator() stringCheck {
	return stringCheck{"Invalid Subdomain", fmt.Sprintf("is a DNS label: 1 to %d lower-case letters, digits and hyphens, "+
		"not starting or ending with a hyphen", rules.MaxSubdomainLen), rules.Subdomain}
}

func timezoneValidator() stringCheck {
	return stringCheck{"Invalid Timezone", "is an IANA time zone name such as UTC or Europe/Paris", rules.Timezone}
}

func emailValidator() stringCheck {
	return stringCheck{"Invalid Email Address", fmt.Sprintf("is a plain email address such as alice@example.com, "+
		"at most %d bytes long", rules.MaxEmailLen), func(s string) error {
		_, err := rules.Email(s)
		return err
	}}
}

func componentStatusValidator() stringCheck {
	return stringCheck{"Invalid Component Status", "is one of " + strings.Join(api.ComponentStatuses(), ", "), rules.ComponentStatus}
}

// checkAPIKey is apikey.Validate, worded to follow the attribute's name.
func checkAPIKey(s string) error {
	if err := apikey.Validate(s); err != nil {
		return fmt.Errorf("is not valid: %w", err)
	}
	return nil
}

// checkEndpoint is rules.Endpoint as a check, for the attribute and for
// STATUSHUB_ENDPOINT, which only Configure sees.
func checkEndpoint(s string) error {
	_, err := rules.Endpoint(s)
	return err
}

// parseDuration accepts positive Go durations only: a zero or negative wait
// or timeout is always a mistake.
func parseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("must be a Go duration, not %q", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("must be positive, not %q", s)
	}
	return d, nil
}

// limitRoleValidator accepts the roles that a key may be limited to.
func limitRoleValidator() validator.String {
	return stringvalidator.OneOf(roles.LimitNames()...)
}
