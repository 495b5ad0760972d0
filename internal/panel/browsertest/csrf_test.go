package browsertest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCSRF: a form sent with the session's cookie but without its CSRF
// token, or with another session's, is refused and changes nothing; so is
// a sign-in form without the token of its page.
func TestCSRF(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	owner := e.person("owner")
	owner.mustSignIn(e.owner)
	other := e.person("owner elsewhere")
	other.mustSignIn(e.owner)

	tokens := []struct {
		name  string
		token string
	}{
		{name: "no token"},
		{name: "another session's token", token: other.csrfToken()},
	}
	for _, tc := range tokens {
		form := url.Values{"member_id": {e.ownerID}, "name": {"forged"}}
		if tc.token != "" {
			form.Set("csrf_token", tc.token)
		}
		status, page := owner.forge("/api-keys", form)
		if status != http.StatusForbidden || !strings.Contains(page, "CSRF token") {
			t.Errorf("creating a key with %s: status %d, want 403 naming the CSRF token", tc.name, status)
		}
	}
	if _, found := e.findKey(e.ownerID, "forged"); found {
		t.Error("a forged form created a key")
	}

	visitor := e.person("visitor")
	visitor.open("/sign-in")
	if status, page := visitor.forge("/sign-in", url.Values{"api_key": {e.owner}}); status != http.StatusForbidden || !strings.Contains(page, "CSRF token") {
		t.Errorf("signing in without the form's token: status %d, want 403 naming the CSRF token", status)
	}
}
