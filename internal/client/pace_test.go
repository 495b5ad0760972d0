package client

import (
	"context"
	"math"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

var t0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func limitAnswer(status int, limit, remaining string) *http.Response {
	h := http.Header{}
	if limit != "" {
		h.Set(api.RateLimitLimitHeader, limit)
		h.Set(api.RateLimitRemainingHeader, remaining)
	}
	return &http.Response{StatusCode: status, Header: h}
}

func TestBucketLearnsTheAnnouncedLimits(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name            string
		answers         []*http.Response
		wantKnown       bool
		wantLimit       rate.Limit
		wantBurst       int
		wantTokens      float64
		wantTokensLater float64
	}{
		{
			name:      "writes: one token fewer than the server has left, and than its burst",
			answers:   []*http.Response{limitAnswer(201, "5", "4")},
			wantKnown: true, wantLimit: 5 * paceMargin, wantBurst: 4, wantTokens: 3, wantTokensLater: 4,
		},
		{
			name:      "reads",
			answers:   []*http.Response{limitAnswer(200, "30", "29")},
			wantKnown: true, wantLimit: 30 * paceMargin, wantBurst: 29, wantTokens: 28, wantTokensLater: 29,
		},
		{
			name:      "a rate below one a second",
			answers:   []*http.Response{limitAnswer(200, "0.5", "0")},
			wantKnown: true, wantLimit: 0.5 * paceMargin, wantBurst: 1, wantTokens: 0, wantTokensLater: 0.5 * paceMargin,
		},
		{
			name:      "a refusal announces too",
			answers:   []*http.Response{limitAnswer(429, "5", "0")},
			wantKnown: true, wantLimit: 5 * paceMargin, wantBurst: 4, wantTokens: 0, wantTokensLater: 4,
		},
		{
			name:      "a changed limit",
			answers:   []*http.Response{limitAnswer(200, "30", "29"), limitAnswer(200, "10", "9")},
			wantKnown: true, wantLimit: 10 * paceMargin, wantBurst: 9, wantTokens: 9, wantTokensLater: 9,
		},
		{
			name:      "a success without the headers: no limits",
			answers:   []*http.Response{limitAnswer(200, "", "")},
			wantKnown: true, wantLimit: rate.Inf,
		},
		{
			name:    "an error without the headers tells nothing",
			answers: []*http.Response{limitAnswer(401, "", ""), limitAnswer(503, "", "")},
		},
		{
			name:    "malformed headers tell nothing",
			answers: []*http.Response{limitAnswer(429, "fast", "1"), limitAnswer(429, "5", "-1"), limitAnswer(429, "0", "0")},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := newBucket()
			for _, a := range tc.answers {
				b.learn(a, t0)
			}
			l := b.known()
			if (l != nil) != tc.wantKnown {
				t.Fatalf("limiter %v, want known %v", l, tc.wantKnown)
			}
			if l == nil {
				return
			}
			if l.Limit() != tc.wantLimit {
				t.Errorf("limit %v, want %v", l.Limit(), tc.wantLimit)
			}
			if tc.wantLimit == rate.Inf {
				return
			}
			if l.Burst() != tc.wantBurst {
				t.Errorf("burst %d, want %d", l.Burst(), tc.wantBurst)
			}
			if got := l.TokensAt(t0); math.Abs(got-tc.wantTokens) > 1e-9 {
				t.Errorf("tokens %v, want %v", got, tc.wantTokens)
			}
			if got := l.TokensAt(t0.Add(time.Second)); math.Abs(got-tc.wantTokensLater) > 1e-9 {
				t.Errorf("tokens a second later %v, want %v", got, tc.wantTokensLater)
			}
		})
	}
}

// TestPacerProbesOneAtATime: until an answer announced the limits of a
// kind, a request of that kind holds the probe until its answer is in.
func TestPacerProbesOneAtATime(t *testing.T) {
	t.Parallel()
	p := newPacer()
	p.now = func() time.Time { return t0 }

	done, err := p.wait(context.Background(), http.MethodPost)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.writes.probe) != 1 || len(p.reads.probe) != 0 {
		t.Fatalf("a first write holds %d write probes and %d read probes, want 1 and 0", len(p.writes.probe), len(p.reads.probe))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.wait(ctx, http.MethodPatch); err == nil {
		t.Fatal("a second write did not wait for the probe")
	}

	done(limitAnswer(201, "5", "4"))
	if len(p.writes.probe) != 0 || p.writes.known() == nil {
		t.Fatal("the answer did not give the probe back, or announced nothing")
	}
	done, err = p.wait(context.Background(), http.MethodDelete)
	if err != nil {
		t.Fatal(err)
	}
	done(nil)
	if len(p.writes.probe) != 0 {
		t.Error("a write with known limits took the probe")
	}
}

// TestPacedClientIsNeverRefused simulates a client that paces itself on
// the limits a server announced, sending as fast as they allow while each
// request takes up to 10 ms to arrive (and arrivals bunch up): the
// server's bucket, as the reference API keeps it, never refuses one. The
// clock is simulated: nothing here waits.
func TestPacedClientIsNeverRefused(t *testing.T) {
	t.Parallel()
	const maxDelay = 10 * time.Millisecond
	for _, perSecond := range []float64{0.5, 1, 5, 30} {
		server := rate.NewLimiter(rate.Limit(perSecond), max(1, int(math.Ceil(perSecond))))
		rng := rand.New(rand.NewPCG(1, uint64(perSecond*10)))

		// The first request probes; its answer sizes the client's bucket.
		now := t0
		if !server.AllowN(now, 1) {
			t.Fatal("the first request was refused")
		}
		client := newClientLimiter(perSecond, int(server.TokensAt(now)), now)

		arrived := now
		for i := range 1000 {
			if i%100 == 0 {
				now = now.Add(10 * time.Second) // idle: both buckets fill up
			}
			now = now.Add(client.ReserveN(now, 1).DelayFrom(now))
			delay := time.Duration(rng.Int64N(int64(maxDelay)))
			arrived = maxTime(arrived, now.Add(delay))
			if !server.AllowN(arrived, 1) {
				t.Fatalf("%v a second: request %d, sent at %v and arrived at %v, was refused",
					perSecond, i, now.Sub(t0), arrived.Sub(t0))
			}
		}
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
