package apiserver

import (
	"maps"
	"slices"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
	"github.com/statushub-community/terraform-provider-statushub/internal/rules"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// Each check returns a 400 naming its field, or nil. The shape rules are
// those of the rules package; these only name the field.

// check applies a rule to a field's value.
func check(field, value string, rule func(string) error) error {
	if err := rule(value); err != nil {
		return badField(field, "%s %v", field, err)
	}
	return nil
}

// checkSent applies a rule to an optional field, unless it was not sent.
func checkSent(field string, sent *string, rule func(string) error) error {
	if sent == nil {
		return nil
	}
	return check(field, *sent, rule)
}

// checkChanged applies a rule to a field a PATCH sends, unless it sends the
// value already stored: a value stored before a rule was tightened keeps
// working until it is changed.
func checkChanged(field string, sent *string, stored string, rule func(string) error) error {
	if !differs(sent, stored) {
		return nil
	}
	return check(field, *sent, rule)
}

// normalEmail checks an email address and returns it as it is stored.
func normalEmail(field, s string) (string, error) {
	email, err := rules.Email(s)
	if err != nil {
		return "", badField(field, "%s %v", field, err)
	}
	return email, nil
}

// changedEmail is checkChanged for an email address: it returns the address
// sent as it is stored.
func changedEmail(field string, sent *string, stored string) (*string, error) {
	if !differs(sent, stored) {
		return sent, nil
	}
	email, err := normalEmail(field, *sent)
	return &email, err
}

// checkGroup checks a component group; nil is no group.
func checkGroup(field string, group *string) error {
	if group == nil {
		return nil
	}
	if err := rules.Name(*group); err != nil {
		return badField(field, "%s %v; leave it out or send null for no group", field, err)
	}
	return nil
}

func checkPosition(field string, p *int64) error {
	if p == nil {
		return nil
	}
	if err := rules.Position(*p); err != nil {
		return badField(field, "%s %v", field, err)
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
	limit, err := roles.ParseOptionalLimit(s)
	if err != nil {
		return roles.NoLimit, badField(field, "%s: %v; send null or leave it out for no limit", field, err)
	}
	return limit, nil
}

// checkExpiry checks a new key's expires_at: absent, or later than now.
func checkExpiry(field string, at *time.Time, now time.Time) error {
	if at == nil || at.Truncate(time.Microsecond).After(now) {
		return nil
	}
	return badField(field, "%s must lie in the future, after %s; leave it out for a key that never expires",
		field, now.Format(time.RFC3339Nano))
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
		check("name", in.Name, rules.Name),
		check("subdomain", in.Subdomain, rules.Subdomain),
		checkSent("description", in.Description, rules.Description),
		checkSent("timezone", in.Timezone, rules.Timezone),
	)
}

func checkHubUpdate(h api.Hub, in api.HubUpdate) error {
	return firstError(
		checkChanged("name", in.Name, h.Name, rules.Name),
		checkChanged("subdomain", in.Subdomain, h.Subdomain, rules.Subdomain),
		checkChanged("description", in.Description, h.Description, rules.Description),
		checkChanged("timezone", in.Timezone, h.Timezone, rules.Timezone),
	)
}

func checkComponentCreate(in api.ComponentCreate) error {
	return firstError(
		check("name", in.Name, rules.Name),
		checkSent("description", in.Description, rules.Description),
		checkSent("status", in.Status, rules.ComponentStatus),
		checkGroup("group", in.Group),
		checkPosition("position", in.Position),
	)
}

func checkComponentUpdate(c api.Component, in api.ComponentUpdate) error {
	var group *string // a new group name, to check
	if groupDiffers(in.Group, c.Group) && !in.Group.Null {
		group = &in.Group.Value
	}
	return firstError(
		checkChanged("name", in.Name, c.Name, rules.Name),
		checkChanged("description", in.Description, c.Description, rules.Description),
		checkChanged("status", in.Status, c.Status, rules.ComponentStatus),
		checkGroup("group", group),
		checkPosition("position", in.Position),
		checkSent("audit_message", in.AuditMessage, rules.AuditMessage),
	)
}
