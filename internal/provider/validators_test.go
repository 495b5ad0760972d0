package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// TestValidators: every validator, on a valid and an invalid value; the
// error names the attribute, says what is wrong and what a valid value is.
func TestValidators(t *testing.T) {
	t.Parallel()

	secret, err := apikey.Generate()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		attribute string
		validator stringCheck
		good, bad string
		says      string // a part of the error on bad
	}{
		{"name", "name", nameValidator(), "Payments — Zürich", "ci\nowner@example.com via the API deleted hub Payments", "name holds U+000A LINE FEED at character 3"},
		{"long name", "name", nameValidator(), strings.Repeat("x", 255), strings.Repeat("x", 300), "name is 300 characters long; it may be at most 255"},
		{"name with a bidi override", "name", nameValidator(), "ab", "a\u202Eb", "name holds U+202E RIGHT-TO-LEFT OVERRIDE at character 2"},
		{"group with a trailing space", "group", nameValidator(), "a b", "ab ", "group ends with U+0020 SPACE"},
		{"empty name", "name", nameValidator(), "a", "", "name must not be empty"},
		{"description", "description", descriptionValidator(), "two\nlines", "a\x1b[31m", "description holds U+001B ESCAPE at character 2"},
		{"email", "email", emailValidator(), "Alice@Example.com", "Alice <alice@example.com>", "email must be a plain email address"},
		{"long email", "email", emailValidator(), "alice@example.com", strings.Repeat("a", 250) + "@example.com", "email is 262 bytes long; it may be at most 254"},
		{"subdomain", "subdomain", subdomainValidator(), "my-status", "Not_A_Label", "subdomain must be a DNS label: 1 to 63 characters"},
		{"timezone", "timezone", timezoneValidator(), "Europe/Paris", "Mars/Olympus_Mons", "timezone must be an IANA time zone"},
		{"status", "status", componentStatusValidator(), "partial_outage", "on_fire", "status must be one of operational,"},
		{"endpoint", "endpoint", endpointValidator(), "https://statushub.example.com/prefix", "https://statushub.example.com/?region=eu", "must not have a query string or fragment"},
		{"endpoint with user info", "endpoint", endpointValidator(), "http://127.0.0.1:8080", "https://bob:hunter2@statushub.example.com", "must not hold a user name or password"},
		{"api key", "api_key", apiKeyValidator(), secret, "shk_typo", "api_key is not valid: malformed API key"},
		{"duration", "retry_wait_min", durationValidator(), "1m30s", "-1s", `retry_wait_min must be positive, not "-1s"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			validate := func(s string) validator.StringResponse {
				var resp validator.StringResponse
				req := validator.StringRequest{Path: path.Root(tt.attribute), ConfigValue: types.StringValue(s)}
				tt.validator.ValidateString(context.Background(), req, &resp)
				return resp
			}
			if resp := validate(tt.good); resp.Diagnostics.HasError() {
				t.Errorf("%q: unexpected error %v", tt.good, resp.Diagnostics)
			}
			resp := validate(tt.bad)
			if !resp.Diagnostics.HasError() {
				t.Fatalf("%q: accepted, want an error", tt.bad)
			}
			d := resp.Diagnostics.Errors()[0]
			want := "Change " + tt.attribute + " so that it " + tt.validator.description
			if d.Summary() != tt.validator.summary || !strings.Contains(d.Detail(), tt.says) || !strings.Contains(d.Detail(), want) {
				t.Errorf("diagnostic = %q / %q; want the summary, %q and %q", d.Summary(), d.Detail(), tt.says, want)
			}
			if strings.Contains(d.Detail(), "hunter2") {
				t.Errorf("the diagnostic shows the password: %q", d.Detail())
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

func TestStringCheckLeavesNullAndUnknown(t *testing.T) {
	t.Parallel()

	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		var resp validator.StringResponse
		subdomainValidator().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("subdomain"), ConfigValue: v}, &resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%v: unexpected error %v", v, resp.Diagnostics)
		}
	}
}

// TestWhenChanged: a rule checked at plan time leaves alone a value the
// plan keeps from the state, so that a name stored before the rule can stay
// in the configuration.
func TestWhenChanged(t *testing.T) {
	t.Parallel()

	const stored = "old\tname"
	tests := []struct {
		name        string
		state, plan types.String
		wantError   bool
	}{
		{"new resource with a valid name", types.StringNull(), types.StringValue("Payments"), false},
		{"new resource with a faulty name", types.StringNull(), types.StringValue("a\x00b"), true},
		{"stored faulty name kept", types.StringValue(stored), types.StringValue(stored), false},
		{"stored faulty name changed to a faulty one", types.StringValue(stored), types.StringValue(stored + "2"), true},
		{"valid name changed to a faulty one", types.StringValue("Payments"), types.StringValue("Pay\u200Bments"), true},
		{"unknown until apply", types.StringValue("Payments"), types.StringUnknown(), false},
		{"null group", types.StringValue(stored), types.StringNull(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := planmodifier.StringRequest{Path: path.Root("name"), StateValue: tt.state, PlanValue: tt.plan, ConfigValue: tt.plan}
			resp := planmodifier.StringResponse{PlanValue: tt.plan}
			whenChanged(nameValidator()).PlanModifyString(context.Background(), req, &resp)

			if got := resp.Diagnostics.HasError(); got != tt.wantError {
				t.Fatalf("HasError() = %v, want %v: %v", got, tt.wantError, resp.Diagnostics)
			}
			if !resp.PlanValue.Equal(tt.plan) {
				t.Errorf("the plan changed from %v to %v", tt.plan, resp.PlanValue)
			}
			if tt.wantError && !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "Change name so that it is 1 to 255 characters") {
				t.Errorf("detail = %q, want it to say what to change", resp.Diagnostics.Errors()[0].Detail())
			}
		})
	}
}

// TestAccPlanTimeRules: values the API would refuse for their shape fail
// at terraform plan, with an error on the attribute.
func TestAccPlanTimeRules(t *testing.T) {
	s := newTestServer(t)
	hub := func(body string) string {
		return s.providerConfig() + hubConfig(body)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		Steps: []resource.TestStep{
			{
				Config:      hub(fmt.Sprintf("name = %q\nsubdomain = \"status\"", strings.Repeat("x", 300))),
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Name", "name is 300 characters long; it may be at most 255"),
			},
			{
				Config:      hub(`name = "ci\nowner@example.com via the API deleted hub Payments"` + "\n" + `subdomain = "status"`),
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Name", "name holds U+000A LINE FEED at character 3"),
			},
			{
				Config:      hub(`name = "Status"` + "\n" + `subdomain = "status.example"`),
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Subdomain", "subdomain must be a DNS label"),
			},
			{
				Config:      hub(`name = "Status"` + "\n" + `subdomain = "status"` + "\n" + `timezone = "Europe/Atlantis"`),
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Timezone", "timezone must be an IANA time zone"),
			},
			{
				Config:      memberConfig(s, `email = "erin@"`+"\n"+`name = "Erin"`),
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Email Address", "email must be a plain email address"),
			},
			{
				Config:   strings.Replace(hub(`name = "Status"`+"\n"+`subdomain = "status"`), s.URL, s.URL+"/?region=eu", 1),
				PlanOnly: true,
				ExpectError: errorMatching("Invalid Endpoint", "must not have a query string or fragment",
					"Change endpoint so that it is an absolute http or https URL"),
			},
		},
	})
}

// TestAccStoredNameKeptVerbatim: a hub whose name was stored before the
// name rule plans cleanly while its configuration keeps that name, and a
// new name is checked.
func TestAccStoredNameKeptVerbatim(t *testing.T) {
	s := newTestServer(t)
	var hubID string
	const legacy = "Legacy\tname"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: s.factories(),
		CheckDestroy:             s.checkHubsDestroyed(),
		Steps: []resource.TestStep{
			{
				Config: s.providerConfig() + hubConfig(`name = "Legacy"`+"\n"+`subdomain = "legacy"`),
				Check:  captureID("statushub_hub.test", &hubID),
			},
			{
				PreConfig: func() {
					err := s.Store.Update(context.Background(), func(tx *store.Tx) error {
						_, err := tx.UpdateHub(s.AccountID, hubID, api.HubUpdate{Name: new(legacy)})
						return err
					})
					if err != nil {
						t.Fatal(err)
					}
				},
				RefreshState:       true,
				ExpectNonEmptyPlan: true, // the old configuration renames the hub
			},
			{
				Config:   s.providerConfig() + hubConfig(fmt.Sprintf("name = %q\nsubdomain = \"legacy\"", legacy)),
				PlanOnly: true,
			},
			{
				Config:      s.providerConfig() + hubConfig(fmt.Sprintf("name = %q\nsubdomain = \"legacy\"", legacy+"2")),
				PlanOnly:    true,
				ExpectError: errorMatching("Invalid Name", "name holds U+0009 CHARACTER TABULATION at character 7"),
			},
		},
	})
}
