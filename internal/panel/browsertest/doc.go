// Package browsertest drives the Control Panel of the reference server in a
// headless Chromium, as a person would: it signs in with a key, fills in and
// submits the forms, reads the tables, and checks that every control has a
// label and that no page shows a secret it should not.
//
// The package holds tests only. They run when STATUSHUB_BROWSER names a
// Chromium binary, as `make test-browser` does with the one that
// `scripts/tools.sh chromium` finds or installs; without it they skip, so
// that `go test ./...` needs no browser. The tests share one Chromium, each
// in browser contexts of its own (their own cookies), and each against a
// reference server of its own on a TCP port of 127.0.0.1.
//
// Each test writes a screenshot of every page it loads into its artifacts
// folder: $STATUSHUB_ARTIFACTS/<test name>, or artifacts/browser/<test name>
// at the root of the repository, which Git ignores.
package browsertest
