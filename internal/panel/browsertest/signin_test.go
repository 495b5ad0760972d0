package browsertest

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// TestSignInRefused: signing in with a malformed, mistyped, deleted or
// expired key fails with a message that says which, and an empty field.
func TestSignInRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	deleted := e.createKey(e.ownerID, api.APIKeyCreate{Name: "deleted"})
	e.api(e.owner, http.MethodDelete, "/members/"+e.ownerID+"/api-keys/"+deleted.ID, nil, http.StatusNoContent, nil)
	expiry := e.clock.Now().Add(30 * time.Minute)
	expiring := e.createKey(e.ownerID, api.APIKeyCreate{Name: "expiring", ExpiresAt: &expiry})

	visitor := e.person("visitor")
	refused := func(what, secret, message string) {
		t.Helper()
		status := visitor.signIn(secret)
		if got := visitor.errorText(); status != http.StatusUnauthorized || !strings.Contains(got, message) {
			t.Errorf("signing in with %s: status %d, %q: want 401 saying %q", what, status, got, message)
		}
		if typed := visitor.value("#api_key"); typed != "" {
			t.Errorf("signing in with %s: the refused form still holds the key", what)
		}
	}
	refused("a malformed key", "not-a-key", "malformed API key")
	refused("a mistyped key", mistype(e.owner), "checksum mismatch")
	refused("a deleted key", deleted.Secret, "it was deleted, reset or never issued")

	visitor.mustSignIn(expiring.Secret)
	e.clock.Advance(31 * time.Minute) // less than a session's idle time
	if status := visitor.open("/hubs"); status != http.StatusUnauthorized || !strings.Contains(visitor.errorText(), "expired") {
		t.Errorf("the session of a key that expired: status %d, %q: want 401 saying the key expired", status, visitor.errorText())
	}
	refused("an expired key", expiring.Secret, "the API key expired at")
}

// mistype changes the last character of a secret, as a typo would.
func mistype(secret string) string {
	last := "a"
	if strings.HasSuffix(secret, last) {
		last = "b"
	}
	return secret[:len(secret)-1] + last
}
