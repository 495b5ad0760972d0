package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// refServer is the reference API running in the bench process on a file
// store in a directory of its own, with its requests counted.
type refServer struct {
	URL      string
	OwnerKey string
	Store    *store.Store
	Requests *requestCounter

	cfg  apiserver.Config
	api  atomic.Pointer[http.Handler] // the API as configured last
	http *httptest.Server
}

// startServer opens a store in dir and serves the API on loopback. Its
// requests are counted, unless counter is nil.
func startServer(ctx context.Context, dir string, limits apiserver.RateLimits, counter *requestCounter) (*refServer, error) {
	st, err := store.Open(ctx, filepath.Join(dir, "statushub.db"))
	if err != nil {
		return nil, err
	}
	ownerKey, _, err := apiserver.Bootstrap(ctx, st)
	if err != nil {
		_ = st.Close()
		return nil, fmt.Errorf("bootstrapping the store: %w", err)
	}
	s := &refServer{OwnerKey: ownerKey, Store: st, Requests: counter, cfg: apiserver.Config{Store: st}}
	if counter != nil {
		s.cfg.Logger = slog.New(counter)
	}
	s.SetRateLimits(limits)
	s.http = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		(*s.api.Load()).ServeHTTP(w, r)
	}))
	s.URL = s.http.URL
	return s, nil
}

// SetRateLimits serves the same store, at the same address, with new rate
// limits from the next request on, so that one working directory and its
// state can be planned with and without them. The new limiter starts with
// full buckets.
func (s *refServer) SetRateLimits(limits apiserver.RateLimits) {
	cfg := s.cfg
	cfg.RateLimits = limits
	api := apiserver.New(cfg)
	s.api.Store(&api)
}

func (s *refServer) Close() {
	s.http.Close()
	_ = s.Store.Close()
}

// route is a request as the server's log line names it: method and route
// pattern, such as "POST /api/v3/hubs", and the answer's status.
type route struct {
	Pattern string
	Status  int
}

// requestCounter counts requests by route, and sums the time the server
// took to answer them. It is the server's slog.Handler: the server logs one
// "request" line per request, with the method, the route pattern the mux
// matched, the status and the time from the request's arrival to the end of
// its answer, so counting needs no change to the server.
type requestCounter struct {
	mu       sync.Mutex
	counts   map[route]int
	handling time.Duration
}

func newRequestCounter() *requestCounter {
	return &requestCounter{counts: map[route]int{}}
}

// Take returns the requests since the last Take and starts again from zero.
func (c *requestCounter) Take() tally {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := tallyOf(c.counts)
	t.Handling = c.handling
	clear(c.counts)
	c.handling = 0
	return t
}

func (c *requestCounter) Enabled(context.Context, slog.Level) bool { return true }

func (c *requestCounter) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "request" {
		return nil
	}
	var method, pattern string
	var status int
	var took time.Duration
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "method":
			method = a.Value.String()
		case "route":
			pattern = a.Value.String()
		case "status":
			status = int(a.Value.Int64())
		case "duration":
			took = a.Value.Duration()
		}
		return true
	})
	// The mux's pattern already starts with the method; unmatched requests
	// have none.
	if pattern == "" {
		pattern = method + " (no route)"
	}
	c.mu.Lock()
	c.counts[route{Pattern: pattern, Status: status}]++
	c.handling += took
	c.mu.Unlock()
	return nil
}

func (c *requestCounter) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c *requestCounter) WithGroup(string) slog.Handler      { return c }

// tally sums counts into what the budgets speak of.
type tally struct {
	Reads, Writes int // answered 2xx or 404 (a refresh of a deleted object)
	Throttled     int // 429
	Failed        int // any other status: 5xx, 4xx
	ByRoute       map[string]int
	Handling      time.Duration // the server's time in them, summed over requests
}

// total is every request, whatever its answer.
func (t tally) total() int { return t.Reads + t.Writes + t.Throttled + t.Failed }

func tallyOf(counts map[route]int) tally {
	t := tally{ByRoute: map[string]int{}}
	for r, n := range counts {
		t.ByRoute[r.Pattern] += n
		switch {
		case r.Status == http.StatusTooManyRequests:
			t.Throttled += n
		case r.Status >= 300 && r.Status != http.StatusNotFound:
			t.Failed += n
		case isRead(r.Pattern):
			t.Reads += n
		default:
			t.Writes += n
		}
	}
	return t
}

func isRead(pattern string) bool {
	method, _, _ := strings.Cut(pattern, " ")
	return method == http.MethodGet || method == http.MethodHead
}

// seedHubs adds hubs with perHub components each to the account of
// ownerKey, directly through the store, and returns the hubs' ids.
func seedHubs(ctx context.Context, st *store.Store, ownerKey string, hubs, perHub int) ([]string, error) {
	var ids []string
	err := st.Update(ctx, func(tx *store.Tx) error {
		owner, err := tx.KeyByHash(apikey.Hash(ownerKey))
		if err != nil {
			return err
		}
		for h := range hubs {
			hub, err := tx.CreateHub(owner.AccountID, api.HubCreate{Name: fmt.Sprintf("Hub %d", h), Subdomain: fmt.Sprintf("seed-%d", h)})
			if err != nil {
				return err
			}
			ids = append(ids, hub.ID)
			for c := range perHub {
				// A given position spares the store a search for the next one.
				position := int64(c)
				_, err := tx.CreateComponent(owner.AccountID, hub.ID, api.ComponentCreate{Name: fmt.Sprintf("Component %d", c), Position: &position})
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
	return ids, err
}
