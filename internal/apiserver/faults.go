package apiserver

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// Faults makes the server fail on purpose, so that clients can be tested
// against what real networks and servers do. The zero value injects none.
type Faults struct {
	// Rate is the share of requests that get a fault, from 0 (none) to 1.
	Rate float64
	// Seed makes the faults reproducible: the same seed and the same order
	// of requests give the same faults.
	Seed uint64
	// Kinds are the faults to draw from, all equally likely; none means all.
	Kinds []FaultKind
	// SlowDelay is how long FaultSlow holds an answer back; zero means
	// DefaultSlowDelay.
	SlowDelay time.Duration
}

// FaultKind is one way of failing a request.
type FaultKind string

// The kinds of fault. Those named "after" (and FaultSlow) let the handler
// run, and commit its change, before failing: a client must then retry
// without doing the change twice.
const (
	// Fault5xx answers 500, 502, 503 or 504 before the handler runs.
	Fault5xx FaultKind = "5xx"
	// Fault5xxAfter runs the handler, throws its answer away and answers
	// 500, 502, 503 or 504.
	Fault5xxAfter FaultKind = "5xx-after"
	// Fault429 answers 429 before the handler runs, with a Retry-After of
	// 1 s, of an HTTP date, of a date in the past, of garbage or of an hour.
	Fault429 FaultKind = "429"
	// FaultCloseAfter runs the handler, then closes the connection without
	// an answer.
	FaultCloseAfter FaultKind = "close-after"
	// FaultSlow runs the handler, then holds its answer back for SlowDelay,
	// or until the client gives up.
	FaultSlow FaultKind = "slow"
)

// faultKinds lists every kind, in the order that documentation shows them.
var faultKinds = []FaultKind{Fault5xx, Fault5xxAfter, Fault429, FaultCloseAfter, FaultSlow}

// FaultKinds returns every kind of fault.
func FaultKinds() []FaultKind {
	return slices.Clone(faultKinds)
}

// DefaultSlowDelay outlasts the provider's default request_timeout of 30 s
// and stays under the write timeout of `serve`.
const DefaultSlowDelay = 45 * time.Second

// faultStatuses are the answers of Fault5xx and Fault5xxAfter.
var faultStatuses = []int{
	http.StatusInternalServerError, http.StatusBadGateway,
	http.StatusServiceUnavailable, http.StatusGatewayTimeout,
}

// retryAfterValues are the Retry-After headers of Fault429, each a case that
// a client must survive.
var retryAfterValues = []func(now time.Time) string{
	func(time.Time) string { return "1" },
	func(now time.Time) string { return now.Add(2 * time.Second).UTC().Format(http.TimeFormat) },
	func(now time.Time) string { return now.Add(-time.Hour).UTC().Format(http.TimeFormat) },
	func(time.Time) string { return "abc" },
	func(time.Time) string { return "-5" },
	func(time.Time) string { return "99999999999999999999" },
	func(time.Time) string { return "3600" },
}

// ParseFaults reads the --faults option of `serve`: settings separated by
// commas, such as "rate=0.2,seed=42,mix=5xx,429,delay=40s".
//
//   - rate: the share of requests that get a fault, above 0 and at most 1; required.
//   - seed: a whole number that makes the faults reproducible; random when left out.
//   - mix: the kinds of fault to draw from, each as likely; all when left out.
//     The kinds follow mix= up to the next setting.
//   - delay: how long a slow answer is held back, as a Go duration.
func ParseFaults(spec string) (Faults, error) {
	f := Faults{Seed: rand.Uint64()}
	seen := map[string]bool{}
	inMix := false
	for part := range strings.SplitSeq(spec, ",") {
		name, value, isSetting := strings.Cut(strings.TrimSpace(part), "=")
		switch {
		case isSetting && seen[name]:
			return Faults{}, fmt.Errorf("%s is given twice", name)
		case isSetting:
			seen[name] = true
		case inMix: // one more kind of the mix
			name, value = "mix", name
		default:
			return Faults{}, fmt.Errorf("%q is not a setting: use name=value with rate, seed, mix or delay", part)
		}
		inMix = name == "mix"
		if err := f.set(name, value); err != nil {
			return Faults{}, err
		}
	}
	if !seen["rate"] {
		return Faults{}, errors.New("rate is required, such as rate=0.2")
	}
	return f, f.validate()
}

// set applies one setting of ParseFaults.
func (f *Faults) set(name, value string) error {
	var err error
	switch name {
	case "rate":
		f.Rate, err = strconv.ParseFloat(value, 64)
		if err != nil || !(f.Rate > 0 && f.Rate <= 1) {
			return fmt.Errorf("rate %q: must be a number above 0 and at most 1", value)
		}
	case "seed":
		f.Seed, err = strconv.ParseUint(value, 10, 64)
		if err != nil {
			return fmt.Errorf("seed %q: must be a whole number from 0 to %d", value, uint64(math.MaxUint64))
		}
	case "mix":
		f.Kinds = append(f.Kinds, FaultKind(value))
	case "delay":
		f.SlowDelay, err = time.ParseDuration(value)
		if err != nil || f.SlowDelay <= 0 {
			return fmt.Errorf("delay %q: must be a positive Go duration such as 40s", value)
		}
	default:
		return fmt.Errorf("unknown setting %q: use rate, seed, mix or delay", name)
	}
	return nil
}

// validate refuses unknown kinds of fault and values out of range, from
// ParseFaults or from code.
func (f Faults) validate() error {
	if !(f.Rate >= 0 && f.Rate <= 1) {
		return fmt.Errorf("rate %v: must be from 0 to 1", f.Rate)
	}
	for _, k := range f.Kinds {
		if !slices.Contains(faultKinds, k) {
			return fmt.Errorf("mix: unknown fault %q: use %s", k, joinKinds(faultKinds))
		}
	}
	if f.SlowDelay < 0 {
		return fmt.Errorf("delay %s: must not be negative", f.SlowDelay)
	}
	return nil
}

// String gives f in the syntax of ParseFaults, so that a run can be repeated.
func (f Faults) String() string {
	kinds := f.Kinds
	if len(kinds) == 0 {
		kinds = faultKinds
	}
	return fmt.Sprintf("rate=%v,seed=%d,mix=%s,delay=%s", f.Rate, f.Seed, joinKinds(kinds), f.slowDelay())
}

func joinKinds(kinds []FaultKind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ",")
}

func (f Faults) slowDelay() time.Duration {
	if f.SlowDelay == 0 {
		return DefaultSlowDelay
	}
	return f.SlowDelay
}

// fault is one fault drawn for one request.
type fault struct {
	kind       FaultKind
	status     int    // of Fault5xx and Fault5xxAfter
	retryAfter string // of Fault429
}

// faultInjector is a server's Faults at work. Its mutex keeps the sequence
// of draws from the seeded source the same for the same order of requests.
type faultInjector struct {
	rate      float64
	kinds     []FaultKind
	slowDelay time.Duration
	now       func() time.Time

	mu  sync.Mutex
	rng *rand.Rand
}

// newFaultInjector returns nil when f injects nothing. Faults that
// ParseFaults would refuse are a programming error.
func newFaultInjector(f Faults, now func() time.Time) *faultInjector {
	if err := f.validate(); err != nil {
		panic("apiserver: Config.Faults: " + err.Error())
	}
	if f.Rate == 0 {
		return nil
	}
	kinds := f.Kinds
	if len(kinds) == 0 {
		kinds = faultKinds
	}
	return &faultInjector{
		rate:      f.Rate,
		kinds:     kinds,
		slowDelay: f.slowDelay(),
		now:       now,
		rng:       rand.New(rand.NewPCG(f.Seed, f.Seed)),
	}
}

// draw decides whether the next request fails, and how.
func (fi *faultInjector) draw() (fault, bool) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	if fi.rng.Float64() >= fi.rate {
		return fault{}, false
	}
	return fault{
		kind:       fi.kinds[fi.rng.IntN(len(fi.kinds))],
		status:     faultStatuses[fi.rng.IntN(len(faultStatuses))],
		retryAfter: retryAfterValues[fi.rng.IntN(len(retryAfterValues))](fi.now()),
	}, true
}

// exemptFromFaults are the paths that always answer: a liveness probe and
// the document a client is generated from are not what faults test.
var exemptFromFaults = map[string]bool{"/healthz": true, api.BasePath + "/openapi.json": true}

// injectFaults fails a share of the requests as Config.Faults says.
func (s *server) injectFaults(next http.Handler) http.Handler {
	if s.faults == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if exemptFromFaults[r.URL.Path] {
			next.ServeHTTP(w, r)
			return
		}
		f, ok := s.faults.draw()
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		s.log.LogAttrs(r.Context(), slog.LevelWarn, "injecting a fault",
			slog.String("fault", string(f.kind)), slog.String("method", r.Method), slog.String("path", r.URL.Path))
		switch f.kind {
		case Fault5xx:
			writeFault(w, f.status, "before the request was handled")
		case Fault429:
			w.Header().Set("Retry-After", f.retryAfter)
			writeError(w, newError(http.StatusTooManyRequests, api.CodeRateLimited, "",
				"fault injected by --faults: rate limited, Retry-After %q", f.retryAfter))
		case Fault5xxAfter:
			next.ServeHTTP(&heldAnswer{}, r)
			writeFault(w, f.status, "after the request was handled")
		case FaultCloseAfter:
			next.ServeHTTP(&heldAnswer{}, r)
			closeConnection(w)
		case FaultSlow:
			held := &heldAnswer{}
			next.ServeHTTP(held, r)
			holdBack(w, r, held, s.faults.slowDelay)
		}
	})
}

func writeFault(w http.ResponseWriter, status int, when string) {
	writeError(w, newError(status, api.CodeInternal, "", "fault injected by --faults: %d %s", status, when))
}

// closeConnection drops the connection without an answer, as a server that
// crashed would.
func closeConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// HTTP/2 cannot be hijacked; aborting the handler resets the stream.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close() // the point is that it is gone
}

// holdBack sends a held answer after the slow delay, unless the client
// has given up by then.
func holdBack(w http.ResponseWriter, r *http.Request, held *heldAnswer, delay time.Duration) {
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case <-timer.C:
		held.sendTo(w)
	case <-r.Context().Done():
	}
}

// heldAnswer is a ResponseWriter that keeps the answer instead of sending it.
type heldAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (h *heldAnswer) Header() http.Header {
	if h.header == nil {
		h.header = http.Header{}
	}
	return h.header
}

func (h *heldAnswer) WriteHeader(status int) {
	if h.status == 0 {
		h.status = status
	}
}

func (h *heldAnswer) Write(b []byte) (int, error) {
	h.WriteHeader(http.StatusOK)
	return h.body.Write(b)
}

func (h *heldAnswer) sendTo(w http.ResponseWriter) {
	for name, values := range h.header {
		w.Header()[name] = values
	}
	w.WriteHeader(cmp.Or(h.status, http.StatusOK))
	_, _ = w.Write(h.body.Bytes()) // the client has gone; nothing left to tell it
}
