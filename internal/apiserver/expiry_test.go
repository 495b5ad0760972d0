package apiserver_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/clocktest"
)

var expiryStart = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)

// newClockedEnv is a test env whose store and server take the time from clk.
func newClockedEnv(t *testing.T) (*testEnv, *clocktest.Clock) {
	t.Helper()
	clk := clocktest.New(expiryStart)
	return newTestEnvWith(t, envOptions{limits: apiserver.RateLimits{Disabled: true}, now: clk.Now}), clk
}

// createExpiringKey makes a key for a member that expires at expiresAt.
func (e *testEnv) createExpiringKey(t *testing.T, memberID string, expiresAt time.Time) api.APIKey {
	t.Helper()
	return fetch[api.APIKey](t, e, e.owner, "POST", "/members/"+memberID+"/api-keys",
		api.APIKeyCreate{Name: e.name("expiring"), ExpiresAt: &expiresAt}, created)
}

func TestExpiresAtMustLieInTheFuture(t *testing.T) {
	t.Parallel()
	e, _ := newClockedEnv(t)
	for name, at := range map[string]time.Time{
		"past": expiryStart.Add(-time.Second),
		"now":  expiryStart,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := e.do(t, e.owner, "POST", "/members/"+e.ownerID+"/api-keys", api.APIKeyCreate{Name: "k", ExpiresAt: &at}, http.StatusBadRequest)
			got := r.apiError(t)
			if got.Code != api.CodeInvalidField || got.Field != "expires_at" || !strings.Contains(got.Message, "expires_at must lie in the future") {
				t.Errorf("refusal %+v, want invalid_field naming expires_at", got)
			}
		})
	}
	t.Run("malformed", func(t *testing.T) {
		t.Parallel()
		r := e.do(t, e.owner, "POST", "/members/"+e.ownerID+"/api-keys", `{"name": "k", "expires_at": "tomorrow"}`, http.StatusBadRequest)
		if got := r.apiError(t); got.Field != "expires_at" {
			t.Errorf("refusal %+v, want one naming expires_at", got)
		}
	})
}

// TestExpiredKeyIsRefused: from its expires_at on, a key's secret answers
// 401 key_expired, saying when, while the key stays readable, marked
// expired.
func TestExpiredKeyIsRefused(t *testing.T) {
	t.Parallel()
	e, clk := newClockedEnv(t)
	m := e.createMember(t, nil)
	// Sooner than a minute: the owner's requests after it do not record a
	// use, so no write empties the server's cache of answers in between.
	expiresAt := expiryStart.Add(30 * time.Second)
	k := e.createExpiringKey(t, m.ID, expiresAt)
	if k.ExpiresAt == nil || !k.ExpiresAt.Equal(expiresAt) || k.Expired {
		t.Fatalf("created expires_at %v, expired %t; want %v, false", k.ExpiresAt, k.Expired, expiresAt)
	}
	keyPath := "/members/" + m.ID + "/api-keys/" + k.ID
	e.do(t, k.Secret, "GET", "/me", nil, ok)
	// Read once before the expiry, as a poller would: the answer must not be
	// kept past it.
	if got := fetch[api.APIKey](t, e, e.owner, "GET", keyPath, nil, ok); got.Expired {
		t.Fatal("the key reads as expired before its expires_at")
	}

	clk.Advance(30 * time.Second)
	r := e.do(t, k.Secret, "GET", "/me", nil, http.StatusUnauthorized)
	got := r.apiError(t)
	want := "the API key expired at 2026-12-02T09:00:30Z; create a new key"
	if got.Code != api.CodeKeyExpired || got.Message != want {
		t.Errorf("refusal %+v, want code %s and message %q", got, api.CodeKeyExpired, want)
	}
	if strings.Contains(string(r.body), k.Secret) || strings.Contains(e.logs.String(), k.Secret) {
		t.Error("the refusal or the log repeats the secret")
	}

	read := fetch[api.APIKey](t, e, e.owner, "GET", keyPath, nil, ok)
	if !read.Expired || read.Secret != "" {
		t.Errorf("GET after the expiry: expired %t, secret set %t; want true, false", read.Expired, read.Secret != "")
	}
	listed := fetch[api.Page[api.APIKey]](t, e, e.owner, "GET", "/members/"+m.ID+"/api-keys", nil, ok)
	if len(listed.Data) != 1 || !listed.Data[0].Expired {
		t.Errorf("the member's keys after the expiry: %+v, want the one key, expired", listed.Data)
	}
	e.do(t, e.owner, "DELETE", keyPath, nil, http.StatusNoContent)
}

// TestExpiredKeysLeaveTheQuota: with ten keys, one of them expiring, a
// member may create an eleventh once it has expired, and no twelfth.
func TestExpiredKeysLeaveTheQuota(t *testing.T) {
	t.Parallel()
	e, clk := newClockedEnv(t)
	m := e.createMember(t, nil)
	e.createExpiringKey(t, m.ID, expiryStart.Add(time.Minute))
	for range api.MaxKeysPerMember - 1 {
		e.createKey(t, m.ID, "k", "")
	}
	path := "/members/" + m.ID + "/api-keys"
	e.do(t, e.owner, "POST", path, api.APIKeyCreate{Name: "eleventh"}, http.StatusConflict)

	clk.Advance(time.Minute)
	e.do(t, e.owner, "POST", path, api.APIKeyCreate{Name: "eleventh"}, created)
	r := e.do(t, e.owner, "POST", path, api.APIKeyCreate{Name: "twelfth"}, http.StatusConflict)
	if got := r.apiError(t); got.Code != api.CodeQuotaExceeded {
		t.Errorf("refusal %+v, want %s", got, api.CodeQuotaExceeded)
	}
	if keys := fetch[api.Page[api.APIKey]](t, e, e.owner, "GET", path, nil, ok); len(keys.Data) != api.MaxKeysPerMember+1 {
		t.Errorf("the member has %d keys, want %d live and the expired one", len(keys.Data), api.MaxKeysPerMember)
	}
}

// TestListAccountKeys: the owner lists every key of the account, by member
// and by last use; everyone else is refused.
func TestListAccountKeys(t *testing.T) {
	t.Parallel()
	e, clk := newClockedEnv(t)
	hub := e.createHub(t)
	m := e.createMember(t, map[string]string{hub.ID: "admin"})
	unused := e.createKey(t, m.ID, "unused", "")
	expiring := e.createExpiringKey(t, m.ID, expiryStart.Add(time.Minute))
	e.do(t, expiring.Secret, "GET", "/me", nil, ok) // its last use is expiryStart
	clk.Advance(time.Hour)
	e.do(t, e.owner, "GET", "/me", nil, ok) // the owner's key: last used an hour later

	ids := func(t *testing.T, query string) []string {
		t.Helper()
		var got []string
		for _, k := range fetch[api.Page[api.APIKey]](t, e, e.owner, "GET", "/api-keys"+query, nil, ok).Data {
			got = append(got, k.Name)
		}
		return got
	}
	ownerKey := fetch[api.Me](t, e, e.owner, "GET", "/me", nil, ok).Key
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"", []string{ownerKey.Name, unused.Name, expiring.Name}},
		{"?member_id=" + m.ID, []string{unused.Name, expiring.Name}},
		{"?not_used_since=" + url.QueryEscape(expiryStart.Add(time.Minute).Format(time.RFC3339)), []string{unused.Name, expiring.Name}},
		{"?not_used_since=" + url.QueryEscape(expiryStart.Format(time.RFC3339)), []string{unused.Name}},
		{"?member_id=" + e.ownerID + "&not_used_since=2026-12-02T10:00:01%2B01:00", nil},
	} {
		if got := ids(t, tt.query); strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("GET /api-keys%s = %v, want %v", tt.query, got, tt.want)
		}
	}

	all := fetch[api.Page[api.APIKey]](t, e, e.owner, "GET", "/api-keys", nil, ok).Data
	if last := all[len(all)-1]; last.ID != expiring.ID || !last.Expired || last.Secret != "" {
		t.Errorf("the expired key is listed as %+v, want it marked expired, without its secret", last)
	}
	first := fetch[api.Page[api.APIKey]](t, e, e.owner, "GET", "/api-keys?page_size=2", nil, ok)
	rest := fetch[api.Page[api.APIKey]](t, e, e.owner, "GET", "/api-keys?page_size=2&cursor="+first.NextCursor, nil, ok)
	if len(first.Data) != 2 || len(rest.Data) != 1 || rest.NextCursor != "" || rest.Data[0].ID != expiring.ID {
		t.Errorf("pages of 2: %+v then %+v", first, rest)
	}

	t.Run("bad queries", func(t *testing.T) {
		for query, field := range map[string]string{
			"?not_used_since=yesterday": "not_used_since",
			"?member=" + m.ID:           "member",
		} {
			r := e.do(t, e.owner, "GET", "/api-keys"+query, nil, http.StatusBadRequest)
			if got := r.apiError(t); got.Code != api.CodeInvalidQuery || got.Field != field {
				t.Errorf("%s: refusal %+v, want invalid_query naming %s", query, got, field)
			}
		}
		r := e.do(t, e.owner, "GET", "/api-keys?member_id=mem_0000", nil, hidden)
		if got := r.apiError(t); got.Code != api.CodeNotFound {
			t.Errorf("an unknown member: refusal %+v, want not_found", got)
		}
	})

	t.Run("not the owner", func(t *testing.T) {
		hubAdmin := e.createKey(t, m.ID, "hub admin", "")
		ownerManager := e.createKey(t, e.ownerID, "owner manager", "manager")
		for name, secret := range map[string]string{"member": hubAdmin.Secret, "owner key limited to manager": ownerManager.Secret} {
			r := e.do(t, secret, "GET", "/api-keys", nil, denied)
			want := "listing every API key of the account needs a key of the account owner with no limit_role or limit_role admin"
			if got := r.apiError(t); got.Code != api.CodeForbidden || got.Message != want {
				t.Errorf("%s: refusal %+v, want %q", name, got, want)
			}
		}
		ownerAdmin := e.createKey(t, e.ownerID, "owner admin", "admin")
		e.do(t, ownerAdmin.Secret, "GET", "/api-keys", nil, ok)
	})
}
