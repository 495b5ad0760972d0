package client

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// retrySettings is a Client's retry policy, from its Config.
type retrySettings struct {
	maxRetries int
	waitMin    time.Duration
	waitMax    time.Duration
	maxTime    time.Duration // total wait of one call
}

func newRetrySettings(cfg Config) (retrySettings, error) {
	var errMaxRetries error
	if cfg.MaxRetries < 0 {
		errMaxRetries = fmt.Errorf("max_retries: must not be negative, got %d", cfg.MaxRetries)
	}
	waitMin, errMin := orDefault("retry_wait_min", cfg.RetryWaitMin, DefaultRetryWaitMin)
	waitMax, errMax := orDefault("retry_wait_max", cfg.RetryWaitMax, DefaultRetryWaitMax)
	maxTime, errTime := orDefault("max_retry_time", cfg.MaxRetryTime, DefaultMaxRetryTime)
	if err := errors.Join(errMaxRetries, errMin, errMax, errTime); err != nil {
		return retrySettings{}, err
	}
	maxRetries := cfg.MaxRetries
	if maxRetries == 0 {
		maxRetries = DefaultMaxRetries
	}
	// A minimum above the maximum comes down to it, so that setting only a
	// small retry_wait_max works.
	return retrySettings{maxRetries: maxRetries, waitMin: min(waitMin, waitMax), waitMax: waitMax, maxTime: maxTime}, nil
}

// orDefault returns d, or def when d is zero; name is the setting, for the error.
func orDefault(name string, d, def time.Duration) (time.Duration, error) {
	switch {
	case d < 0:
		return 0, fmt.Errorf("%s: must not be negative, got %s", name, d)
	case d == 0:
		return def, nil
	}
	return d, nil
}

// wait is how long to wait before retry n (from 0): the answer's
// Retry-After when it has a usable one, else exponential backoff; never
// more than waitMax.
func (s retrySettings) wait(n int, resp *http.Response) time.Duration {
	if d, ok := retryAfter(resp, time.Now()); ok {
		return min(d, s.waitMax)
	}
	return s.exponential(n)
}

// exponential returns waitMin·2ⁿ, capped at waitMax.
func (s retrySettings) exponential(n int) time.Duration {
	d := s.waitMin
	for range n {
		if d >= s.waitMax/2 {
			return s.waitMax
		}
		d *= 2
	}
	return min(d, s.waitMax)
}

// retryAfter reads an answer's Retry-After, in delta seconds or as an HTTP
// date. A value that is malformed, negative or in the past is not usable.
func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	if resp == nil {
		return 0, false
	}
	value := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if secs, err := strconv.ParseInt(value, 10, 64); err == nil {
		switch {
		case secs < 0:
			return 0, false
		case secs > int64(math.MaxInt64/time.Second):
			return math.MaxInt64, true // the caller caps it
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(value); err == nil && t.After(now) {
		return t.Sub(now), true
	}
	return 0, false
}

// safeToRetry reports whether sending req twice cannot do the work twice.
// PATCH qualifies here: the API's PATCH bodies set fields to given values. A
// POST qualifies only with an Idempotency-Key, which every POST of the
// Client carries.
func safeToRetry(req *http.Request) bool {
	return req.Method != http.MethodPost || req.Header.Get(api.IdempotencyKeyHeader) != ""
}

// transient reports whether an attempt failed in a way that may pass: a
// connection error, 429 or a 5xx that means "try again".
func transient(ctx context.Context, resp *http.Response, err error) bool {
	if err != nil {
		// retryablehttp knows the errors no retry fixes: a bad TLS
		// certificate or scheme, too many redirects.
		retry, _ := retryablehttp.DefaultRetryPolicy(ctx, nil, err)
		return retry
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// attempts is the state of one logical call across its attempts. A
// retryablehttp.Client made for the call (see retryClient) uses its methods
// as hooks.
type attempts struct {
	ctx      context.Context
	settings retrySettings
	method   string
	path     string
	safe     bool // see safeToRetry

	number  int       // of the attempt in flight, from 1
	started time.Time // of the attempt in flight
	retries int       // granted so far
	waited  time.Duration
	next    time.Duration // the wait checkRetry granted, for backoff
}

// retryClient returns a retryablehttp.Client for one call: its hooks keep
// the call's retry budget and log with the call's context.
func (c *Client) retryClient(ctx context.Context, path string, req *http.Request) *retryablehttp.Client {
	a := &attempts{ctx: ctx, settings: c.retry, method: req.Method, path: path, safe: safeToRetry(req)}
	return &retryablehttp.Client{
		HTTPClient:      c.httpClient,
		Logger:          tflogLogger{ctx: ctx},
		RetryWaitMin:    c.retry.waitMin,
		RetryWaitMax:    c.retry.waitMax,
		RetryMax:        c.retry.maxRetries,
		RequestLogHook:  a.beforeAttempt,
		ResponseLogHook: a.afterAttempt,
		CheckRetry:      a.checkRetry,
		Backoff:         a.backoff,
		// Hand the last answer back as it is, so that the error names its
		// status and body instead of "giving up after N attempts".
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
}

// checkRetry is the CheckRetry hook. It retries a transient failure of a
// request that is safe to repeat, as long as the next wait fits in the retry
// count, the total wait and the context's deadline; otherwise the last
// answer or error stands at once.
func (a *attempts) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if !a.safe || !transient(ctx, resp, err) || a.retries >= a.settings.maxRetries {
		return false, nil
	}
	wait := a.settings.wait(a.retries, resp)
	if a.waited+wait > a.settings.maxTime || passesDeadline(ctx, wait) {
		tflog.Debug(ctx, "StatusHub API: not retrying, the wait would pass max_retry_time or the deadline", map[string]any{
			"method": a.method, "path": a.path, "wait": wait.String(), "waited": a.waited.String(),
		})
		return false, nil
	}
	a.retries++
	a.waited += wait
	a.next = wait
	return true, nil
}

// backoff is the Backoff hook: the wait that checkRetry granted.
func (a *attempts) backoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
	return a.next
}

func passesDeadline(ctx context.Context, wait time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) < wait
}
