// Package store keeps the reference API's data in an embedded SQLite
// database (modernc.org/sqlite, pure Go).
//
// CONTRACT SKELETON: the signatures below are the contract between the store
// and the apiserver package. The store helper replaces every body.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// Sentinel errors. Wrapped errors must still match with errors.Is.
var (
	// ErrNotFound: no such object in this account (or in this parent).
	ErrNotFound = errors.New("not found")
	// ErrConflict: a uniqueness rule was broken. The error is a *ConflictError.
	ErrConflict = errors.New("conflict")
	// ErrQuotaExceeded: a member already has api.MaxKeysPerMember keys.
	ErrQuotaExceeded = errors.New("key quota exceeded")
	// ErrBadCursor: a pagination cursor that this store did not make.
	ErrBadCursor = errors.New("malformed cursor")
)

// ConflictError names the field whose uniqueness was broken.
type ConflictError struct {
	Field   string // e.g. "subdomain", "email"
	Message string // e.g. `subdomain "status" is already taken`
}

func (e *ConflictError) Error() string        { return e.Message }
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// Store is an open database. It is safe for concurrent use.
type Store struct{}

// Open opens (creating if need be) the database at path and applies the
// embedded migrations. path ":memory:" gives a private throw-away store.
func Open(ctx context.Context, path string) (*Store, error) { panic("store: not implemented") }

// Close closes the database.
func (s *Store) Close() error { panic("store: not implemented") }

// Update runs fn in a write transaction (BEGIN IMMEDIATE): all of fn's writes
// commit together when it returns nil, and none when it returns an error.
// When Update returns nil the data is durable.
func (s *Store) Update(ctx context.Context, fn func(*Tx) error) error {
	panic("store: not implemented")
}

// View runs fn in a read-only transaction with a consistent snapshot.
func (s *Store) View(ctx context.Context, fn func(*Tx) error) error { panic("store: not implemented") }

// Tx is a transaction. Its methods take the account id first: an object of
// another account is ErrNotFound.
type Tx struct{}

// PageRequest asks for one page: Size in 1..api.MaxPageSize, Cursor "" for
// the first page or a NextCursor this store returned.
type PageRequest struct {
	Size   int
	Cursor string
}

// Caller is what an API key authenticates as.
type Caller struct {
	AccountID string
	Key       api.APIKey // Secret is empty
	Member    api.Member // with HubRoles
}

// NewKey is a key to store: the server makes the secret and passes only its
// public prefix and its hash.
type NewKey struct {
	Name      string
	LimitRole *string
	Prefix    string
	Hash      []byte
}

// HubFilter narrows a list of hubs.
type HubFilter struct {
	Subdomain string // exact match, "" for any
	// VisibleTo, when not "", keeps only hubs on which that member has a role
	// (viewer or above). "" keeps all hubs of the account (the owner's view).
	VisibleTo string
}

// MemberFilter narrows a list of members.
type MemberFilter struct {
	Email string // case-insensitive exact match, "" for any
}

// IdempotencyRecord is the first answer to a POST that carried an
// Idempotency-Key. Body is stored as the server gives it (the server
// encrypts bodies that hold a secret before they get here).
type IdempotencyRecord struct {
	Scope       string // the calling key's id
	KeyHash     []byte // hash of the Idempotency-Key value
	RequestHash []byte // hash of method, path and body
	Status      int
	Body        []byte
	CreatedAt   time.Time
}

// Accounts.

// CreateAccount creates an account and its owner member.
func (tx *Tx) CreateAccount(name, ownerEmail, ownerName string) (api.Account, api.Member, error) {
	panic("store: not implemented")
}

// CountAccounts returns how many accounts the store holds.
func (tx *Tx) CountAccounts() (int, error) { panic("store: not implemented") }

// Keys.

// KeyByHash finds the key whose secret hashes to hash (an indexed lookup).
func (tx *Tx) KeyByHash(hash []byte) (Caller, error) { panic("store: not implemented") }

// TouchKey sets last_used_at to at if it is older than a minute.
func (tx *Tx) TouchKey(keyID string, at time.Time) error { panic("store: not implemented") }

// CreateKey adds a key to a member, refusing with ErrQuotaExceeded when the
// member already has api.MaxKeysPerMember keys.
func (tx *Tx) CreateKey(accountID, memberID string, k NewKey) (api.APIKey, error) {
	panic("store: not implemented")
}

// Key returns one of a member's keys.
func (tx *Tx) Key(accountID, memberID, keyID string) (api.APIKey, error) {
	panic("store: not implemented")
}

// Keys lists a member's keys, oldest first.
func (tx *Tx) Keys(accountID, memberID string, p PageRequest) (api.Page[api.APIKey], error) {
	panic("store: not implemented")
}

// CountKeys returns how many keys a member has.
func (tx *Tx) CountKeys(accountID, memberID string) (int, error) { panic("store: not implemented") }

// UpdateKey renames or re-limits a key.
func (tx *Tx) UpdateKey(accountID, memberID, keyID string, u api.APIKeyUpdate) (api.APIKey, error) {
	panic("store: not implemented")
}

// ResetKey replaces a key's secret hash and prefix and sets reset_at.
func (tx *Tx) ResetKey(accountID, memberID, keyID, prefix string, hash []byte, at time.Time) (api.APIKey, error) {
	panic("store: not implemented")
}

// DeleteKey removes a key.
func (tx *Tx) DeleteKey(accountID, memberID, keyID string) error { panic("store: not implemented") }

// Hubs.

// CreateHub creates a hub. Defaults (timezone UTC, private false,
// description "") are applied here. A taken subdomain (unique on the whole
// server) is a *ConflictError on "subdomain".
func (tx *Tx) CreateHub(accountID string, h api.HubCreate) (api.Hub, error) {
	panic("store: not implemented")
}

// Hub returns one hub.
func (tx *Tx) Hub(accountID, hubID string) (api.Hub, error) { panic("store: not implemented") }

// Hubs lists hubs, oldest first.
func (tx *Tx) Hubs(accountID string, f HubFilter, p PageRequest) (api.Page[api.Hub], error) {
	panic("store: not implemented")
}

// AllHubs returns every hub of the account, oldest first (for effective roles).
func (tx *Tx) AllHubs(accountID string) ([]api.Hub, error) { panic("store: not implemented") }

// UpdateHub changes the fields that u sets and updated_at.
func (tx *Tx) UpdateHub(accountID, hubID string, u api.HubUpdate) (api.Hub, error) {
	panic("store: not implemented")
}

// DeleteHub removes a hub, its components and every member's role on it.
func (tx *Tx) DeleteHub(accountID, hubID string) error { panic("store: not implemented") }

// Components.

// CreateComponent adds a component. Status defaults to operational; position
// defaults to one more than the hub's highest position (0 for the first).
func (tx *Tx) CreateComponent(accountID, hubID string, c api.ComponentCreate) (api.Component, error) {
	panic("store: not implemented")
}

// Component returns one component of a hub.
func (tx *Tx) Component(accountID, hubID, componentID string) (api.Component, error) {
	panic("store: not implemented")
}

// Components lists a hub's components, oldest first.
func (tx *Tx) Components(accountID, hubID string, p PageRequest) (api.Page[api.Component], error) {
	panic("store: not implemented")
}

// UpdateComponent changes the fields that u sets and updated_at.
func (tx *Tx) UpdateComponent(accountID, hubID, componentID string, u api.ComponentUpdate) (api.Component, error) {
	panic("store: not implemented")
}

// DeleteComponent removes a component.
func (tx *Tx) DeleteComponent(accountID, hubID, componentID string) error {
	panic("store: not implemented")
}

// Members.

// CreateMember adds a member; the email is stored lower-cased and is unique
// in the account (a *ConflictError on "email"). Every hub id in HubRoles must
// be a hub of the account (the server checks before calling).
func (tx *Tx) CreateMember(accountID string, m api.MemberCreate) (api.Member, error) {
	panic("store: not implemented")
}

// Member returns one member with its hub roles.
func (tx *Tx) Member(accountID, memberID string) (api.Member, error) {
	panic("store: not implemented")
}

// Members lists members with their hub roles, oldest first.
func (tx *Tx) Members(accountID string, f MemberFilter, p PageRequest) (api.Page[api.Member], error) {
	panic("store: not implemented")
}

// UpdateMember changes the fields that u sets; HubRoles replaces the map.
func (tx *Tx) UpdateMember(accountID, memberID string, u api.MemberUpdate) (api.Member, error) {
	panic("store: not implemented")
}

// DeleteMember removes a member with all its keys and hub roles.
func (tx *Tx) DeleteMember(accountID, memberID string) error { panic("store: not implemented") }

// SetHubRole grants or changes a member's role on a hub.
func (tx *Tx) SetHubRole(accountID, memberID, hubID, role string) error {
	panic("store: not implemented")
}

// RemoveHubRole removes a member's role on a hub (ErrNotFound if it had none).
func (tx *Tx) RemoveHubRole(accountID, memberID, hubID string) error {
	panic("store: not implemented")
}

// Audit log.

// AddAuditEvent appends an event; ID and Time are assigned here when empty.
func (tx *Tx) AddAuditEvent(accountID string, e api.AuditEvent) (api.AuditEvent, error) {
	panic("store: not implemented")
}

// AuditEvents lists the account's events, newest first.
func (tx *Tx) AuditEvents(accountID string, p PageRequest) (api.Page[api.AuditEvent], error) {
	panic("store: not implemented")
}

// Idempotency.

// IdempotencyRecord returns the stored answer for (scope, keyHash), or
// ErrNotFound. Records older than 24 hours are gone.
func (tx *Tx) IdempotencyRecord(scope string, keyHash []byte) (IdempotencyRecord, error) {
	panic("store: not implemented")
}

// SaveIdempotencyRecord stores the first answer to an idempotent POST.
func (tx *Tx) SaveIdempotencyRecord(r IdempotencyRecord) error { panic("store: not implemented") }
