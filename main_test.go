package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestProviderLeavesOutTheReferenceAPI keeps the provider's binary to the
// provider: the reference API, its store and SQLite are statushub-server's.
func TestProviderLeavesOutTheReferenceAPI(t *testing.T) {
	t.Parallel()

	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH, and it lists the provider's dependencies")
	}
	out, err := exec.Command(goCmd, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps .: %v", err)
	}
	deps := strings.Fields(string(out))

	const module = "github.com/statushub-community/terraform-provider-statushub"
	if !slices.Contains(deps, module+"/internal/provider") {
		t.Fatalf("go list -deps . does not list internal/provider: is this the provider's package?\n%s", out)
	}
	for _, pkg := range []string{
		module + "/internal/apiserver",
		module + "/internal/store",
		module + "/internal/cli",
		"modernc.org/sqlite",
	} {
		if slices.Contains(deps, pkg) {
			t.Errorf("the provider's binary depends on %s, which belongs to cmd/statushub-server: "+
				"`go list -deps -f '{{.ImportPath}}: {{.Imports}}' .` shows which package imports it", pkg)
		}
	}
}
