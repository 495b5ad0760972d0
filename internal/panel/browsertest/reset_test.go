package browsertest

import (
	"net/http"
	"strings"
	"testing"
)

// TestResetKey: a reset shows the new secret once; the old secret stops
// working in the API at once, and so does a session signed in with it.
func TestResetKey(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	owner := e.person("owner")
	owner.mustSignIn(e.owner)
	owner.open("/api-keys")
	oldSecret := owner.createKey(map[string]string{"member_id": e.ownerID, "name": "ci"})
	key := e.key(e.ownerID, "ci")
	ci := e.person("ci")
	ci.mustSignIn(oldSecret)

	owner.open(keyPath(key))
	owner.click("#reset-key")
	if got := owner.text("#confirm-question"); !strings.Contains(got, "the old secret stops working at once") {
		t.Errorf("the reset asks %q: it should say that the old secret stops working at once", got)
	}
	owner.send("#confirm-form", nil)
	newSecret := owner.newSecret()
	if newSecret == oldSecret {
		t.Fatal("the reset showed the old secret")
	}
	if status := e.apiStatus(oldSecret, http.MethodGet, "/me"); status != http.StatusUnauthorized {
		t.Errorf("the API answers the old secret with status %d, want 401", status)
	}
	if status := e.apiStatus(newSecret, http.MethodGet, "/me"); status != http.StatusOK {
		t.Errorf("the API answers the new secret with status %d, want 200", status)
	}

	if status := ci.open("/hubs"); status != http.StatusUnauthorized || !strings.Contains(ci.errorText(), "session ended") {
		t.Errorf("the session of the old secret, after the reset: status %d, %q: want 401, the session ended", status, ci.errorText())
	}
	owner.open(keyPath(key))
	if owner.count("#new-secret") > 0 {
		t.Error("the key's page shows a secret again after the reset")
	}
}
