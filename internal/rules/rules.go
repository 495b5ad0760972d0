// Package rules holds the shape rules that every value the StatusHub API
// takes must meet: names, descriptions, audit messages, emails, subdomains,
// time zones, component statuses and positions, and the provider's endpoint. It is the
// single place where these rules live: the reference API answers 400 with
// them, the provider refuses the same values at plan time, and the client
// checks its endpoint with them.
//
// Each check returns nil or an error worded to follow the name of the field
// or attribute that holds the value, so that both sides can put that name
// first: "name " + err.Error() reads "name ends with a space ...".
package rules

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // time zones must check the same on hosts without zoneinfo
	"unicode"
	"unicode/utf8"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// Limits of the values the API takes.
const (
	MaxNameLen      = 255 // characters of a name or a component group
	MaxAuditMsgLen  = 500 // characters of the message a change adds to its audit event
	MaxEmailLen     = 254 // bytes of an email address: RFC 5321's limit on a path
	MaxSubdomainLen = 63  // a DNS label
	MinPosition     = 0   // the first place in a hub's list of components
)

// Name checks the name of a hub, component, component group, member, API key
// or account: 1 to MaxNameLen characters, no spaces at either end, and no
// control, format or line-separator characters anywhere. Names are shown
// verbatim, and an API key's name is the actor of every audit event it
// causes: a line break, an escape sequence or a bidi override in a name
// could forge or hide audit lines.
func Name(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("must not be empty or only spaces")
	}
	if err := printable(s, false); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(s); n > MaxNameLen {
		return fmt.Errorf("is %d characters long; it may be at most %d", n, MaxNameLen)
	}
	if r, _ := utf8.DecodeRuneInString(s); unicode.IsSpace(r) {
		return fmt.Errorf("starts with %s; remove the spaces at either end", describe(r))
	}
	if r, _ := utf8.DecodeLastRuneInString(s); unicode.IsSpace(r) {
		return fmt.Errorf("ends with %s; remove the spaces at either end", describe(r))
	}
	return nil
}

// Description checks a description: any text, with line breaks ("\n" or
// "\r\n") but no other control, format or line-separator characters.
func Description(s string) error {
	return printable(s, true)
}

// AuditMessage checks the message that a change asks to have added to its
// audit event, such as "deploying v1.4.2": 1 to MaxAuditMsgLen characters,
// not only spaces, on one line and with no control or format characters,
// so that it can neither start a line that looks like another event nor
// reorder the event's text.
func AuditMessage(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("must not be empty or only spaces; leave it out for no message")
	}
	if err := printable(s, false); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(s); n > MaxAuditMsgLen {
		return fmt.Errorf("is %d characters long; it may be at most %d", n, MaxAuditMsgLen)
	}
	return nil
}

// printable refuses invalid UTF-8 and any control character (C0, DEL, C1),
// format character (zero-width characters, bidi overrides and isolates, the
// byte order mark) or line or paragraph separator, except line breaks ("\n"
// or "\r\n") when lineBreaks is set. The error says which character and at
// which place, counting from 1.
func printable(s string, lineBreaks bool) error {
	if !utf8.ValidString(s) {
		return errors.New("is not valid UTF-8 text")
	}
	place := 0
	for i, r := range s {
		place++
		lineBreak := r == '\n' || r == '\r' && strings.HasPrefix(s[i+1:], "\n")
		if lineBreaks && lineBreak || !unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) {
			continue
		}
		return fmt.Errorf("holds %s at character %d; control characters, line breaks and invisible or text-reordering "+
			"format characters are not allowed", describe(r), place)
	}
	return nil
}

// runeNames names the characters most likely to be met in a refused value.
var runeNames = map[rune]string{
	0x00:   "NULL",
	'\t':   "CHARACTER TABULATION",
	'\n':   "LINE FEED",
	'\r':   "CARRIAGE RETURN",
	0x1b:   "ESCAPE",
	' ':    "SPACE",
	0x7f:   "DELETE",
	0x85:   "NEXT LINE",
	0xa0:   "NO-BREAK SPACE",
	0x200b: "ZERO WIDTH SPACE",
	0x200c: "ZERO WIDTH NON-JOINER",
	0x200d: "ZERO WIDTH JOINER",
	0x200e: "LEFT-TO-RIGHT MARK",
	0x200f: "RIGHT-TO-LEFT MARK",
	0x2028: "LINE SEPARATOR",
	0x2029: "PARAGRAPH SEPARATOR",
	0x202a: "LEFT-TO-RIGHT EMBEDDING",
	0x202b: "RIGHT-TO-LEFT EMBEDDING",
	0x202c: "POP DIRECTIONAL FORMATTING",
	0x202d: "LEFT-TO-RIGHT OVERRIDE",
	0x202e: "RIGHT-TO-LEFT OVERRIDE",
	0x2066: "LEFT-TO-RIGHT ISOLATE",
	0x2067: "RIGHT-TO-LEFT ISOLATE",
	0x2068: "FIRST STRONG ISOLATE",
	0x2069: "POP DIRECTIONAL ISOLATE",
	0xfeff: "ZERO WIDTH NO-BREAK SPACE",
}

// describe spells a character as its code point and, when known, its name:
// "U+202E RIGHT-TO-LEFT OVERRIDE".
func describe(r rune) string {
	if name, ok := runeNames[r]; ok {
		return fmt.Sprintf("%U %s", r, name)
	}
	return fmt.Sprintf("%U", r)
}

// Email checks a plain address such as bob@example.com (no display name, at
// most MaxEmailLen bytes, no control or format characters) and returns it
// lower-cased, as the API stores and compares it.
func Email(s string) (string, error) {
	if s == "" {
		return "", errors.New("must not be empty")
	}
	if err := printable(s, false); err != nil {
		return "", err
	}
	if len(s) > MaxEmailLen {
		return "", fmt.Errorf("is %d bytes long; it may be at most %d", len(s), MaxEmailLen)
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return "", errors.New("must be a plain email address such as bob@example.com, without a display name or angle brackets")
	}
	return strings.ToLower(s), nil
}

// Subdomain checks a hub's subdomain: a DNS label of 1 to MaxSubdomainLen
// lower-case letters, digits and hyphens, not starting or ending with a
// hyphen.
func Subdomain(s string) error {
	ok := len(s) >= 1 && len(s) <= MaxSubdomainLen && s[0] != '-' && s[len(s)-1] != '-'
	for i := 0; ok && i < len(s); i++ {
		c := s[i]
		ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
	}
	if !ok {
		return fmt.Errorf("must be a DNS label: 1 to %d characters of a-z, 0-9 and hyphens, not starting or ending with a hyphen",
			MaxSubdomainLen)
	}
	return nil
}

// Timezone checks an IANA time zone name such as UTC or Europe/Paris.
func Timezone(s string) error {
	// LoadLocation also takes "" and "Local", which name no zone.
	if _, err := time.LoadLocation(s); err != nil || s == "" || s == "Local" {
		return errors.New("must be an IANA time zone such as UTC or Europe/Paris")
	}
	return nil
}

// ComponentStatus checks a component status: one of api.ComponentStatuses.
func ComponentStatus(s string) error {
	if !slices.Contains(api.ComponentStatuses(), s) {
		return fmt.Errorf("must be one of %s", strings.Join(api.ComponentStatuses(), ", "))
	}
	return nil
}

// Position checks a component's place in its hub's list.
func Position(p int64) error {
	if p < MinPosition {
		return fmt.Errorf("must be %d or more", MinPosition)
	}
	return nil
}

// Endpoint checks the base URL of a StatusHub API and returns it parsed: an
// absolute http or https URL with a host and maybe a path prefix. A query
// string or fragment would be lost when the client adds the API's paths, and
// user info would put a password in the configuration and the logs, so all
// three are refused. The error shows the URL without its password.
func Endpoint(s string) (*url.URL, error) {
	const example = "such as https://statushub.example.com or http://127.0.0.1:8080"
	if s == "" {
		return nil, errors.New("must be set to the API's base URL, " + example)
	}
	u, err := url.Parse(s)
	if err != nil {
		// The parse error would repeat the URL with any password in it.
		return nil, errors.New("is not a URL; set it to the API's base URL, " + example)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("%q must start with http:// or https://, %s", u.Redacted(), example)
	case u.Host == "":
		return nil, fmt.Errorf("%q has no host, %s", u.Redacted(), example)
	case u.User != nil:
		return nil, fmt.Errorf("%q must not hold a user name or password; the provider authenticates with its API key", u.Redacted())
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("%q must not have a query string or fragment, %s", u.Redacted(), example)
	}
	return u, nil
}
