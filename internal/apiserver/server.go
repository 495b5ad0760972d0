// Package apiserver is the reference StatusHub Management API v3: an
// http.Handler over the store that enforces the roles, key and audit rules
// of the product contract.
package apiserver

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// Config is what the server needs.
type Config struct {
	// Store holds the data; it is required. Its clock (store.WithClock) is
	// the server's too.
	Store *store.Store
	// Logger receives one line per request; nil discards them.
	Logger *slog.Logger
	// RateLimits are per calling key; a zero rate takes the default.
	RateLimits RateLimits
	// Faults fails requests on purpose, for testing clients; the zero
	// value injects none.
	Faults Faults
	// Pages, when set, makes the web pages served beside the API, at the
	// paths that are not the API's, from the Service the API runs on (see
	// internal/panel).
	Pages func(*Service) http.Handler
}

// RateLimits are token buckets per calling key, one for reads (GET and HEAD)
// and one for the other methods, each with a burst equal to its rate.
type RateLimits struct {
	Disabled       bool
	ReadPerSecond  float64
	WritePerSecond float64
}

// DefaultRateLimits are the limits StatusHub documents: 30 reads and 5
// writes a second per key.
func DefaultRateLimits() RateLimits {
	return RateLimits{ReadPerSecond: 30, WritePerSecond: 5}
}

// server holds the dependencies that every handler shares.
type server struct {
	store   *store.Store
	log     *slog.Logger
	now     func() time.Time // the store's clock
	limiter *limiter
	faults  *faultInjector // nil: none
	pages   http.Handler   // nil: none

	// What reads found, kept until the store changes (see readCache).
	callers *readCache[[32]byte, store.Caller] // by the hash of the secret
	answers *readCache[answerKey, answer]      // of view
}

// New returns the API as an http.Handler.
func New(cfg Config) http.Handler {
	s := &server{
		store: cfg.Store,
		log:   cfg.Logger,
		now:   cfg.Store.Now,
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.limiter = newLimiter(withDefaults(cfg.RateLimits), s.now)
	s.callers = newReadCache[[32]byte, store.Caller](maxCachedCallers)
	s.answers = newReadCache[answerKey, answer](maxCachedAnswerBytes)
	s.faults = newFaultInjector(cfg.Faults, s.now)
	if cfg.Pages != nil {
		s.pages = cfg.Pages(&Service{s: s})
	}

	mux := http.NewServeMux()
	s.addRoutes(mux)
	return s.logRequests(s.injectFaults(recoverPanics(limitBody(mux))))
}

func withDefaults(l RateLimits) RateLimits {
	d := DefaultRateLimits()
	if l.ReadPerSecond <= 0 {
		l.ReadPerSecond = d.ReadPerSecond
	}
	if l.WritePerSecond <= 0 {
		l.WritePerSecond = d.WritePerSecond
	}
	return l
}
