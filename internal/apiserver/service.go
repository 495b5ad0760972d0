package apiserver

import (
	"context"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/roles"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// Service runs the API's operations for the web pages (Config.Pages): the
// same checks, rules and audit events as the JSON handlers, which run the
// same ops, with the actor "<key name> via the Control Panel".
type Service struct{ s *server }

// Credential is what a session keeps of a key: the hash of its secret,
// never the secret. Once the key is reset or deleted, it finds no key.
type Credential struct{ hash [32]byte }

// Problem is an operation's error as the API answers it: its status and
// its message, which names the field or rule at fault.
type Problem struct {
	Status     int
	Message    string
	RetryAfter int // seconds to wait before trying again, for a 429; else 0
}

// Explain reads an error that a Service method returned. The cause of an
// internal failure goes to the request's log line, never to the page.
func (svc *Service) Explain(ctx context.Context, err error) Problem {
	e, internal := asAPIError(err)
	if internal {
		infoFrom(ctx).err = err
	}
	return Problem{Status: e.status, Message: e.body.Message, RetryAfter: e.retryAfter}
}

// SignIn checks a secret as the API checks a bearer key, and returns the
// credential to keep in its place.
func (svc *Service) SignIn(ctx context.Context, secret string) (Credential, error) {
	if err := apikey.Validate(secret); err != nil {
		return Credential{}, unauthorized("%v", err) // Validate never repeats the secret
	}
	cred := Credential{hash: [32]byte(apikey.Hash(secret))}
	_, err := svc.Authenticate(ctx, cred, true)
	return cred, err
}

// Authenticate is the API's authentication and rate limit for one request
// made with a credential; write tells which limit the request counts
// against.
func (svc *Service) Authenticate(ctx context.Context, cred Credential, write bool) (store.Caller, error) {
	s := svc.s
	c, err := s.verify(ctx, cred.hash[:], s.store.Generation())
	if err != nil {
		return store.Caller{}, err
	}
	if ok, wait, _ := s.limiter.allow(c.Key.ID, write); !ok {
		return store.Caller{}, rateLimited(write, wait)
	}
	return c, nil
}

// Now is the server's clock.
func (svc *Service) Now() time.Time { return svc.s.now() }

// read runs fn in a read transaction, for the caller that cred finds then.
func read[T any](ctx context.Context, svc *Service, cred Credential, fn op[T]) (T, error) {
	return run(ctx, cred, svc.s.store.View, fn)
}

// write runs fn in a write transaction, for the caller that cred finds
// then: a key reset or a member demoted a moment ago counts at once.
func write[T any](ctx context.Context, svc *Service, cred Credential, fn op[T]) (T, error) {
	return run(ctx, cred, svc.s.store.Update, fn)
}

func run[T any](ctx context.Context, cred Credential, txn func(context.Context, func(*store.Tx) error) error, fn op[T]) (T, error) {
	var v T
	err := txn(ctx, func(tx *store.Tx) error {
		c, err := callerByHash(tx, cred.hash[:], viaControlPanel)
		if err != nil {
			return err
		}
		v, err = fn(tx, c)
		return err
	})
	return v, err
}

// checkedWrite is write for an op whose input check returned err.
func checkedWrite[T any](ctx context.Context, svc *Service, cred Credential, fn op[T], err error) (T, error) {
	if err != nil {
		var zero T
		return zero, err
	}
	return write(ctx, svc, cred, fn)
}

func (svc *Service) removeWith(ctx context.Context, cred Credential, fn removal) error {
	_, err := write(ctx, svc, cred, func(tx *store.Tx, c caller) (struct{}, error) {
		return struct{}{}, fn(tx, c)
	})
	return err
}

// Me is GET /api/v3/me.
func (svc *Service) Me(ctx context.Context, cred Credential) (api.Me, error) {
	return read(ctx, svc, cred, me)
}

// Hubs is GET /api/v3/hubs.
func (svc *Service) Hubs(ctx context.Context, cred Credential, page store.PageRequest) (api.Page[api.Hub], error) {
	return read(ctx, svc, cred, listHubs("", page))
}

// CreateHub is POST /api/v3/hubs.
func (svc *Service) CreateHub(ctx context.Context, cred Credential, in api.HubCreate) (api.Hub, error) {
	fn, err := createHub(in)
	return checkedWrite(ctx, svc, cred, fn, err)
}

// Components is GET /api/v3/hubs/{hub_id}/components.
func (svc *Service) Components(ctx context.Context, cred Credential, hubID string, page store.PageRequest) (api.Page[api.Component], error) {
	return read(ctx, svc, cred, listComponents(hubID, page))
}

// Component is GET /api/v3/hubs/{hub_id}/components/{component_id}.
func (svc *Service) Component(ctx context.Context, cred Credential, hubID, componentID string) (api.Component, error) {
	return read(ctx, svc, cred, getComponent(hubID, componentID))
}

// CreateComponent is POST /api/v3/hubs/{hub_id}/components.
func (svc *Service) CreateComponent(ctx context.Context, cred Credential, hubID string, in api.ComponentCreate) (api.Component, error) {
	fn, err := createComponent(hubID, in)
	return checkedWrite(ctx, svc, cred, fn, err)
}

// UpdateComponent is PATCH /api/v3/hubs/{hub_id}/components/{component_id}.
func (svc *Service) UpdateComponent(ctx context.Context, cred Credential, hubID, componentID string, in api.ComponentUpdate) (api.Component, error) {
	return write(ctx, svc, cred, updateComponent(hubID, componentID, in))
}

// DeleteComponent is DELETE /api/v3/hubs/{hub_id}/components/{component_id}.
func (svc *Service) DeleteComponent(ctx context.Context, cred Credential, hubID, componentID string) error {
	return svc.removeWith(ctx, cred, deleteComponent(hubID, componentID))
}

// Members is GET /api/v3/members.
func (svc *Service) Members(ctx context.Context, cred Credential, page store.PageRequest) (api.Page[api.Member], error) {
	return read(ctx, svc, cred, listMembers("", page))
}

// CreateMember is POST /api/v3/members.
func (svc *Service) CreateMember(ctx context.Context, cred Credential, in api.MemberCreate) (api.Member, error) {
	fn, err := createMember(in)
	return checkedWrite(ctx, svc, cred, fn, err)
}

// SetHubRole is PUT /api/v3/members/{member_id}/hub-roles/{hub_id}.
func (svc *Service) SetHubRole(ctx context.Context, cred Credential, memberID, hubID string, in api.HubRole) (api.Member, error) {
	fn, err := setHubRole(memberID, hubID, in)
	return checkedWrite(ctx, svc, cred, fn, err)
}

// RemoveHubRole is DELETE /api/v3/members/{member_id}/hub-roles/{hub_id}.
func (svc *Service) RemoveHubRole(ctx context.Context, cred Credential, memberID, hubID string) error {
	return svc.removeWith(ctx, cred, removeHubRole(memberID, hubID))
}

// Keys is GET /api/v3/members/{member_id}/api-keys.
func (svc *Service) Keys(ctx context.Context, cred Credential, memberID string, page store.PageRequest) (api.Page[api.APIKey], error) {
	return read(ctx, svc, cred, listKeys(memberID, page))
}

// AccountKeys is GET /api/v3/api-keys.
func (svc *Service) AccountKeys(ctx context.Context, cred Credential, filter store.KeyFilter, page store.PageRequest) (api.Page[api.APIKey], error) {
	return read(ctx, svc, cred, listAccountKeys(filter, page))
}

// Key is GET /api/v3/members/{member_id}/api-keys/{key_id}.
func (svc *Service) Key(ctx context.Context, cred Credential, memberID, keyID string) (api.APIKey, error) {
	return read(ctx, svc, cred, getKey(memberID, keyID))
}

// CreateKey is POST /api/v3/members/{member_id}/api-keys: the answer holds
// the secret, to show once.
func (svc *Service) CreateKey(ctx context.Context, cred Credential, memberID string, in api.APIKeyCreate) (api.APIKey, error) {
	fn, err := createKey(memberID, in, svc.s.now())
	return checkedWrite(ctx, svc, cred, fn, err)
}

// UpdateKey is PATCH /api/v3/members/{member_id}/api-keys/{key_id}.
func (svc *Service) UpdateKey(ctx context.Context, cred Credential, memberID, keyID string, in api.APIKeyUpdate) (api.APIKey, error) {
	fn, err := updateKey(memberID, keyID, in)
	return checkedWrite(ctx, svc, cred, fn, err)
}

// ResetKey is POST /api/v3/members/{member_id}/api-keys/{key_id}/reset:
// the answer holds the new secret, to show once.
func (svc *Service) ResetKey(ctx context.Context, cred Credential, memberID, keyID string) (api.APIKey, error) {
	return write(ctx, svc, cred, resetKey(memberID, keyID, svc.s.now))
}

// DeleteKey is DELETE /api/v3/members/{member_id}/api-keys/{key_id}.
func (svc *Service) DeleteKey(ctx context.Context, cred Credential, memberID, keyID string) error {
	return svc.removeWith(ctx, cred, deleteKey(memberID, keyID))
}

// EffectiveRoles is GET /api/v3/members/{member_id}/api-keys/{key_id}/effective-roles.
func (svc *Service) EffectiveRoles(ctx context.Context, cred Credential, memberID, keyID string) (api.EffectiveRoles, error) {
	return read(ctx, svc, cred, keyEffectiveRoles(memberID, keyID))
}

// AuditEvents is GET /api/v3/audit-events.
func (svc *Service) AuditEvents(ctx context.Context, cred Credential, page store.PageRequest) (api.Page[api.AuditEvent], error) {
	return read(ctx, svc, cred, auditEvents(page))
}

// Role is the effective role of c's key on a hub, as the API reckons it,
// for the pages to show only the controls it allows.
func Role(c store.Caller, hubID string) roles.Role { return caller{Caller: c}.role(hubID) }

// ActsAsOwner reports whether c's key may do the owner's account-level work.
func ActsAsOwner(c store.Caller) bool { return caller{Caller: c}.actsAsOwner() }

// KeyLimit is a key's limit_role as the API reads it.
func KeyLimit(k api.APIKey) roles.Limit { return limitOf(k) }

// InvalidField is the API's 400 for a field, for the values that a page's
// form cannot turn into an operation's input.
func InvalidField(field, message string) error { return badField(field, "%s", message) }
