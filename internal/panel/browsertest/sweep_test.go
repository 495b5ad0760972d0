package browsertest

import (
	"bytes"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
)

// The secret sweep. The test server records every answer it gives
// (recorder); when the test ends, sweep checks that no page, URL, header
// or log line holds a secret, except the one page that shows a new secret
// once, right after a key is created or reset, on which the test read it
// (sweep.shownOnce).

// secretShape finds anything shaped like an API key secret (see package
// apikey), so that a secret the test never heard of is found too.
var secretShape = regexp.MustCompile(apikey.Scheme + `[a-z2-7]{46}`)

// exchange is what the recorder keeps of one answer.
type exchange struct {
	method string
	url    string // path and query
	header http.Header
	body   []byte
}

func (x exchange) isPage() bool {
	return strings.HasPrefix(x.header.Get("Content-Type"), "text/html")
}

func (x exchange) String() string { return x.method + " " + x.url }

// recorder is the server's handler, keeping a copy of every answer.
type recorder struct {
	next http.Handler

	mu        sync.Mutex
	exchanges []exchange
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cw := &capturingWriter{ResponseWriter: w}
	rec.next.ServeHTTP(cw, r)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.exchanges = append(rec.exchanges, exchange{
		method: r.Method,
		url:    r.URL.RequestURI(),
		header: w.Header().Clone(),
		body:   cw.body.Bytes(),
	})
}

func (rec *recorder) all() []exchange {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return slices.Clone(rec.exchanges)
}

// capturingWriter copies the body it writes. Unwrap keeps the server's
// http.ResponseController working through it.
type capturingWriter struct {
	http.ResponseWriter
	body bytes.Buffer
}

func (w *capturingWriter) Write(b []byte) (int, error) {
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

func (w *capturingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// sweep knows the secrets of a test and which of them a page showed once.
type sweep struct {
	mu      sync.Mutex
	secrets map[string]bool // secret → shown once
}

func newSweep() *sweep { return &sweep{secrets: map[string]bool{}} }

// issued adds a secret that the test got other than from a page: the
// bootstrap owner key, a key made through the API.
func (s *sweep) issued(secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.secrets[secret]; !ok {
		s.secrets[secret] = false
	}
}

// shownOnce adds a secret that the test read on the page that shows it
// once: that page, and no other, may hold it.
func (s *sweep) shownOnce(secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secrets[secret] = true
}

// check reports every leak in what the server answered and logged.
// Anything secret-shaped in an answer counts as issued: the JSON of a key
// made through the API, or a secret that a page shows and the test never
// read, which may then be on no page.
func (s *sweep) check(t *testing.T, exchanges []exchange, log []byte) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, x := range exchanges {
		for _, found := range secretShape.FindAllString(string(x.body), -1) {
			if _, ok := s.secrets[found]; !ok {
				s.secrets[found] = false
			}
		}
	}

	pages := map[string][]string{} // secret → the pages that hold it
	for _, x := range exchanges {
		if leaks := s.secretsIn(x.url); len(leaks) > 0 {
			t.Errorf("the URL of %s holds %d secret(s)", x, len(leaks))
		}
		for name, values := range x.header {
			if leaks := s.secretsIn(strings.Join(values, "\n")); len(leaks) > 0 {
				t.Errorf("the %s header of the answer to %s holds %d secret(s)", name, x, len(leaks))
			}
		}
		if !x.isPage() {
			continue
		}
		for _, secret := range s.secretsIn(string(x.body)) {
			pages[secret] = append(pages[secret], x.String())
		}
	}
	for secret, shown := range s.secrets {
		switch held := pages[secret]; {
		case !shown && len(held) > 0:
			t.Errorf("the secret of the key %s is on pages that should not show it: %s", apikey.Prefix(secret), strings.Join(held, ", "))
		case shown && len(held) != 1:
			t.Errorf("the secret of the key %s is on %d pages, not on the one that shows it once: %s", apikey.Prefix(secret), len(held), strings.Join(held, ", "))
		}
	}
	if leaks := s.secretsIn(string(log)); len(leaks) > 0 {
		t.Errorf("the server's log holds %d secret(s)", len(leaks))
	}
}

// secretsIn returns the known secrets that text holds, whole or without
// their scheme.
func (s *sweep) secretsIn(text string) []string {
	var found []string
	for secret := range s.secrets {
		if strings.Contains(text, strings.TrimPrefix(secret, apikey.Scheme)) {
			found = append(found, secret)
		}
	}
	return found
}
