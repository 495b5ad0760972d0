package provider

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // timezone checks must not depend on the host's zoneinfo

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
)

// stringCheck is a validator.String built from a pure check function, so
// each rule is written once and unit tested on its own. Null and unknown
// values are left to other validators and to apply time.
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
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, fmt.Sprintf("%s. Change %s so that it %s.", capitalize(err.Error()), req.Path, v.description))
	}
}

func notBlankValidator() validator.String {
	return stringCheck{"Missing Attribute Value", "is not empty or only spaces", checkNotBlank}
}

func endpointValidator() validator.String {
	return stringCheck{"Invalid Endpoint", "is an absolute http or https URL", checkEndpoint}
}

func apiKeyValidator() validator.String {
	return stringCheck{"Invalid API Key", "is a StatusHub API key secret starting with " + apikey.Scheme, apikey.Validate}
}

func durationValidator() validator.String {
	return stringCheck{"Invalid Duration", "is a positive Go duration string such as 500ms, 10s or 2m", func(s string) error {
		_, err := parseDuration(s)
		return err
	}}
}

func subdomainValidator() validator.String {
	return stringCheck{"Invalid Subdomain", "is a DNS label: 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen", checkSubdomain}
}

func timezoneValidator() validator.String {
	return stringCheck{"Invalid Timezone", "is an IANA time zone name such as UTC or Europe/Paris", checkTimezone}
}

func emailValidator() validator.String {
	return stringCheck{"Invalid Email Address", "is a plain email address such as alice@example.com", checkEmail}
}

func checkNotBlank(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("the value is empty")
	}
	return nil
}

func checkEndpoint(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("endpoint %q lacks an http:// or https:// scheme or a host", s)
	}
	return nil
}

// parseDuration accepts positive Go durations only: a zero or negative wait
// or timeout is always a mistake.
func parseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a Go duration", s)
	}
	if d <= 0 {
		return 0, fmt.Errorf("duration %q is not positive", s)
	}
	return d, nil
}

var dnsLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

func checkSubdomain(s string) error {
	if !dnsLabel.MatchString(s) {
		return fmt.Errorf("subdomain %q is not a DNS label", s)
	}
	return nil
}

func checkTimezone(s string) error {
	// LoadLocation takes "" and "Local" as the host's zone: neither is IANA.
	if s == "" || s == "Local" {
		return fmt.Errorf("timezone %q is not an IANA time zone", s)
	}
	if _, err := time.LoadLocation(s); err != nil {
		return fmt.Errorf("timezone %q is not an IANA time zone", s)
	}
	return nil
}

func checkEmail(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return fmt.Errorf("email %q is not a plain email address", s)
	}
	return nil
}

// capitalize starts an error message as a sentence.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
