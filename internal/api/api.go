// Package api holds the JSON wire types of the StatusHub Management API v3.
// The reference server and the provider's client both use them, so the two
// sides cannot drift apart.
package api

import (
	"bytes"
	"encoding/json"
	"time"
)

// BasePath is the path prefix of every API route.
const BasePath = "/api/v3"

// IdempotencyKeyHeader makes a POST safe to retry: the server answers a
// repeated request carrying the same key with the first answer.
const IdempotencyKeyHeader = "Idempotency-Key"

// Rate-limit headers. With rate limits on, every answer that passed the
// calling key's limit check carries them, for the request's kind (reads:
// GET and HEAD; writes: the other methods): Limit is the requests a second
// the key may make, and also, rounded up, the most it may make at once;
// Remaining is how many it may make at once right now. Without rate
// limits they are absent.
const (
	RateLimitLimitHeader     = "X-RateLimit-Limit"     // a decimal number, such as 30 or 0.5
	RateLimitRemainingHeader = "X-RateLimit-Remaining" // a whole number
)

// Pagination: lists take ?page_size=N&cursor=C and answer a Page.
const (
	DefaultPageSize = 50
	MaxPageSize     = 100
)

// Page is one page of a list. NextCursor is empty on the last page.
type Page[T any] struct {
	Data       []T    `json:"data"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// Error is the body of every 4xx and 5xx answer.
type Error struct {
	// Code is a machine-readable reason, such as "invalid_field".
	Code string `json:"code"`
	// Message is a sentence for people that names the field or rule at fault.
	Message string `json:"message"`
	// Field is the JSON field at fault, when there is one.
	Field string `json:"field,omitempty"`
}

// Error codes.
const (
	CodeMalformedJSON  = "malformed_json"
	CodeUnknownField   = "unknown_field"
	CodeReadOnlyField  = "read_only_field"
	CodeInvalidField   = "invalid_field"
	CodeInvalidQuery   = "invalid_query"
	CodeUnauthorized   = "unauthorized"
	CodeKeyExpired     = "key_expired"
	CodeForbidden      = "forbidden"
	CodeNotFound       = "not_found"
	CodeConflict       = "conflict"
	CodeQuotaExceeded  = "quota_exceeded"
	CodeIdempotency    = "idempotency_key_reused"
	CodeBodyTooLarge   = "body_too_large"
	CodeRateLimited    = "rate_limited"
	CodeInternal       = "internal_error"
	CodeMethodNotAllow = "method_not_allowed"
)

// Nullable is a PATCH field that can be absent (leave as is), null (clear)
// or a value. Use it with the `omitzero` JSON option.
type Nullable[T any] struct {
	Set   bool // the field was present
	Null  bool // the field was present and null
	Value T
}

// Null returns a Nullable that clears the field.
func Null[T any]() Nullable[T] { return Nullable[T]{Set: true, Null: true} }

// Value returns a Nullable that sets the field to v.
func Value[T any](v T) Nullable[T] { return Nullable[T]{Set: true, Value: v} }

// IsZero reports whether the field is absent, for `omitzero`.
func (n Nullable[T]) IsZero() bool { return !n.Set }

// MarshalJSON writes null or the value.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.Null || !n.Set {
		return []byte("null"), nil
	}
	return json.Marshal(n.Value)
}

// UnmarshalJSON reads null or a value.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	n.Set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		n.Null = true
		return nil
	}
	return json.Unmarshal(b, &n.Value)
}

// Account is a tenant of the server. Every other object belongs to one.
type Account struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Hub is a status page.
type Hub struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Subdomain   string    `json:"subdomain"`
	Description string    `json:"description"`
	Timezone    string    `json:"timezone"`
	Private     bool      `json:"private"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// HubCreate is the body of POST /hubs. Timezone defaults to UTC.
type HubCreate struct {
	Name        string  `json:"name"`
	Subdomain   string  `json:"subdomain"`
	Description *string `json:"description,omitempty"`
	Timezone    *string `json:"timezone,omitempty"`
	Private     *bool   `json:"private,omitempty"`
}

// HubUpdate is the body of PATCH /hubs/{hub_id}; absent fields stay as they are.
type HubUpdate struct {
	Name        *string `json:"name,omitempty"`
	Subdomain   *string `json:"subdomain,omitempty"`
	Description *string `json:"description,omitempty"`
	Timezone    *string `json:"timezone,omitempty"`
	Private     *bool   `json:"private,omitempty"`
}

// Component statuses.
const (
	StatusOperational         = "operational"
	StatusDegradedPerformance = "degraded_performance"
	StatusPartialOutage       = "partial_outage"
	StatusMajorOutage         = "major_outage"
	StatusUnderMaintenance    = "under_maintenance"
)

// ComponentStatuses lists every component status.
func ComponentStatuses() []string {
	return []string{StatusOperational, StatusDegradedPerformance, StatusPartialOutage, StatusMajorOutage, StatusUnderMaintenance}
}

// Component is a part of a hub whose status is shown on the page.
type Component struct {
	ID          string    `json:"id"`
	HubID       string    `json:"hub_id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Status      string    `json:"status"`
	Group       *string   `json:"group"`
	Position    int64     `json:"position"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// ComponentCreate is the body of POST /hubs/{hub_id}/components. Status
// defaults to operational; position defaults to after the last component.
type ComponentCreate struct {
	Name        string  `json:"name"`
	Description *string `json:"description,omitempty"`
	Status      *string `json:"status,omitempty"`
	Group       *string `json:"group,omitempty"`
	Position    *int64  `json:"position,omitempty"`
}

// ComponentUpdate is the body of PATCH …/components/{component_id}. A key
// whose effective role is editor may send only status (and AuditMessage).
// AuditMessage is not stored on the component: it is added to the audit
// event of the change, such as why a deploy pipeline set the status; a
// PATCH that changes nothing records no event, and so drops it.
type ComponentUpdate struct {
	Name         *string          `json:"name,omitempty"`
	Description  *string          `json:"description,omitempty"`
	Status       *string          `json:"status,omitempty"`
	Group        Nullable[string] `json:"group,omitzero"`
	Position     *int64           `json:"position,omitempty"`
	AuditMessage *string          `json:"audit_message,omitempty"`
}

// Member is a team member of an account. HubRoles maps hub ids to role
// names; a hub it does not name is no_access. The owner is admin on every
// hub and its HubRoles is empty.
type Member struct {
	ID        string            `json:"id"`
	Email     string            `json:"email"`
	Name      string            `json:"name"`
	Owner     bool              `json:"owner"`
	HubRoles  map[string]string `json:"hub_roles"`
	CreatedAt time.Time         `json:"created_at"`
}

// MemberCreate is the body of POST /members. Emails are stored lower-cased.
type MemberCreate struct {
	Email    string            `json:"email"`
	Name     string            `json:"name"`
	HubRoles map[string]string `json:"hub_roles,omitempty"`
}

// MemberUpdate is the body of PATCH /members/{member_id}. HubRoles, when
// present, replaces the member's whole map.
type MemberUpdate struct {
	Email    *string            `json:"email,omitempty"`
	Name     *string            `json:"name,omitempty"`
	HubRoles *map[string]string `json:"hub_roles,omitempty"`
}

// HubRole is the body of PUT /members/{member_id}/hub-roles/{hub_id}.
type HubRole struct {
	Role string `json:"role"`
}

// APIKey is a member's key. Secret is set only in the answers to create and
// reset; LimitRole is nil for a key with its member's full role. ExpiresAt
// is nil for a key that never expires; Expired tells, by the server's clock
// when it answered, whether that moment has passed. An expired key stays
// until it is deleted, but its secret no longer works and it no longer
// counts towards its member's quota.
type APIKey struct {
	ID         string     `json:"id"`
	MemberID   string     `json:"member_id"`
	Name       string     `json:"name"`
	LimitRole  *string    `json:"limit_role"`
	Prefix     string     `json:"prefix"`
	CreatedAt  time.Time  `json:"created_at"`
	ResetAt    *time.Time `json:"reset_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	Expired    bool       `json:"expired"`
	Secret     string     `json:"secret,omitempty"`
}

// HasExpired reports whether k has expired at now: from the moment of its
// ExpiresAt on.
func (k APIKey) HasExpired(now time.Time) bool {
	return k.ExpiresAt != nil && !now.Before(*k.ExpiresAt)
}

// APIKeyCreate is the body of POST /members/{member_id}/api-keys. ExpiresAt,
// when set, must lie in the future.
type APIKeyCreate struct {
	Name      string     `json:"name"`
	LimitRole *string    `json:"limit_role,omitempty"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// APIKeyUpdate is the body of PATCH …/api-keys/{key_id}. A null limit_role
// removes the limit.
type APIKeyUpdate struct {
	Name      *string          `json:"name,omitempty"`
	LimitRole Nullable[string] `json:"limit_role,omitzero"`
}

// MaxKeysPerMember is the key quota of a member.
const MaxKeysPerMember = 10

// EffectiveRole is a key's role on one hub and how it was reached.
type EffectiveRole struct {
	HubID         string  `json:"hub_id"`
	HubName       string  `json:"hub_name"`
	MemberRole    string  `json:"member_role"`
	LimitRole     *string `json:"limit_role"`
	EffectiveRole string  `json:"effective_role"`
}

// EffectiveRoles is the answer of GET …/api-keys/{key_id}/effective-roles:
// one entry for every hub of the account, oldest hub first.
type EffectiveRoles struct {
	Data []EffectiveRole `json:"data"`
}

// Me is the answer of GET /me: the calling key, its member and account, and
// its effective role on every hub of the account, no_access included.
type Me struct {
	Account Account         `json:"account"`
	Key     APIKey          `json:"key"`
	Member  Member          `json:"member"`
	Roles   []EffectiveRole `json:"roles"`
}

// AuditEvent records one change made through the API. Actor and Message
// name the key; ActorKeyID and ActorMemberID tell it apart from a key
// named to look like another. Both are nil in the events recorded before
// the server kept them.
type AuditEvent struct {
	ID            string    `json:"id"`
	Time          time.Time `json:"time"`
	Actor         string    `json:"actor"`
	ActorKeyID    *string   `json:"actor_key_id"`
	ActorMemberID *string   `json:"actor_member_id"`
	Action        string    `json:"action"`
	Target        string    `json:"target"`
	Message       string    `json:"message"`
}
