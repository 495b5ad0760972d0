// Package client is a typed client of the StatusHub Management API v3.
//
// Every call goes through go-retryablehttp: reads, updates and deletes are
// retried on 429, 500, 502, 503, 504 and connection errors, and so are
// creates, because every POST carries an Idempotency-Key that stays the
// same across the retries of one call. Waits honour Retry-After, capped by
// Config.RetryWaitMax, Config.MaxRetryTime and the context's deadline.
// Before that, calls keep to the rate limits that the API's answers
// announce, so that they seldom meet a 429 at all (see pacer).
package client

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/rules"
)

// Sentinel errors; every error the client returns for an HTTP answer is an
// *Error that matches one of these with errors.Is when its status fits.
var (
	ErrNotFound     = errors.New("not found")           // 404
	ErrConflict     = errors.New("conflict")            // 409 (incl. the key quota)
	ErrUnauthorized = errors.New("unauthorized")        // 401
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

// Error reads like `POST /api/v3/hubs: 409 Conflict: conflict: subdomain
// "status" is taken (field "subdomain")`.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d", e.Method, e.Path, e.Status)
	if text := http.StatusText(e.Status); text != "" {
		b.WriteString(" " + text)
	}
	if e.Code != "" {
		b.WriteString(": " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, " (field %q)", e.Field)
	}
	return b.String()
}

// Is matches the sentinel error of e's status.
func (e *Error) Is(target error) bool {
	switch e.Status {
	case http.StatusNotFound:
		return target == ErrNotFound
	case http.StatusConflict:
		return target == ErrConflict
	case http.StatusUnauthorized:
		return target == ErrUnauthorized
	case http.StatusTooManyRequests:
		return target == ErrRateLimited
	}
	return false
}

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

// Defaults of the Config fields left zero.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxRetries   = 4
	DefaultRetryWaitMin = time.Second
	DefaultRetryWaitMax = 30 * time.Second
	DefaultMaxRetryTime = 2 * time.Minute
	DefaultUserAgent    = "terraform-provider-statushub"
)

// Client talks to one endpoint with one key. It is safe for concurrent use.
type Client struct {
	endpoint   string // scheme, host and any path prefix, without the API base path
	apiKey     string
	userAgent  string
	httpClient *http.Client
	retry      retrySettings
	pacer      *pacer
	listings   *listings // of the Refresh methods
}

// New checks cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	endpoint, err := parseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	if cfg.APIKey == "" {
		return nil, errors.New("api_key: must be set")
	}
	// The error of Validate never repeats the secret.
	if err := apikey.Validate(cfg.APIKey); err != nil {
		return nil, fmt.Errorf("api_key: %w", err)
	}
	retry, err := newRetrySettings(cfg)
	if err != nil {
		return nil, err
	}
	timeout, err := orDefault("request_timeout", cfg.Timeout, DefaultTimeout)
	if err != nil {
		return nil, err
	}

	// A copy, so that the caller's client keeps its own timeout.
	httpClient := defaultHTTPClient()
	if cfg.HTTPClient != nil {
		copied := *cfg.HTTPClient
		httpClient = &copied
	}
	httpClient.Timeout = timeout

	userAgent := cfg.UserAgent
	if userAgent == "" {
		userAgent = DefaultUserAgent
	}
	return &Client{
		endpoint:   endpoint,
		apiKey:     cfg.APIKey,
		userAgent:  userAgent,
		httpClient: httpClient,
		retry:      retry,
		pacer:      newPacer(),
		listings:   newListings(),
	}, nil
}

// idleConnsPerHost is how many idle connections to the API the default
// transport keeps for reuse: well above the requests Terraform runs at once
// (its -parallelism, 10 by default). cleanhttp's pooled transport keeps
// GOMAXPROCS+1, so on a small machine most of the connections of a parallel
// refresh were closed after each answer and opened again, with a new TLS
// handshake each against a real API.
const idleConnsPerHost = 64

// defaultHTTPClient is cleanhttp's pooled client, keeping idleConnsPerHost
// idle connections.
func defaultHTTPClient() *http.Client {
	transport := cleanhttp.DefaultPooledTransport()
	transport.MaxIdleConnsPerHost = idleConnsPerHost
	return &http.Client{Transport: transport}
}

// parseEndpoint checks the endpoint and returns it without a trailing slash.
// An endpoint that already ends in the API base path loses it, so that it is
// not added twice.
func parseEndpoint(endpoint string) (string, error) {
	u, err := rules.Endpoint(endpoint)
	if err != nil {
		return "", fmt.Errorf("endpoint: %w", err)
	}
	return strings.TrimSuffix(strings.TrimSuffix(u.String(), "/"), api.BasePath), nil
}

// Me returns the calling key, its member and account, and its roles.
func (c *Client) Me(ctx context.Context) (*api.Me, error) {
	return call[api.Me](ctx, c, http.MethodGet, apiPath("me"), nil)
}

// CreateHub creates a hub.
func (c *Client) CreateHub(ctx context.Context, in api.HubCreate) (*api.Hub, error) {
	return call[api.Hub](ctx, c, http.MethodPost, apiPath("hubs"), in)
}

// GetHub returns a hub.
func (c *Client) GetHub(ctx context.Context, hubID string) (*api.Hub, error) {
	return call[api.Hub](ctx, c, http.MethodGet, apiPath("hubs", hubID), nil)
}

// ListHubs returns every hub the key can see (all pages); subdomain "" for any.
func (c *Client) ListHubs(ctx context.Context, subdomain string) ([]api.Hub, error) {
	return list[api.Hub](ctx, c, apiPath("hubs"), filter("subdomain", subdomain), 0)
}

// UpdateHub changes the fields of a hub that in sets.
func (c *Client) UpdateHub(ctx context.Context, hubID string, in api.HubUpdate) (*api.Hub, error) {
	return call[api.Hub](ctx, c, http.MethodPatch, apiPath("hubs", hubID), in)
}

// DeleteHub deletes a hub and its components.
func (c *Client) DeleteHub(ctx context.Context, hubID string) error {
	return c.do(ctx, http.MethodDelete, apiPath("hubs", hubID), nil, nil, nil)
}

// CreateComponent adds a component to a hub.
func (c *Client) CreateComponent(ctx context.Context, hubID string, in api.ComponentCreate) (*api.Component, error) {
	return call[api.Component](ctx, c, http.MethodPost, apiPath("hubs", hubID, "components"), in)
}

// GetComponent returns a component of a hub.
func (c *Client) GetComponent(ctx context.Context, hubID, componentID string) (*api.Component, error) {
	return call[api.Component](ctx, c, http.MethodGet, apiPath("hubs", hubID, "components", componentID), nil)
}

// ListComponents returns every component of a hub (all pages).
func (c *Client) ListComponents(ctx context.Context, hubID string) ([]api.Component, error) {
	return list[api.Component](ctx, c, apiPath("hubs", hubID, "components"), nil, 0)
}

// UpdateComponent changes the fields of a component that in sets.
func (c *Client) UpdateComponent(ctx context.Context, hubID, componentID string, in api.ComponentUpdate) (*api.Component, error) {
	return call[api.Component](ctx, c, http.MethodPatch, apiPath("hubs", hubID, "components", componentID), in)
}

// DeleteComponent deletes a component.
func (c *Client) DeleteComponent(ctx context.Context, hubID, componentID string) error {
	return c.do(ctx, http.MethodDelete, apiPath("hubs", hubID, "components", componentID), nil, nil, nil)
}

// CreateMember adds a team member to the account.
func (c *Client) CreateMember(ctx context.Context, in api.MemberCreate) (*api.Member, error) {
	return call[api.Member](ctx, c, http.MethodPost, apiPath("members"), in)
}

// GetMember returns a member.
func (c *Client) GetMember(ctx context.Context, memberID string) (*api.Member, error) {
	return call[api.Member](ctx, c, http.MethodGet, apiPath("members", memberID), nil)
}

// ListMembers returns every member (all pages); email "" for any.
func (c *Client) ListMembers(ctx context.Context, email string) ([]api.Member, error) {
	return list[api.Member](ctx, c, apiPath("members"), filter("email", email), 0)
}

// UpdateMember changes the fields of a member that in sets.
func (c *Client) UpdateMember(ctx context.Context, memberID string, in api.MemberUpdate) (*api.Member, error) {
	return call[api.Member](ctx, c, http.MethodPatch, apiPath("members", memberID), in)
}

// DeleteMember deletes a member and revokes all its keys.
func (c *Client) DeleteMember(ctx context.Context, memberID string) error {
	return c.do(ctx, http.MethodDelete, apiPath("members", memberID), nil, nil, nil)
}

// SetHubRole gives a member a role on one hub.
func (c *Client) SetHubRole(ctx context.Context, memberID, hubID, role string) error {
	return c.do(ctx, http.MethodPut, apiPath("members", memberID, "hub-roles", hubID), nil, api.HubRole{Role: role}, nil)
}

// RemoveHubRole takes a member's role on one hub away (no_access).
func (c *Client) RemoveHubRole(ctx context.Context, memberID, hubID string) error {
	return c.do(ctx, http.MethodDelete, apiPath("members", memberID, "hub-roles", hubID), nil, nil, nil)
}

// CreateAPIKey makes a key for a member; only its answer holds the secret.
func (c *Client) CreateAPIKey(ctx context.Context, memberID string, in api.APIKeyCreate) (*api.APIKey, error) {
	return call[api.APIKey](ctx, c, http.MethodPost, apiPath("members", memberID, "api-keys"), in)
}

// GetAPIKey returns a key, without its secret.
func (c *Client) GetAPIKey(ctx context.Context, memberID, keyID string) (*api.APIKey, error) {
	return call[api.APIKey](ctx, c, http.MethodGet, apiPath("members", memberID, "api-keys", keyID), nil)
}

// ListAPIKeys returns every key of a member (all pages), without secrets.
func (c *Client) ListAPIKeys(ctx context.Context, memberID string) ([]api.APIKey, error) {
	return list[api.APIKey](ctx, c, apiPath("members", memberID, "api-keys"), nil, 0)
}

// APIKeyFilter narrows ListAccountAPIKeys; its zero value keeps every key.
type APIKeyFilter struct {
	MemberID string // only this member's keys; "" for every member's
	// NotUsedSince, when not zero, keeps only the keys last used before it
	// or never used.
	NotUsedSince time.Time
}

func (f APIKeyFilter) query() url.Values {
	q := url.Values{}
	if f.MemberID != "" {
		q.Set("member_id", f.MemberID)
	}
	if !f.NotUsedSince.IsZero() {
		q.Set("not_used_since", f.NotUsedSince.UTC().Format(time.RFC3339Nano))
	}
	return q
}

// ListAccountAPIKeys returns the keys of every member of the account (all
// pages), expired ones included, without secrets. Only an owner key with no
// limit_role or limit_role admin may list them.
func (c *Client) ListAccountAPIKeys(ctx context.Context, f APIKeyFilter) ([]api.APIKey, error) {
	return list[api.APIKey](ctx, c, apiPath("api-keys"), f.query(), 0)
}

// UpdateAPIKey renames or re-limits a key; its secret stays.
func (c *Client) UpdateAPIKey(ctx context.Context, memberID, keyID string, in api.APIKeyUpdate) (*api.APIKey, error) {
	return call[api.APIKey](ctx, c, http.MethodPatch, apiPath("members", memberID, "api-keys", keyID), in)
}

// ResetAPIKey gives a key a new secret, which only this answer holds.
func (c *Client) ResetAPIKey(ctx context.Context, memberID, keyID string) (*api.APIKey, error) {
	return call[api.APIKey](ctx, c, http.MethodPost, apiPath("members", memberID, "api-keys", keyID, "reset"), nil)
}

// DeleteAPIKey revokes a key.
func (c *Client) DeleteAPIKey(ctx context.Context, memberID, keyID string) error {
	return c.do(ctx, http.MethodDelete, apiPath("members", memberID, "api-keys", keyID), nil, nil, nil)
}

// EffectiveRoles returns a key's role on every hub of the account,
// no_access included.
func (c *Client) EffectiveRoles(ctx context.Context, memberID, keyID string) ([]api.EffectiveRole, error) {
	roles, err := call[api.EffectiveRoles](ctx, c, http.MethodGet, apiPath("members", memberID, "api-keys", keyID, "effective-roles"), nil)
	if err != nil {
		return nil, err
	}
	return roles.Data, nil
}

// ListAuditEvents returns up to limit events, newest first; a limit of zero
// or less returns every event.
func (c *Client) ListAuditEvents(ctx context.Context, limit int) ([]api.AuditEvent, error) {
	return list[api.AuditEvent](ctx, c, apiPath("audit-events"), nil, limit)
}

// filter returns the query that filters a list by key, or none for "".
func filter(key, value string) url.Values {
	if value == "" {
		return nil
	}
	return url.Values{key: {value}}
}

// list follows next_cursor through every page and returns the items, or the
// first limit of them when limit > 0.
func list[T any](ctx context.Context, c *Client, path string, query url.Values, limit int) ([]T, error) {
	pageSize := api.MaxPageSize
	if limit > 0 && limit < pageSize {
		pageSize = limit
	}
	q := url.Values{"page_size": {strconv.Itoa(pageSize)}}
	maps.Copy(q, query)

	var items []T
	cursor := ""
	for {
		page, err := fetchPage[T](ctx, c, path, q, cursor)
		if err != nil {
			return nil, err
		}
		items = append(items, page.Data...)
		if limit > 0 && len(items) >= limit {
			return items[:limit], nil
		}
		if page.NextCursor == "" {
			return items, nil
		}
		// A server that hands back the cursor it was given would loop forever.
		if page.NextCursor == cursor {
			return nil, fmt.Errorf("GET %s%s: the server returned the same next_cursor twice", api.BasePath, path)
		}
		cursor = page.NextCursor
	}
}

// call does one request and decodes its answer into a new T.
func call[T any](ctx context.Context, c *Client, method, path string, in any) (*T, error) {
	var out T
	if err := c.do(ctx, method, path, nil, in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// apiPath joins path segments into a path under the API base path, escaping
// each one so that an id can never reach another route.
func apiPath(segments ...string) string {
	var b strings.Builder
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}
