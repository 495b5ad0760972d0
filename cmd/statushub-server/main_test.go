package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
)

// runMainEnv, when set, makes the test binary run main instead of the tests,
// so that a test can run the command as a process: its arguments, output
// streams and exit code.
const runMainEnv = "STATUSHUB_SERVER_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) != "" {
		main()
	}
	os.Exit(m.Run())
}

func TestMainRunsTheCommands(t *testing.T) {
	t.Parallel()

	db := filepath.Join(t.TempDir(), "statushub.db")
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"no command", nil, 2, "", "Usage: statushub-server <command>"},
		{"serve help", []string{"serve", "-h"}, 0, "", "Usage: statushub-server serve [flags]"},
		{"accounts create", []string{"accounts", "create", "--db", db, "--name", "Acme", "--owner-email", "ops@example.com"}, 0, apikey.Scheme, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], tt.args...)
			cmd.Env = append(os.Environ(), runMainEnv+"=1")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			code := 0
			if err := cmd.Run(); err != nil {
				var exitErr *exec.ExitError
				if !errors.As(err, &exitErr) {
					t.Fatalf("running the command: %v", err)
				}
				code = exitErr.ExitCode()
			}
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.wantCode, &stderr)
			}
			if !strings.Contains(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout does not contain %q:\n%s", tt.wantStdout, &stdout)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.wantStderr, &stderr)
			}
		})
	}
}
