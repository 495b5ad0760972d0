package browsertest

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// browserEnv names the Chromium binary that the tests drive.
const browserEnv = "STATUSHUB_BROWSER"

// browser is the context of the one Chromium that every test of the
// package shares; nil when browserEnv is not set.
var browser context.Context

func TestMain(m *testing.M) {
	os.Exit(runWithBrowser(m))
}

// runWithBrowser starts Chromium when browserEnv names one, runs the tests
// and stops it.
func runWithBrowser(m *testing.M) int {
	path := os.Getenv(browserEnv)
	if path == "" {
		return m.Run() // every test skips, saying why
	}
	profile, err := os.MkdirTemp("", "statushub-chromium-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(profile)

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromiumOptions(path, profile)...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "starting Chromium %s (%s): %v\n", path, browserEnv, err)
		return 1
	}
	browser = ctx
	return m.Run()
}

// chromiumOptions start a headless Chromium that needs no sandbox, GPU or
// network beyond loopback, on a fresh profile.
func chromiumOptions(path, profile string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	}
}

// requireBrowser skips a test when no Chromium was started.
func requireBrowser(t *testing.T) {
	t.Helper()
	if browser == nil {
		t.Skipf("a browser test: set %s to the path of a Chromium, as `make test-browser` does", browserEnv)
	}
}

// newTab opens a tab in a browser context of its own: it shares no cookie
// with any other tab, so each is a person of its own.
func newTab(t *testing.T) context.Context {
	t.Helper()
	requireBrowser(t)
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return ctx
}
