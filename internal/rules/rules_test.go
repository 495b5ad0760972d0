package rules_test

import (
	"strings"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/rules"
)

func TestRules(t *testing.T) {
	t.Parallel()

	email := func(s string) error {
		_, err := rules.Email(s)
		return err
	}
	endpoint := func(s string) error {
		_, err := rules.Endpoint(s)
		return err
	}
	position := func(p int64) func(string) error {
		return func(string) error { return rules.Position(p) }
	}
	longName := strings.Repeat("é", rules.MaxNameLen)
	longEmail := strings.Repeat("a", rules.MaxEmailLen-len("@example.com")) + "@example.com"

	tests := []struct {
		name  string
		check func(string) error
		value string
		want  string // a part of the error; "" for a valid value
	}{
		{"name", rules.Name, "Payments", ""},
		{"name with inner spaces and accents", rules.Name, "Paiements en ligne — Zürich", ""},
		{"name of the most characters", rules.Name, longName, ""},
		{"empty name", rules.Name, "", "must not be empty"},
		{"blank name", rules.Name, "   ", "must not be empty"},
		{"name over the limit", rules.Name, longName + "x", "is 256 characters long; it may be at most 255"},
		{"name with a line feed", rules.Name, "ci\nowner@example.com via the API deleted hub Payments", "U+000A LINE FEED at character 3"},
		{"name with a carriage return", rules.Name, "ci\r", "U+000D CARRIAGE RETURN at character 3"},
		{"name with NUL", rules.Name, "a\x00b", "U+0000 NULL at character 2"},
		{"name with a tab", rules.Name, "a\tb", "U+0009 CHARACTER TABULATION at character 2"},
		{"name with an escape sequence", rules.Name, "E\x1b[31m", "U+001B ESCAPE at character 2"},
		{"name with DEL", rules.Name, "a\x7f", "U+007F DELETE at character 2"},
		{"name with a C1 control", rules.Name, "a\u0085b", "U+0085 NEXT LINE at character 2"},
		{"name with a right-to-left override", rules.Name, "ab\u202Ecd", "U+202E RIGHT-TO-LEFT OVERRIDE at character 3"},
		{"name with a bidi isolate", rules.Name, "\u2067ab", "U+2067 RIGHT-TO-LEFT ISOLATE at character 1"},
		{"name with a zero-width space", rules.Name, "é\u200Bé", "U+200B ZERO WIDTH SPACE at character 2"},
		{"name with a zero-width joiner", rules.Name, "a\u200Db", "U+200D ZERO WIDTH JOINER at character 2"},
		{"name with a byte order mark", rules.Name, "\uFEFFab", "U+FEFF ZERO WIDTH NO-BREAK SPACE at character 1"},
		{"name with a line separator", rules.Name, "a\u2028b", "U+2028 LINE SEPARATOR at character 2"},
		{"name with an unnamed format character", rules.Name, "a\u00ADb", "U+00AD at character 2"},
		{"name with invalid UTF-8", rules.Name, "a\xffb", "not valid UTF-8"},
		{"name with a leading space", rules.Name, " Payments", "starts with U+0020 SPACE"},
		{"name with a trailing no-break space", rules.Name, "Payments\u00A0", "ends with U+00A0 NO-BREAK SPACE"},

		{"empty description", rules.Description, "", ""},
		{"description with line breaks", rules.Description, "First line\nSecond line\r\nThird line\n", ""},
		{"description with a tab", rules.Description, "a\tb", "U+0009 CHARACTER TABULATION at character 2"},
		{"description with a lone carriage return", rules.Description, "a\rb", "U+000D CARRIAGE RETURN at character 2"},
		{"description with an escape", rules.Description, "ok\n\x1b[2K", "U+001B ESCAPE at character 4"},
		{"description with a right-to-left override", rules.Description, "a\u202E", "U+202E RIGHT-TO-LEFT OVERRIDE at character 2"},

		{"audit message", rules.AuditMessage, "deploying v1.4.2 — ticket #42", ""},
		{"audit message of the most characters", rules.AuditMessage, strings.Repeat("é", rules.MaxAuditMsgLen), ""},
		{"empty audit message", rules.AuditMessage, "", "must not be empty"},
		{"blank audit message", rules.AuditMessage, " \u00A0 ", "must not be empty"},
		{"audit message over the limit", rules.AuditMessage, strings.Repeat("é", rules.MaxAuditMsgLen+1), "is 501 characters long; it may be at most 500"},
		{"audit message with a line feed", rules.AuditMessage, "done\nowner via the API deleted hub Status", "U+000A LINE FEED at character 5"},
		{"audit message with a right-to-left override", rules.AuditMessage, "a\u202Eb", "U+202E RIGHT-TO-LEFT OVERRIDE at character 2"},

		{"email", email, "Alice@Example.com", ""},
		{"email with a plus", email, "a.b+c@sub.example.org", ""},
		{"email of the most bytes", email, longEmail, ""},
		{"empty email", email, "", "must not be empty"},
		{"email over the limit", email, "a" + longEmail, "is 255 bytes long; it may be at most 254"},
		{"email without a domain", email, "alice@", "plain email address"},
		{"email with a display name", email, "Alice <alice@example.com>", "plain email address"},
		{"email with a leading space", email, " alice@example.com", "plain email address"},
		{"email with a quoted tab", email, "\"a\tb\"@example.com", "U+0009 CHARACTER TABULATION at character 3"},
		{"email with a right-to-left override", email, "a\u202Eb@example.com", "U+202E RIGHT-TO-LEFT OVERRIDE at character 2"},

		{"subdomain", rules.Subdomain, "my-status-2", ""},
		{"subdomain of the most characters", rules.Subdomain, strings.Repeat("a", rules.MaxSubdomainLen), ""},
		{"empty subdomain", rules.Subdomain, "", "DNS label"},
		{"subdomain over the limit", rules.Subdomain, strings.Repeat("a", rules.MaxSubdomainLen+1), "1 to 63 characters"},
		{"upper-case subdomain", rules.Subdomain, "Status", "DNS label"},
		{"subdomain with a leading hyphen", rules.Subdomain, "-status", "DNS label"},
		{"subdomain with a trailing hyphen", rules.Subdomain, "status-", "DNS label"},
		{"subdomain with a dot", rules.Subdomain, "a.b", "DNS label"},

		{"UTC", rules.Timezone, "UTC", ""},
		{"deep time zone", rules.Timezone, "America/Argentina/Buenos_Aires", ""},
		{"empty time zone", rules.Timezone, "", "IANA time zone"},
		{"Local", rules.Timezone, "Local", "IANA time zone"},
		{"lower-case utc", rules.Timezone, "utc", "IANA time zone"},
		{"unknown time zone", rules.Timezone, "Mars/Olympus_Mons", "IANA time zone"},
		{"offset", rules.Timezone, "+02:00", "IANA time zone"},

		{"status", rules.ComponentStatus, "major_outage", ""},
		{"unknown status", rules.ComponentStatus, "broken", "must be one of operational, degraded_performance"},

		{"first position", position(0), "", ""},
		{"negative position", position(-1), "", "must be 0 or more"},

		{"endpoint", endpoint, "http://127.0.0.1:8080", ""},
		{"endpoint with a path prefix", endpoint, "https://statushub.example.com/prefix/", ""},
		{"empty endpoint", endpoint, "", "must be set"},
		{"endpoint without a scheme", endpoint, "127.0.0.1:8080", "is not a URL"},
		{"endpoint of another scheme", endpoint, "ftp://example.com", "must start with http:// or https://"},
		{"endpoint without a host", endpoint, "https://", "has no host"},
		{"endpoint with a query string", endpoint, "https://example.com/?region=eu", "must not have a query string"},
		{"endpoint with an empty query string", endpoint, "https://example.com/?", "must not have a query string"},
		{"endpoint with a fragment", endpoint, "https://example.com/#top", "must not have a query string or fragment"},
		{"endpoint with user info", endpoint, "https://bob:hunter2@example.com", "must not hold a user name or password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.check(tt.value)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("%q: unexpected error %v", tt.value, err)
			case tt.want != "" && err == nil:
				t.Errorf("%q: accepted, want an error with %q", tt.value, tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("%q: error %q, want it to say %q", tt.value, err, tt.want)
			}
		})
	}
}

func TestEmailIsLowerCased(t *testing.T) {
	t.Parallel()
	if got, err := rules.Email("Alice@Example.COM"); got != "alice@example.com" || err != nil {
		t.Errorf("Email(Alice@Example.COM) = %q, %v; want alice@example.com", got, err)
	}
}

func TestEndpointErrorHidesThePassword(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"https://bob:hunter2@example.com", "ftp://bob:hunter2@example.com", "https://bob:hunter2@example.com/?q", "http://bob:hunter2@[::1"} {
		if _, err := rules.Endpoint(s); err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("Endpoint(%q) = %v; want an error without the password", s, err)
		}
	}
}
