// Package client is a typed client of the StatusHub Management API v3.
//
// CONTRACT SKELETON: the exported names and signatures below are the
// contract between the client and the provider. The client helper replaces
// every body (and may add unexported code and more files).
package client

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// Sentinel errors; every error the client returns for an HTTP answer is an
// *Error that matches one of these with errors.Is when its status fits.
var (
	ErrNotFound     = errors.New("not found")          // 404
	ErrConflict     = errors.New("conflict")           // 409 (incl. the key quota)
	ErrUnauthorized = errors.New("unauthorized")       // 401
	ErrRateLimited  = errors.New("rate limit exceeded") // 429 after every retry
)

// Error is an HTTP answer the client gave up on or could not use.
type Error struct {
	Method  string
	Path    string
	Status  int
	Code    string // api.Error.Code, when the body had one
	Field   string // api.Error.Field, when the body had one
	Message string // api.Error.Message, or a bounded excerpt of the body
}

func (e *Error) Error() string { panic("client: not implemented") }
func (e *Error) Is(target error) bool { panic("client: not implemented") }

// Config configures a Client. Zero values take the documented defaults.
type Config struct {
	Endpoint     string        // base URL, e.g. http://127.0.0.1:8080 (the /api/v3 path is added)
	APIKey       string        // the bearer secret
	HTTPClient   *http.Client  // the transport; nil for a clean default
	Timeout      time.Duration // per attempt; default 30s
	MaxRetries   int           // default 4
	RetryWaitMin time.Duration // default 1s
	RetryWaitMax time.Duration // cap on one wait, incl. Retry-After; default 30s
	MaxRetryTime time.Duration // cap on the total time spent waiting between attempts; default 2m
	UserAgent    string
}

// Client talks to one endpoint with one key. It is safe for concurrent use.
type Client struct{}

// New checks cfg and returns a Client.
func New(cfg Config) (*Client, error) { panic("client: not implemented") }

func (c *Client) Me(ctx context.Context) (*api.Me, error) { panic("client: not implemented") }

func (c *Client) CreateHub(ctx context.Context, in api.HubCreate) (*api.Hub, error) {
	panic("client: not implemented")
}
func (c *Client) GetHub(ctx context.Context, hubID string) (*api.Hub, error) {
	panic("client: not implemented")
}

// ListHubs returns every hub the key can see (all pages); subdomain "" for any.
func (c *Client) ListHubs(ctx context.Context, subdomain string) ([]api.Hub, error) {
	panic("client: not implemented")
}
func (c *Client) UpdateHub(ctx context.Context, hubID string, in api.HubUpdate) (*api.Hub, error) {
	panic("client: not implemented")
}
func (c *Client) DeleteHub(ctx context.Context, hubID string) error { panic("client: not implemented") }

func (c *Client) CreateComponent(ctx context.Context, hubID string, in api.ComponentCreate) (*api.Component, error) {
	panic("client: not implemented")
}
func (c *Client) GetComponent(ctx context.Context, hubID, componentID string) (*api.Component, error) {
	panic("client: not implemented")
}
func (c *Client) ListComponents(ctx context.Context, hubID string) ([]api.Component, error) {
	panic("client: not implemented")
}
func (c *Client) UpdateComponent(ctx context.Context, hubID, componentID string, in api.ComponentUpdate) (*api.Component, error) {
	panic("client: not implemented")
}
func (c *Client) DeleteComponent(ctx context.Context, hubID, componentID string) error {
	panic("client: not implemented")
}

func (c *Client) CreateMember(ctx context.Context, in api.MemberCreate) (*api.Member, error) {
	panic("client: not implemented")
}
func (c *Client) GetMember(ctx context.Context, memberID string) (*api.Member, error) {
	panic("client: not implemented")
}

// ListMembers returns every member (all pages); email "" for any.
func (c *Client) ListMembers(ctx context.Context, email string) ([]api.Member, error) {
	panic("client: not implemented")
}
func (c *Client) UpdateMember(ctx context.Context, memberID string, in api.MemberUpdate) (*api.Member, error) {
	panic("client: not implemented")
}
func (c *Client) DeleteMember(ctx context.Context, memberID string) error {
	panic("client: not implemented")
}
func (c *Client) SetHubRole(ctx context.Context, memberID, hubID, role string) error {
	panic("client: not implemented")
}
func (c *Client) RemoveHubRole(ctx context.Context, memberID, hubID string) error {
	panic("client: not implemented")
}

func (c *Client) CreateAPIKey(ctx context.Context, memberID string, in api.APIKeyCreate) (*api.APIKey, error) {
	panic("client: not implemented")
}
func (c *Client) GetAPIKey(ctx context.Context, memberID, keyID string) (*api.APIKey, error) {
	panic("client: not implemented")
}
func (c *Client) ListAPIKeys(ctx context.Context, memberID string) ([]api.APIKey, error) {
	panic("client: not implemented")
}
func (c *Client) UpdateAPIKey(ctx context.Context, memberID, keyID string, in api.APIKeyUpdate) (*api.APIKey, error) {
	panic("client: not implemented")
}
func (c *Client) ResetAPIKey(ctx context.Context, memberID, keyID string) (*api.APIKey, error) {
	panic("client: not implemented")
}
func (c *Client) DeleteAPIKey(ctx context.Context, memberID, keyID string) error {
	panic("client: not implemented")
}
func (c *Client) EffectiveRoles(ctx context.Context, memberID, keyID string) ([]api.EffectiveRole, error) {
	panic("client: not implemented")
}

// ListAuditEvents returns up to limit events, newest first.
func (c *Client) ListAuditEvents(ctx context.Context, limit int) ([]api.AuditEvent, error) {
	panic("client: not implemented")
}
