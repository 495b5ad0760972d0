package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// TestNarrowWindow: every page reads in the window of a phone, without
// scrolling sideways.
func TestNarrowWindow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	hub := e.createHub("Production status")
	e.createComponent(hub.ID, "Public website and API gateway")
	member := e.createMember("a.rather.long.address@subsidiary.example.com", "Someone", map[string]string{hub.ID: "editor"})
	manager := "manager"
	key := e.createKey(member.ID, api.APIKeyCreate{Name: "terraform-ci-production", LimitRole: &manager})

	phone := e.person("phone")
	run(phone, "narrowing the window", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	phone.mustSignIn(e.owner)
	for _, path := range []string{"/hubs", "/team", "/api-keys", keyPath(key), "/audit"} {
		phone.open(path)
		widths := run(phone, "measuring the page", chromedp.Evaluate[[2]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
		if widths[0] > widths[1] {
			t.Errorf("%s is %d pixels wide in a window %d pixels wide", path, widths[0], widths[1])
		}
	}
}
