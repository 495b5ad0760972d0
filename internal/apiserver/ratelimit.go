package apiserver

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// sweepInterval is how often idle buckets are dropped.
const sweepInterval = time.Minute

// limiter holds a token bucket per calling key and kind of request.
type limiter struct {
	limits RateLimits
	now    func() time.Time

	mu        sync.Mutex
	buckets   map[bucketKey]*rate.Limiter
	lastSweep time.Time
}

type bucketKey struct {
	keyID string
	write bool
}

func newLimiter(limits RateLimits, now func() time.Time) *limiter {
	return &limiter{limits: limits, now: now, buckets: map[bucketKey]*rate.Limiter{}, lastSweep: now()}
}

// allow takes a token from the key's bucket, or says how long until one is
// there; remaining is the whole tokens left.
func (l *limiter) allow(keyID string, write bool) (ok bool, wait time.Duration, remaining int) {
	if l.limits.Disabled {
		return true, 0, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b := l.bucket(bucketKey{keyID: keyID, write: write})
	res := b.ReserveN(now, 1)
	if wait := res.DelayFrom(now); wait > 0 {
		res.CancelAt(now)
		return false, wait, 0
	}
	return true, 0, int(b.TokensAt(now))
}

func (l *limiter) bucket(k bucketKey) *rate.Limiter {
	if b, ok := l.buckets[k]; ok {
		return b
	}
	perSecond := l.perSecond(k.write)
	// The burst is the rate, but at least one, or a rate below one a
	// second would allow nothing.
	b := rate.NewLimiter(rate.Limit(perSecond), max(1, int(math.Ceil(perSecond))))
	l.buckets[k] = b
	return b
}

func (l *limiter) perSecond(write bool) float64 {
	if write {
		return l.limits.WritePerSecond
	}
	return l.limits.ReadPerSecond
}

// announce tells the client its limit for this kind of request and what is
// left of it (see api.RateLimitLimitHeader), so that it can pace itself.
func (l *limiter) announce(h http.Header, write bool, remaining int) {
	if l.limits.Disabled {
		return
	}
	h.Set(api.RateLimitLimitHeader, strconv.FormatFloat(l.perSecond(write), 'f', -1, 64))
	h.Set(api.RateLimitRemainingHeader, strconv.Itoa(remaining))
}

// sweep drops the buckets that are full again. A full bucket is exactly
// what a new one would be, so dropping it changes nothing, and the map stays
// as small as the set of keys used lately.
func (l *limiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < sweepInterval {
		return
	}
	l.lastSweep = now
	for k, b := range l.buckets {
		if b.TokensAt(now) >= float64(b.Burst()) {
			delete(l.buckets, k)
		}
	}
}

// rateLimit answers 429 with Retry-After when the calling key is over its
// limit for this kind of request.
func (s *server) rateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		write := r.Method != http.MethodGet && r.Method != http.MethodHead
		ok, wait, remaining := s.limiter.allow(authFrom(r.Context()).keyID, write)
		s.limiter.announce(w.Header(), write, remaining)
		if !ok {
			fail(w, r, rateLimited(write, wait))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// rateLimited is a 429 that asks the client to wait, in Retry-After and in
// its message.
func rateLimited(write bool, wait time.Duration) *apiError {
	seconds := retryAfterSeconds(wait)
	e := newError(http.StatusTooManyRequests, api.CodeRateLimited, "",
		"this API key made too many %s requests; retry in %d s", kind(write), seconds)
	e.retryAfter = seconds
	return e
}

// retryAfterSeconds rounds up: Retry-After takes whole seconds, and a
// client that waits less would only be refused again.
func retryAfterSeconds(wait time.Duration) int {
	return max(1, int(math.Ceil(wait.Seconds())))
}

func kind(write bool) string {
	if write {
		return "write"
	}
	return "read"
}
