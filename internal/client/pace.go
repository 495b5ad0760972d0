package client

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// pacer keeps a Client under the API's rate limits: a token bucket for each
// kind of request (reads: GET and HEAD; writes: the other methods), sized
// from what the answers announce in the X-RateLimit-Limit and
// X-RateLimit-Remaining headers, that a request waits on before it is sent.
// A client that paces itself so gets no 429s, where one that only retries
// them spends its time in Retry-After waits. The buckets hold one token
// fewer than the server's and fill a little slower (see paceMargin), which
// absorbs the jitter in the time a request takes to arrive. They assume
// that the Client is the key's only user, as a provider process is; other
// users of the key cause 429s, which are retried as before.
//
// Until an answer announced the limits of a kind, requests of that kind go
// one at a time, so that a start-up burst cannot overrun a limit not known
// yet. A 2xx answer without the headers means no limits: no pacing. The
// retries of a call are not paced again: they wait out Retry-After or a
// back-off of a second or more.
type pacer struct {
	reads, writes *bucket
	now           func() time.Time
}

func newPacer() *pacer {
	return &pacer{reads: newBucket(), writes: newBucket(), now: time.Now}
}

// wait blocks until a request of method may be sent. The caller must call
// done with the request's last answer, or nil when there was none.
func (p *pacer) wait(ctx context.Context, method string) (done func(*http.Response), err error) {
	b := p.writes
	if method == http.MethodGet || method == http.MethodHead {
		b = p.reads
	}
	probing, err := b.wait(ctx)
	if err != nil {
		return nil, err
	}
	return func(resp *http.Response) {
		if resp != nil {
			b.learn(resp, p.now())
		}
		if probing {
			<-b.probe
		}
	}, nil
}

// paceMargin slows the client's buckets down a little against the
// server's: where the server's burst is one (a rate of one a second or
// less), the client has no token to spare, and only this margin absorbs
// the jitter (20 ms at one a second).
const paceMargin = 0.98

// bucket paces one kind of request.
type bucket struct {
	mu      sync.Mutex
	limiter *rate.Limiter // nil until an answer told the limits

	probe chan struct{} // held by the one request in flight while limiter is nil
}

func newBucket() *bucket {
	return &bucket{probe: make(chan struct{}, 1)}
}

func (b *bucket) known() *rate.Limiter {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.limiter
}

// wait takes a token, or, while the limits are unknown, the probe; probing
// says which, and the caller then gives the probe back.
func (b *bucket) wait(ctx context.Context) (probing bool, err error) {
	if l := b.known(); l != nil {
		return false, l.Wait(ctx)
	}
	select {
	case b.probe <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	if l := b.known(); l != nil { // learnt while this request queued
		<-b.probe
		return false, l.Wait(ctx)
	}
	return true, nil
}

// learn sizes the bucket from an answer, received at now.
func (b *bucket) learn(resp *http.Response, now time.Time) {
	perSecond, remaining, announced := limitsOf(resp.Header)
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case announced && b.limiter == nil:
		b.limiter = newClientLimiter(perSecond, remaining, now)
	case announced && b.limiter.Limit() != clientRate(perSecond):
		b.limiter.SetLimitAt(now, clientRate(perSecond))
		b.limiter.SetBurstAt(now, clientBurst(perSecond))
	case !announced && resp.StatusCode >= 200 && resp.StatusCode <= 299:
		b.limiter = rate.NewLimiter(rate.Inf, 0)
	}
}

// limitsOf reads the rate-limit headers of an answer.
func limitsOf(h http.Header) (perSecond float64, remaining int, ok bool) {
	perSecond, err := strconv.ParseFloat(h.Get(api.RateLimitLimitHeader), 64)
	if err != nil || !(perSecond > 0) || math.IsInf(perSecond, 0) {
		return 0, 0, false
	}
	remaining, err = strconv.Atoi(h.Get(api.RateLimitRemainingHeader))
	if err != nil || remaining < 0 {
		return 0, 0, false
	}
	return perSecond, remaining, true
}

// newClientLimiter starts with one token fewer than the server said it
// had left, keeping the server's bucket a token ahead of the client's.
func newClientLimiter(perSecond float64, remaining int, now time.Time) *rate.Limiter {
	burst := clientBurst(perSecond)
	l := rate.NewLimiter(clientRate(perSecond), burst)
	tokens := min(max(remaining-1, 0), burst)
	l.AllowN(now, burst-tokens)
	return l
}

func clientRate(perSecond float64) rate.Limit {
	return rate.Limit(perSecond * paceMargin)
}

// clientBurst is one less than the server's burst (its rate rounded up, at
// least one), and at least one.
func clientBurst(perSecond float64) int {
	return max(1, int(math.Ceil(perSecond))-1)
}
