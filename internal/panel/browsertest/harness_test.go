package browsertest

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver/apiservertest"
	"github.com/statushub-community/terraform-provider-statushub/internal/clocktest"
	"github.com/statushub-community/terraform-provider-statushub/internal/logtest"
	"github.com/statushub-community/terraform-provider-statushub/internal/panel"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// artifactsEnv names the folder for the tests' screenshots.
const artifactsEnv = "STATUSHUB_ARTIFACTS"

// env is a reference server of the test's own, served as `statushub-server
// serve` serves it, on a TCP port of 127.0.0.1, with a clock that moves
// only when the test says so.
type env struct {
	t         *testing.T
	url       string
	clock     *clocktest.Clock
	owner     string // the bootstrap owner key's secret
	ownerID   string
	sweep     *sweep
	artifacts string

	mu    sync.Mutex
	shots int // screenshots taken, to number them
}

// newEnv starts the server, and checks the secret sweep when the test ends.
func newEnv(t *testing.T) *env {
	t.Helper()
	requireBrowser(t)
	clock := clocktest.New(time.Now().UTC().Truncate(time.Second))
	st, owner := apiservertest.Open(t, ":memory:", store.WithClock(clock.Now))

	logs := &logtest.Buffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rec := &recorder{next: serverHandler(st, logger)}
	srv := httptest.NewUnstartedServer(rec)
	srv.Config = apiserver.NewHTTPServer(rec, logger)
	srv.Start()

	e := &env{t: t, url: srv.URL, clock: clock, owner: owner, sweep: newSweep(), artifacts: artifactsDir(t)}
	e.sweep.issued(owner)
	// Cleanups run last first: the sweep runs once the server has stopped.
	t.Cleanup(func() { e.sweep.check(t, rec.all(), logs.Bytes()) })
	t.Cleanup(srv.Close)

	var me api.Me
	e.api(owner, http.MethodGet, "/me", nil, http.StatusOK, &me)
	e.ownerID = me.Member.ID
	return e
}

// serverHandler is what `statushub-server serve` serves: the API and the
// Control Panel. Rate limits are off, as in the API's own tests.
func serverHandler(st *store.Store, logger *slog.Logger) http.Handler {
	return apiserver.New(apiserver.Config{
		Store: st, Logger: logger, RateLimits: apiserver.RateLimits{Disabled: true}, Pages: panel.New,
	})
}

// artifactsDir returns the test's artifacts folder, emptied.
func artifactsDir(t *testing.T) string {
	t.Helper()
	base := os.Getenv(artifactsEnv)
	if base == "" {
		base = filepath.Join(repositoryRoot(t), "artifacts", "browser")
	}
	dir := filepath.Join(base, strings.ReplaceAll(t.Name(), "/", "_"))
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// repositoryRoot is the folder of go.mod, above the test's.
func repositoryRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod above the test's folder: set %s", artifactsEnv)
		}
		dir = parent
	}
}

// nextShot returns the path of the test's next screenshot: numbered, so
// that the folder lists them in the order they were taken.
func (e *env) nextShot(name string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.shots++
	return filepath.Join(e.artifacts, fmt.Sprintf("%02d-%s.png", e.shots, slug(name)))
}

var notInSlug = regexp.MustCompile(`[^a-z0-9]+`)

func slug(s string) string {
	return strings.Trim(notInSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
}
