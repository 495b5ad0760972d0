package browsertest

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// What a person does in the Control Panel, by the URLs, form fields and
// element ids of internal/panel/README.md.

// sessionCookie is the panel's session cookie.
const sessionCookie = "statushub_session"

// signIn signs in with a key and returns the status of the page it lands
// on: 200 for the hubs page, 401 with #error for a key refused.
func (p *person) signIn(secret string) int {
	p.e.t.Helper()
	p.open("/sign-in")
	return p.submit("#sign-in-form", map[string]string{"api_key": secret})
}

// mustSignIn signs in with a key that works, and checks the session's
// cookie.
func (p *person) mustSignIn(secret string) {
	p.e.t.Helper()
	if status := p.signIn(secret); status != http.StatusOK {
		p.e.t.Fatalf("%s: signing in: status %d: %s", p.name, status, p.errorText())
	}
	cookies := p.cookies("/")
	i := slices.IndexFunc(cookies, func(c *network.Cookie) bool { return c.Name == sessionCookie })
	if i < 0 {
		p.e.t.Fatalf("%s: signed in without a %s cookie", p.name, sessionCookie)
	}
	if c := cookies[i]; !c.HTTPOnly || c.SameSite != network.CookieSameSiteStrict {
		p.e.t.Errorf("%s: the session cookie is HttpOnly %v, SameSite %q: want HttpOnly, SameSite Strict", p.name, c.HTTPOnly, c.SameSite)
	}
}

// send submits a form that the server must take (an answer below 400).
func (p *person) send(form string, fields map[string]string) int {
	p.e.t.Helper()
	status := p.submit(form, fields)
	if status >= http.StatusBadRequest {
		p.e.t.Fatalf("%s: %s was refused: status %d: %s", p.name, form, status, p.errorText())
	}
	return status
}

// errorText is the page's refusal (#error), "" when it has none.
func (p *person) errorText() string {
	p.e.t.Helper()
	if p.count("#error") == 0 {
		return ""
	}
	return p.text("#error")
}

// controls are the forms of the page that would change something: every
// form that posts, but signing out.
func (p *person) controls() []string {
	p.e.t.Helper()
	return run(p, "listing the forms", chromedp.Evaluate[[]string](`Array.from(
		document.querySelectorAll('form[method="post"]:not([action="/sign-out"])'),
		form => form.getAttribute("action"))`))
}

// csrfToken is the CSRF token of the page's forms.
func (p *person) csrfToken() string {
	p.e.t.Helper()
	return p.value(`input[name="csrf_token"]`)
}

// options are the values of a select's options.
func (p *person) options(selector string) []string {
	p.e.t.Helper()
	js, err := json.Marshal(selector + " option")
	if err != nil {
		p.e.t.Fatal(err)
	}
	return run(p, "reading the options of "+selector, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll(`+string(js)+`), option => option.value)`))
}

// newSecret reads the secret that the page shows once, after a key is
// created or reset: the sweep allows it on this page only.
func (p *person) newSecret() string {
	p.e.t.Helper()
	secret := p.value("#new-secret")
	if secret == "" {
		p.e.t.Fatalf("%s: the page shows no new secret", p.name)
	}
	p.e.sweep.shownOnce(secret)
	return secret
}

// createKey creates a key with the form of the API keys page, which the
// person is on, for a member when the person is the owner, and returns its
// secret. The answer is the API keys page again, with the secret.
func (p *person) createKey(fields map[string]string) string {
	p.e.t.Helper()
	if status := p.send("#create-key", fields); status != http.StatusCreated {
		p.e.t.Fatalf("%s: creating the key %q: status %d, want 201", p.name, fields["name"], status)
	}
	return p.newSecret()
}

// keyPath is the path of a key's page.
func keyPath(k api.APIKey) string { return "/api-keys/" + k.MemberID + "/" + k.ID }
