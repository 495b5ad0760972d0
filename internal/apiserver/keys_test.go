package apiserver_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/clocktest"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// TestKeyQuotaUnderConcurrency: twelve concurrent creates for one member
// make exactly ten keys, and the other two say why they were refused.
func TestKeyQuotaUnderConcurrency(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	for round := range 10 {
		m := e.createMember(t, nil)
		path := "/members/" + m.ID + "/api-keys"
		replies := make([]reply, 12)
		var wg sync.WaitGroup
		for i := range replies {
			wg.Go(func() {
				var err error
				replies[i], err = e.trySend(t.Context(), request{key: e.owner, method: "POST", path: path, body: `{"name": "k"}`})
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()

		made := 0
		for _, r := range replies {
			switch r.status {
			case created:
				made++
			case http.StatusConflict:
				got := r.apiError(t)
				want := fmt.Sprintf("member %s already has 10 API keys that have not expired, the most a member may have; delete one first", m.ID)
				if got.Code != api.CodeQuotaExceeded || got.Message != want {
					t.Errorf("round %d: refusal %+v, want code %s and message %q", round, got, api.CodeQuotaExceeded, want)
				}
			default:
				t.Errorf("round %d: status %d: %s", round, r.status, r.body)
			}
		}
		keys := fetch[api.Page[api.APIKey]](t, e, e.owner, "GET", path, nil, ok)
		if made != api.MaxKeysPerMember || len(keys.Data) != api.MaxKeysPerMember {
			t.Fatalf("round %d: %d creates succeeded and the member has %d keys, want %d", round, made, len(keys.Data), api.MaxKeysPerMember)
		}
	}
}

// TestResetKey: a reset keeps the key and replaces its secret; the old
// secret is refused at once.
func TestResetKey(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	m := e.createMember(t, nil)
	k := e.createKey(t, m.ID, "ci", "editor")
	e.do(t, k.Secret, "GET", "/me", nil, ok)

	reset := fetch[api.APIKey](t, e, k.Secret, "POST", "/members/"+m.ID+"/api-keys/"+k.ID+"/reset", nil, ok)
	switch {
	case reset.ID != k.ID || reset.Name != k.Name || reset.LimitRole == nil || *reset.LimitRole != "editor":
		t.Errorf("reset made %+v of %+v: want the same id, name and limit", reset, k)
	case reset.Secret == "" || reset.Secret == k.Secret || apikey.Validate(reset.Secret) != nil:
		t.Error("reset did not answer a new, well-formed secret")
	case reset.Prefix != apikey.Prefix(reset.Secret) || reset.ResetAt == nil:
		t.Errorf("reset answered prefix %q and reset_at %v", reset.Prefix, reset.ResetAt)
	}
	r := e.do(t, k.Secret, "GET", "/me", nil, http.StatusUnauthorized)
	if r.apiError(t).Code != api.CodeUnauthorized {
		t.Errorf("old secret: %s", r.body)
	}
	e.do(t, reset.Secret, "GET", "/me", nil, ok)
}

// TestIdempotentPosts: a retried create or reset with the same
// Idempotency-Key answers the first answer and makes nothing new.
func TestIdempotentPosts(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	m := e.createMember(t, nil)
	keys := "/members/" + m.ID + "/api-keys"
	post := func(key, idempotencyKey, path, body string) reply {
		t.Helper()
		return e.send(t, request{key: key, method: "POST", path: path, body: body,
			headers: map[string]string{api.IdempotencyKeyHeader: idempotencyKey}})
	}
	count := func() int {
		t.Helper()
		return len(fetch[api.Page[api.APIKey]](t, e, e.owner, "GET", keys, nil, ok).Data)
	}

	first := post(e.owner, "create-1", keys, `{"name": "ci"}`)
	again := post(e.owner, "create-1", keys, `{"name": "ci"}`)
	if first.status != created || again.status != created || !bytes.Equal(first.body, again.body) {
		t.Fatalf("create and its retry: %d %s, then %d %s", first.status, first.body, again.status, again.body)
	}
	if again.header.Get("Idempotent-Replayed") != "true" {
		t.Error("the retry is not marked as replayed")
	}
	if n := count(); n != 1 {
		t.Fatalf("a create and its retry made %d keys", n)
	}

	reused := post(e.owner, "create-1", keys, `{"name": "other"}`)
	if got := reused.apiError(t); reused.status != http.StatusUnprocessableEntity || got.Code != api.CodeIdempotency || got.Field != api.IdempotencyKeyHeader {
		t.Errorf("the same Idempotency-Key for another body: %d %+v", reused.status, got)
	}

	otherKey := e.createKey(t, e.ownerID, "other", "")
	if r := post(otherKey.Secret, "create-1", keys, `{"name": "ci"}`); r.status != created || bytes.Equal(r.body, first.body) {
		t.Errorf("another calling key reusing the value got %d %s: records are per calling key", r.status, r.body)
	}

	var k api.APIKey
	if err := json.Unmarshal(first.body, &k); err != nil {
		t.Fatal(err)
	}
	resetPath := keys + "/" + k.ID + "/reset"
	r1 := post(e.owner, "reset-1", resetPath, "")
	r2 := post(e.owner, "reset-1", resetPath, "")
	if r1.status != ok || !bytes.Equal(r1.body, r2.body) {
		t.Fatalf("reset and its retry: %d %s, then %d %s", r1.status, r1.body, r2.status, r2.body)
	}
	var reset api.APIKey
	if err := json.Unmarshal(r1.body, &reset); err != nil {
		t.Fatal(err)
	}
	// Had the retry reset again, the first answer's secret would be dead.
	e.do(t, reset.Secret, "GET", "/me", nil, ok)

	before := count()
	replies := make([]reply, 5)
	var wg sync.WaitGroup
	for i := range replies {
		wg.Go(func() {
			var err error
			replies[i], err = e.trySend(t.Context(), request{key: e.owner, method: "POST", path: keys, body: `{"name": "burst"}`,
				headers: map[string]string{api.IdempotencyKeyHeader: "burst"}})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for _, r := range replies {
		if r.status != created || !bytes.Equal(r.body, replies[0].body) {
			t.Errorf("concurrent retries answered differently: %d %s", r.status, r.body)
		}
	}
	if n := count(); n != before+1 {
		t.Errorf("five concurrent retries made %d keys, want 1", n-before)
	}
}

// TestIdempotentPostsExpire: a day after a create, by the clock that the
// server and its store share, a retry with its Idempotency-Key makes a new
// key, stamped with the moved time.
func TestIdempotentPostsExpire(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	clk := clocktest.New(start)
	e := newTestEnvWith(t, envOptions{limits: apiserver.RateLimits{Disabled: true}, now: clk.Now})
	keys := "/members/" + e.createMember(t, nil).ID + "/api-keys"
	post := func() api.APIKey {
		t.Helper()
		r := e.send(t, request{key: e.owner, method: "POST", path: keys, body: `{"name": "ci"}`,
			headers: map[string]string{api.IdempotencyKeyHeader: "create-1"}})
		var k api.APIKey
		if r.status != created || json.Unmarshal(r.body, &k) != nil {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		return k
	}

	first := post()
	clk.Advance(24*time.Hour - time.Second)
	if again := post(); again.ID != first.ID {
		t.Errorf("a retry within the day made key %s, want the first answer's %s", again.ID, first.ID)
	}
	clk.Advance(time.Second)
	later := post()
	if later.ID == first.ID {
		t.Error("a retry a day later got the first answer back")
	}
	if !first.CreatedAt.Equal(start) || !later.CreatedAt.Equal(clk.Now()) {
		t.Errorf("keys created at %v and %v, want %v and %v", first.CreatedAt, later.CreatedAt, start, clk.Now())
	}
}

// TestSecretsAreShownOnce: a secret is in the answer to its create or
// reset, and nowhere else: not in a later answer, a log line, an
// idempotency record or the database files.
func TestSecretsAreShownOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	e := newTestEnvWith(t, envOptions{dbPath: filepath.Join(dir, "statushub.db"), limits: apiserver.RateLimits{Disabled: true}})
	m := e.createMember(t, nil)
	keys := "/members/" + m.ID + "/api-keys"
	idempotent := func(value string) map[string]string { return map[string]string{api.IdempotencyKeyHeader: value} }

	var k1, r1 api.APIKey
	decodeInto(t, e.send(t, request{key: e.owner, method: "POST", path: keys, body: `{"name": "ci"}`, headers: idempotent("secret-create")}), &k1)
	decodeInto(t, e.send(t, request{key: e.owner, method: "POST", path: keys + "/" + k1.ID + "/reset", headers: idempotent("secret-reset")}), &r1)
	k2 := e.createKey(t, m.ID, "plain", "viewer")
	r2 := fetch[api.APIKey](t, e, e.owner, "POST", keys+"/"+k2.ID+"/reset", nil, ok)
	unknown, err := apikey.Generate()
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{e.owner, k1.Secret, r1.Secret, k2.Secret, r2.Secret, unknown}

	var answers []reply
	for _, path := range []string{"/me", keys, keys + "/" + k1.ID, keys + "/" + k1.ID + "/effective-roles", "/members", "/members/" + m.ID, "/audit-events"} {
		answers = append(answers, e.do(t, e.owner, "GET", path, nil, ok))
	}
	answers = append(answers,
		e.do(t, r1.Secret, "GET", "/me", nil, ok),
		e.do(t, k1.Secret, "GET", "/me", nil, http.StatusUnauthorized),
		e.do(t, unknown, "GET", "/me", nil, http.StatusUnauthorized),
	)
	for _, a := range answers {
		assertNoSecret(t, "an answer", a.body, secrets)
	}
	assertNoSecret(t, "the log", []byte(e.logs.String()), secrets)
	if strings.Contains(e.logs.String(), "Bearer") {
		t.Error("the log holds an Authorization header")
	}

	owner := fetch[api.Me](t, e, e.owner, "GET", "/me", nil, ok)
	for value, secret := range map[string]string{"secret-create": k1.Secret, "secret-reset": r1.Secret} {
		var rec store.IdempotencyRecord
		hash := sha256.Sum256([]byte(value))
		err := e.store.View(t.Context(), func(tx *store.Tx) error {
			rec, err = tx.IdempotencyRecord(owner.Key.ID, hash[:])
			return err
		})
		if err != nil {
			t.Fatalf("the record of %s: %v", value, err)
		}
		if json.Valid(rec.Body) || bytes.Contains(rec.Body, []byte(secret)) {
			t.Errorf("the record of %s holds its answer in clear", value)
		}
	}

	assertNoSecretInFiles(t, dir, secrets)
	if err := e.store.Close(); err != nil {
		t.Fatal(err)
	}
	assertNoSecretInFiles(t, dir, secrets) // after the checkpoint, too
}

func decodeInto(t *testing.T, r reply, v any) {
	t.Helper()
	if r.status >= 300 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatal(err)
	}
}

func assertNoSecret(t *testing.T, where string, b []byte, secrets []string) {
	t.Helper()
	for i, s := range secrets {
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("%s holds secret #%d", where, i)
		}
	}
}

func assertNoSecretInFiles(t *testing.T, dir string, secrets []string) {
	t.Helper()
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no database files to search")
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		assertNoSecret(t, f.Name(), b, secrets)
	}
}
