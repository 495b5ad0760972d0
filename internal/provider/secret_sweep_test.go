package provider

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
)

// The secret sweep. Every test server records each key secret it gives out
// (recordSecrets). When the test ends, its server's log and database files
// must not hold any of them (testServer.sweep); when the whole acceptance
// run ends, neither may the TRACE log of Terraform and the provider, which
// holds the provider's diagnostics too (TestMain).

// secretInText finds API key secrets in any text (see package apikey).
var secretInText = regexp.MustCompile(`shk_[a-z2-7]{46}`)

// issuedSecrets are the secrets that every test server of this run gave out.
var issuedSecrets = newSecretSet()

// secretSet maps each secret to the test it was given out in.
type secretSet struct {
	mu    sync.Mutex
	tests map[string]string
}

func newSecretSet() *secretSet {
	return &secretSet{tests: map[string]string{}}
}

func (s *secretSet) add(secret, test string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tests[secret] = test
}

func (s *secretSet) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.tests)
}

// sweepChunk is how much of a log leaksIn reads at a time; a chunk may end
// with at most secretTail bytes of a secret, which the next chunk repeats.
const (
	sweepChunk = 1 << 20
	secretTail = len("shk_") + 46 - 1
)

// leaksIn returns the tests whose secrets r holds. It reads r in chunks
// that overlap by less than a secret, so that a log of any size fits.
func (s *secretSet) leaksIn(r io.Reader) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var leaked []string
	buf := make([]byte, 0, sweepChunk)
	for {
		n, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		for _, found := range secretInText.FindAll(buf, -1) {
			if test, ok := s.tests[string(found)]; ok && !slices.Contains(leaked, test) {
				leaked = append(leaked, test)
			}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return leaked, nil
		}
		if err != nil {
			return nil, err
		}
		// Keep the tail that may hold the start of a secret.
		buf = buf[:copy(buf, buf[len(buf)-secretTail:])]
	}
}

// checkAbsent fails t when what holds one of the secrets.
func (s *secretSet) checkAbsent(t *testing.T, what string, r io.Reader) {
	t.Helper()
	leaked, err := s.leaksIn(r)
	if err != nil {
		t.Errorf("sweeping %s for secrets: %v", what, err)
	}
	for _, test := range leaked {
		t.Errorf("a key secret given out in %s is in %s", test, what)
	}
}

// checkFilesAbsent fails t when a file in dir holds one of the secrets.
func (s *secretSet) checkFilesAbsent(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Errorf("listing %s: %v", dir, err)
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("reading %s: %v", path, err)
			continue
		}
		s.checkAbsent(t, path, bytes.NewReader(b))
	}
}

// recordSecrets passes every secret in next's answers to record.
func recordSecrets(next http.Handler, record func(secret string)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&secretRecorder{ResponseWriter: w, record: record}, r)
	})
}

type secretRecorder struct {
	http.ResponseWriter
	record func(string)
}

func (w *secretRecorder) Write(b []byte) (int, error) {
	for _, secret := range secretInText.FindAll(b, -1) {
		w.record(string(secret))
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets the server hijack the connection under the recorder.
func (w *secretRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// TestMain sweeps the TRACE log of an acceptance run. Unless a log path is
// given already, Terraform and the provider under test log at TRACE into a
// file of the run's own, which goes once swept clean.
//
// The acceptance tests run the provider under its own namespace, as the
// examples name it, on Terraform and OpenTofu alike, unless told otherwise.
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC_PROVIDER_NAMESPACE") == "" {
		os.Setenv("TF_ACC_PROVIDER_NAMESPACE", Namespace)
	}
	if os.Getenv("TF_ACC") == "" || os.Getenv("TF_LOG_PATH_MASK") != "" {
		os.Exit(m.Run())
	}
	logPath, ownDir := os.Getenv("TF_ACC_LOG_PATH"), ""
	if logPath == "" {
		dir, err := os.MkdirTemp("", "statushub-acc-log")
		if err != nil {
			fmt.Fprintln(os.Stderr, "creating the directory of the trace log:", err)
			os.Exit(1)
		}
		ownDir, logPath = dir, filepath.Join(dir, "trace.log")
		os.Setenv("TF_ACC_LOG_PATH", logPath)
	}
	code := m.Run()
	if err := sweepTraceLog(logPath); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: secret sweep:", err)
		os.Exit(1) // the log stays, to be looked at
	}
	if ownDir != "" {
		os.RemoveAll(ownDir)
	}
	os.Exit(code)
}

// sweepTraceLog fails when the log holds a secret that a test server gave
// out, or when it is empty although secrets were given out: an empty log
// would prove nothing.
func sweepTraceLog(path string) error {
	if issuedSecrets.len() == 0 {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("opening the trace log: %w", err)
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || info.Size() == 0 {
		return fmt.Errorf("the trace log %s is empty or unreadable (%v), so it proves nothing", path, err)
	}
	leaked, err := issuedSecrets.leaksIn(f)
	if err != nil {
		return fmt.Errorf("reading the trace log: %w", err)
	}
	if len(leaked) > 0 {
		return fmt.Errorf("the trace log %s holds key secrets given out in %v", path, leaked)
	}
	fmt.Fprintf(os.Stderr, "secret sweep: none of the %d key secrets given out is in the trace log\n", issuedSecrets.len())
	return nil
}

// TestSecretSetLeaksIn finds a secret wherever it falls against the chunks
// that leaksIn reads, and only the secrets that were given out.
func TestSecretSetLeaksIn(t *testing.T) {
	t.Parallel()
	issued, errIssued := apikey.Generate()
	other, errOther := apikey.Generate()
	if err := errors.Join(errIssued, errOther); err != nil {
		t.Fatal(err)
	}
	set := newSecretSet()
	set.add(issued, "TestIssuer")

	for _, at := range []int{0, sweepChunk - len(issued), sweepChunk - 20, sweepChunk, 2*sweepChunk - secretTail} {
		log := strings.Repeat("x", at) + issued + strings.Repeat("y", 100)
		leaked, err := set.leaksIn(strings.NewReader(log))
		if err != nil || !slices.Equal(leaked, []string{"TestIssuer"}) {
			t.Errorf("a secret at %d: leaksIn = %v, %v; want [TestIssuer]", at, leaked, err)
		}
	}
	clean := strings.Repeat("z", sweepChunk-10) + other + issued[:len(issued)-1]
	if leaked, err := set.leaksIn(strings.NewReader(clean)); err != nil || len(leaked) != 0 {
		t.Errorf("a log without the issued secret: leaksIn = %v, %v; want none", leaked, err)
	}
}
