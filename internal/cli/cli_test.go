package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/logtest"
)

func TestRunCommandLineMistakes(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStderr string
	}{
		{"no command", nil, 2, "Usage: statushub-server <command>"},
		{"unknown command", []string{"migrate"}, 2, `unknown command "migrate"`},
		{"help", []string{"-h"}, 0, "serve "},
		{"serve help", []string{"serve", "-h"}, 0, "Usage: statushub-server serve [flags]"},
		{"serve unknown flag", []string{"serve", "--port", "80"}, 2, "flag provided but not defined: -port"},
		{"serve bad rate limit", []string{"serve", "--rate-limit", "maybe"}, 2, `--rate-limit must be on or off, not "maybe"`},
		{"serve bad read rate", []string{"serve", "--read-rate", "0.5"}, 2, "--read-rate must be at least 1"},
		{"serve bad write rate", []string{"serve", "--write-rate", "NaN"}, 2, "--write-rate must be at least 1"},
		{"serve rate not a number", []string{"serve", "--read-rate", "fast"}, 2, "-read-rate"},
		{"serve bad log format", []string{"serve", "--log-format", "xml"}, 2, `--log-format must be text or json, not "xml"`},
		{"serve bad log level", []string{"serve", "--log-level", "loud"}, 2, "-log-level"},
		{"serve bad faults", []string{"serve", "--faults", "rate=0.2,mix=5xx,teapot"}, 2, `-faults: mix: unknown fault "teapot"`},
		{"serve empty db", []string{"serve", "--db", ""}, 2, "--db must be :memory: or name a file"},
		{"serve positional argument", []string{"serve", "now"}, 2, `unexpected argument "now"`},
		{"accounts without command", []string{"accounts"}, 2, "accounts create --db FILE"},
		{"accounts help", []string{"accounts", "-h"}, 0, "accounts create --db FILE"},
		{"accounts unknown command", []string{"accounts", "delete"}, 2, `unknown command "delete"`},
		{"create help", []string{"accounts", "create", "-h"}, 0, "-owner-email email"},
		{"create without name", []string{"accounts", "create", "--owner-email", "a@example.com"}, 2, "--name is required"},
		{"create blank name", []string{"accounts", "create", "--name", " ", "--owner-email", "a@example.com"}, 2, "--name must not be empty"},
		{"create name with a line break", []string{"accounts", "create", "--name", "Acme\nInc", "--owner-email", "a@example.com"}, 2, "--name holds U+000A LINE FEED at character 5"},
		{"create without email", []string{"accounts", "create", "--name", "Acme"}, 2, "--owner-email is required"},
		{"create bad email", []string{"accounts", "create", "--name", "Acme", "--owner-email", "acme"}, 2, `--owner-email "acme" must be a plain email address`},
		{"create email with display name", []string{"accounts", "create", "--name", "Acme", "--owner-email", "Ops <ops@example.com>"}, 2, "--owner-email"},
		{"create in memory", []string{"accounts", "create", "--db", ":memory:", "--name", "Acme", "--owner-email", "a@example.com"}, 2, "--db :memory: would lose the account"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			if code := Run(t.Context(), tt.args, &stdout, &stderr); code != tt.wantCode {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.wantCode, &stderr)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.wantStderr, &stderr)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout is not empty:\n%s", &stdout)
			}
		})
	}
}

func TestParseServe(t *testing.T) {
	t.Parallel()

	defaults := serveConfig{
		listen:     "127.0.0.1:8080",
		db:         "statushub.db",
		rateLimits: apiserver.DefaultRateLimits(),
		logFormat:  "text",
		logLevel:   slog.LevelInfo,
	}
	tests := []struct {
		name string
		args []string
		want func(*serveConfig)
	}{
		{"defaults", nil, func(*serveConfig) {}},
		{
			"everything",
			[]string{
				"--listen", "127.0.0.1:0", "--db", ":memory:", "--rate-limit", "off", "--read-rate", "100",
				"--write-rate", "10", "--bootstrap-key-file", "key", "--log-format", "json", "--log-level", "debug",
				"--faults", "rate=0.2,seed=42,mix=5xx,429",
			},
			func(c *serveConfig) {
				c.listen, c.db, c.bootstrapKeyFile = "127.0.0.1:0", ":memory:", "key"
				c.rateLimits = apiserver.RateLimits{Disabled: true, ReadPerSecond: 100, WritePerSecond: 10}
				c.logFormat, c.logLevel = "json", slog.LevelDebug
				c.faults = apiserver.Faults{Rate: 0.2, Seed: 42, Kinds: []apiserver.FaultKind{apiserver.Fault5xx, apiserver.Fault429}}
			},
		},
		{"single dash", []string{"-rate-limit=on", "-log-level=warn"}, func(c *serveConfig) { c.logLevel = slog.LevelWarn }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want := defaults
			tt.want(&want)
			got, err := parseServe(tt.args, io.Discard)
			if err != nil {
				t.Fatalf("parseServe: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("parseServe(%q) = %+v, want %+v", tt.args, got, want)
			}
		})
	}
}

func TestServeInMemoryWithKeyFile(t *testing.T) {
	t.Parallel()

	keyFile := filepath.Join(t.TempDir(), "owner.key")
	srv := startServe(t, "--db", ":memory:", "--bootstrap-key-file", keyFile, "--log-format", "json", "--log-level", "debug")
	key := srv.key(t)

	fi, err := os.Stat(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	if b, _ := os.ReadFile(keyFile); string(b) != key {
		t.Errorf("the key file does not hold exactly the printed key")
	}

	srv.wantStatus(t, "GET", "/healthz", "", "", http.StatusOK)
	srv.wantStatus(t, "GET", "/api/v3/me", key, "", http.StatusOK)
	srv.wantStatus(t, "GET", "/api/v3/me", "", "", http.StatusUnauthorized)

	if code := srv.stop(); code != 0 {
		t.Fatalf("serve exited with %d, want 0; stderr:\n%s", code, srv.stderr)
	}
	logs := srv.stderr.String()
	if strings.Contains(logs, key) {
		t.Error("the logs contain the key")
	}
	for line := range strings.Lines(logs) {
		if !json.Valid([]byte(line)) {
			t.Errorf("log line is not JSON: %s", line)
		}
	}
	if strings.Count(srv.stdout.String(), key) != 1 {
		t.Errorf("stdout does not show the key exactly once:\n%s", srv.stdout)
	}
}

func TestServeKeepsDataAcrossRuns(t *testing.T) {
	t.Parallel()

	dir := t.TempDir()
	args := []string{"--db", filepath.Join(dir, "statushub.db"), "--bootstrap-key-file", filepath.Join(dir, "owner.key"), "--rate-limit", "off"}

	first := startServe(t, args...)
	key := first.key(t)
	body := first.wantStatus(t, "POST", "/api/v3/hubs", key, `{"name":"Status","subdomain":"status"}`, http.StatusCreated)
	var hub api.Hub
	if err := json.Unmarshal(body, &hub); err != nil {
		t.Fatalf("decoding the hub: %v", err)
	}
	if code := first.stop(); code != 0 {
		t.Fatalf("first run exited with %d; stderr:\n%s", code, first.stderr)
	}

	second := startServe(t, args...)
	second.wantStatus(t, "GET", "/api/v3/hubs/"+hub.ID, key, "", http.StatusOK)
	if code := second.stop(); code != 0 {
		t.Fatalf("second run exited with %d; stderr:\n%s", code, second.stderr)
	}
	if strings.Contains(second.stdout.String(), apikey.Scheme) {
		t.Errorf("the second run made a new key:\n%s", second.stdout)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "owner.key")); string(b) != key {
		t.Error("the second run changed the key file")
	}
}

func TestAccountsCreate(t *testing.T) {
	t.Parallel()

	db := filepath.Join(t.TempDir(), "statushub.db")
	var stdout, stderr bytes.Buffer
	code := Run(t.Context(), []string{"accounts", "create", "--db", db, "--name", "Acme", "--owner-email", "Ops@Example.com"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("accounts create exited with %d; stderr:\n%s", code, &stderr)
	}
	key := keyIn(t, stdout.String())

	// The store now holds an account, so serve makes no other.
	srv := startServe(t, "--db", db)
	if strings.Contains(srv.stdout.String(), apikey.Scheme) {
		t.Errorf("serve bootstrapped a store that holds an account:\n%s", srv.stdout)
	}
	var me api.Me
	if err := json.Unmarshal(srv.wantStatus(t, "GET", "/api/v3/me", key, "", http.StatusOK), &me); err != nil {
		t.Fatalf("decoding /me: %v", err)
	}
	if !strings.Contains(stdout.String(), `"Acme" (`+me.Account.ID+")") || me.Member.Email != "ops@example.com" || !me.Member.Owner {
		t.Errorf("/me = account %s, member %q (owner %v); want the account printed, ops@example.com, owner\n%s",
			me.Account.ID, me.Member.Email, me.Member.Owner, &stdout)
	}
}

func TestAccountsCreateFailure(t *testing.T) {
	t.Parallel()

	db := filepath.Join(t.TempDir(), "missing", "statushub.db")
	var stdout, stderr bytes.Buffer
	code := Run(t.Context(), []string{"accounts", "create", "--db", db, "--name", "Acme", "--owner-email", "ops@example.com"}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "opening the store") {
		t.Errorf("stderr does not say what failed:\n%s", &stderr)
	}
}

func TestServeRefusesReadableKeyFile(t *testing.T) {
	t.Parallel()

	keyFile := filepath.Join(t.TempDir(), "owner.key")
	if err := os.WriteFile(keyFile, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := Run(t.Context(), []string{"serve", "--listen", "127.0.0.1:0", "--db", ":memory:", "--bootstrap-key-file", keyFile}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "--bootstrap-key-file: refusing to write the key") {
		t.Errorf("stderr does not name the problem:\n%s", &stderr)
	}
	if strings.Contains(stdout.String(), apikey.Scheme) {
		t.Errorf("a key was made although it had nowhere to go:\n%s", &stdout)
	}
}

func TestWriteKeyFile(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name     string
		existing *os.FileMode // nil: no file yet
		wantErr  string
	}{
		{name: "new file"},
		{name: "private file", existing: new(os.FileMode(0o600))},
		{name: "group-readable file", existing: new(os.FileMode(0o640)), wantErr: "lets other users read it"},
		{name: "world-readable file", existing: new(os.FileMode(0o604)), wantErr: "lets other users read it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "key")
			if tt.existing != nil {
				if err := os.WriteFile(path, []byte("an older and longer key"), *tt.existing); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, *tt.existing); err != nil { // WriteFile's mode is subject to the umask
					t.Fatal(err)
				}
			}
			err := checkKeyFile(path)
			if err == nil {
				err = writeKeyFile(path, "shk_secret")
			}
			got, _ := os.ReadFile(path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				if string(got) != "an older and longer key" {
					t.Errorf("the refused file was changed to %q", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != "shk_secret" {
				t.Errorf("file holds %q, want the key alone", got)
			}
			if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
				t.Errorf("mode %v, want 0600", fi.Mode().Perm())
			}
		})
	}
}

func TestWriteKeyFileRefusesDirectory(t *testing.T) {
	t.Parallel()

	dir := t.TempDir()
	if err := checkKeyFile(dir); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("checkKeyFile(dir) = %v, want a 'not a regular file' error", err)
	}
}

// runningServer is `serve` running in this process.
type runningServer struct {
	url    string
	stdout *logtest.Buffer
	stderr *logtest.Buffer
	stop   func() int // cancels the command and returns its exit code, once
}

func startServe(t *testing.T, args ...string) *runningServer {
	t.Helper()

	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	s := &runningServer{stdout: new(logtest.Buffer), stderr: new(logtest.Buffer)}
	exited := make(chan int, 1)
	go func() {
		exited <- Run(ctx, append([]string{"serve", "--listen", "127.0.0.1:0"}, args...), stdoutW, s.stderr)
		stdoutW.Close()
	}()

	urls := make(chan string, 1)
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		lines := bufio.NewScanner(stdoutR)
		for lines.Scan() {
			fmt.Fprintln(s.stdout, lines.Text())
			if url, ok := strings.CutPrefix(lines.Text(), "statushub: serving on "); ok {
				urls <- url
			}
		}
	}()

	code := -1
	s.stop = sync.OnceValue(func() int {
		cancel()
		if code == -1 {
			code = <-exited
		}
		<-drained
		return code
	})
	t.Cleanup(func() { s.stop() })

	select {
	case s.url = <-urls:
	case code = <-exited:
		t.Fatalf("serve exited with %d before serving; stderr:\n%s", code, s.stderr)
	case <-time.After(10 * time.Second):
		t.Fatalf("serve did not print its address in time; stderr:\n%s", s.stderr)
	}
	return s
}

// key returns the bootstrap key that serve printed.
func (s *runningServer) key(t *testing.T) string {
	t.Helper()
	return keyIn(t, s.stdout.String())
}

// wantStatus sends a request, fails the test unless it gets want, and returns the body.
func (s *runningServer) wantStatus(t *testing.T, method, path, key, body string, want int) []byte {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, s.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d; body: %s", method, path, resp.StatusCode, want, got)
	}
	return got
}

// keyIn returns the one API key in a command's output.
func keyIn(t *testing.T, out string) string {
	t.Helper()
	for line := range strings.Lines(out) {
		if key := strings.TrimSpace(line); strings.HasPrefix(key, apikey.Scheme) {
			if err := apikey.Validate(key); err != nil {
				t.Fatalf("the printed key is malformed: %v", err)
			}
			return key
		}
	}
	t.Fatalf("no API key in the output:\n%s", out)
	return ""
}
