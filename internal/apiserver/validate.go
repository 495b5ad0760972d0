package apiserver

import (
	"maps"
	"net/mail"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // time zones must check the same on hosts without zoneinfo
	"unicode/utf8"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

const (
	maxNameLen  = 255
	maxEmailLen = 254 // RFC 5321's limit on a path
)

// Each check returns a 400 naming its field, or nil. The ones for optional
// fields take a pointer and accept nil, "not sent".

func checkName(field, s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return badField(field, "%s must not be empty", field)
	case utf8.RuneCountInString(s) > maxNameLen:
		return badField(field, "%s must be at most %d characters", field, maxNameLen)
	}
	return nil
}

func checkOptionalName(field string, s *string) error {
	if s == nil {
		return nil
	}
	return checkName(field, *s)
}

// normalEmail checks a plain address ("bob@example.com", no display name)
// and returns it lower-cased, as it is stored.
func normalEmail(field, s string) (string, error) {
	if s == "" {
		return "", badField(field, "%s must not be empty", field)
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s || len(s) > maxEmailLen {
		return "", badField(field, "%s must be a plain email address such as bob@example.com", field)
	}
	return strings.ToLower(s), nil
}

// checkSubdomain: a DNS label, lower-case.
func checkSubdomain(field, s string) error {
	ok := len(s) >= 1 && len(s) <= 63 && s[0] != '-' && s[len(s)-1] != '-'
	for i := 0; ok && i < len(s); i++ {
		c := s[i]
		ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
	}
	if !ok {
		return badField(field, "%s must be 1 to 63 characters of a-z, 0-9 and hyphens, not starting or ending with a hyphen", field)
	}
	return nil
}

func checkOptionalSubdomain(field string, s *string) error {
	if s == nil {
		return nil
	}
	return checkSubdomain(field, *s)
}

// checkTimezone accepts IANA names such as Europe/Paris or UTC.
func checkTimezone(field string, s *string) error {
	if s == nil {
		return nil
	}
	// LoadLocation also takes "" and "Local", which name no zone.
	if _, err := time.LoadLocation(*s); err != nil || *s == "" || *s == "Local" {
		return badField(field, "%s must be an IANA time zone such as UTC or Europe/Paris", field)
	}
	return nil
}

func checkStatus(field string, s *string) error {
	if s == nil || slices.Contains(api.ComponentStatuses(), *s) {
		return nil
	}
	return badField(field, "%s must be one of %s", field, strings.Join(api.ComponentStatuses(), ", "))
}

func checkGroup(field string, s *string) error {
	if s == nil || checkName(field, *s) == nil {
		return nil
	}
	return badField(field, "%s must be 1 to %d characters; leave it out or send null for no group", field, maxNameLen)
}

func checkPosition(field string, p *int64) error {
	if p != nil && *p < 0 {
		return badField(field, "%s must be 0 or more", field)
	}
	return nil
}

func checkRole(field, s string) error {
	if _, err := roles.Parse(s); err != nil {
		return badField(field, "%s: %v", field, err)
	}
	return nil
}

// parseLimit reads a limit_role; nil is no limit.
func parseLimit(field string, s *string) (roles.Limit, error) {
	if s == nil {
		return roles.NoLimit, nil
	}
	r, err := roles.ParseLimit(*s)
	if err != nil {
		return roles.NoLimit, badField(field, "%s: %v; send null or leave it out for no limit", field, err)
	}
	return roles.LimitOf(r), nil
}

// checkHubRoles checks a hub_roles map: known roles, on hubs of the account.
// Errors name the entry, as hub_roles.<hub id>.
func checkHubRoles(tx *store.Tx, accountID string, hubRoles map[string]string) error {
	if len(hubRoles) == 0 {
		return nil
	}
	hubs, err := tx.AllHubs(accountID)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, h := range hubs {
		known[h.ID] = true
	}
	for _, hubID := range slices.Sorted(maps.Keys(hubRoles)) {
		field := "hub_roles." + hubID
		if !known[hubID] {
			return badField(field, "%s names %s, which is not a hub of this account", field, hubID)
		}
		if err := checkRole(field, hubRoles[hubID]); err != nil {
			return err
		}
	}
	return nil
}

// firstError returns the first of errs that is not nil.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func checkHubCreate(in api.HubCreate) error {
	return firstError(
		checkName("name", in.Name),
		checkSubdomain("subdomain", in.Subdomain),
		checkTimezone("timezone", in.Timezone),
	)
}

func checkHubUpdate(in api.HubUpdate) error {
	return firstError(
		checkOptionalName("name", in.Name),
		checkOptionalSubdomain("subdomain", in.Subdomain),
		checkTimezone("timezone", in.Timezone),
	)
}

func checkComponentCreate(in api.ComponentCreate) error {
	return firstError(
		checkName("name", in.Name),
		checkStatus("status", in.Status),
		checkGroup("group", in.Group),
		checkPosition("position", in.Position),
	)
}

func checkComponentUpdate(in api.ComponentUpdate) error {
	var group *string
	if in.Group.Set && !in.Group.Null {
		group = &in.Group.Value
	}
	return firstError(
		checkOptionalName("name", in.Name),
		checkStatus("status", in.Status),
		checkGroup("group", group),
		checkPosition("position", in.Position),
	)
}
