package client

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
)

// answer is one scripted answer of a scriptServer.
type answer struct {
	status     int
	body       string
	retryAfter string
	hangUp     bool // close the connection without answering
	stall      bool // never answer; wait for the client to give up
}

// received is a request as a scriptServer saw it.
type received struct {
	method string
	path   string
	query  string
	header http.Header
	body   string
}

// scriptServer gives its scripted answers in order, then repeats the last
// one, and records every request.
type scriptServer struct {
	URL string

	mu       sync.Mutex
	answers  []answer
	requests []received
}

func newScriptServer(t *testing.T, answers ...answer) *scriptServer {
	t.Helper()
	s := &scriptServer{answers: answers}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

func (s *scriptServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.requests = append(s.requests, received{
		method: r.Method, path: r.URL.EscapedPath(), query: r.URL.RawQuery, header: r.Header.Clone(), body: string(body),
	})
	a := s.answers[min(len(s.requests), len(s.answers))-1]
	s.mu.Unlock()

	switch {
	case a.hangUp:
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	case a.stall:
		<-r.Context().Done()
		return
	}
	if a.retryAfter != "" {
		w.Header().Set("Retry-After", a.retryAfter)
	}
	if a.body != "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(a.status)
	_, _ = io.WriteString(w, a.body)
}

func (s *scriptServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.requests...)
}

// testKey is a well-formed secret for the clients under test.
var testKey = mustGenerateKey()

func mustGenerateKey() string {
	k, err := apikey.Generate()
	if err != nil {
		panic(err)
	}
	return k
}

// newTestClient returns a Client of endpoint with millisecond waits, after
// edit (if any) has changed its Config.
func newTestClient(t *testing.T, endpoint string, edit func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		Endpoint:     endpoint,
		APIKey:       testKey,
		MaxRetries:   3,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 5 * time.Millisecond,
		MaxRetryTime: 5 * time.Second,
		UserAgent:    "client-test/1.0",
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}
