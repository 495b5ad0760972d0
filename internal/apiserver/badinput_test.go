package apiserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// TestBadInput: every malformed request answers a 4xx API error naming the
// field or parameter at fault, and changes nothing.
func TestBadInput(t *testing.T) {
	t.Parallel()
	e := newFilledEnv(t)
	fill := e.fill

	const (
		bad      = http.StatusBadRequest
		conflict = http.StatusConflict
	)
	long := strings.Repeat("x", 256)
	cases := []struct {
		name    string
		route   string
		body    string
		headers map[string]string
		want    int
		code    string
		field   string
	}{
		{"malformed JSON", "POST /hubs", `{"name": `, nil, bad, api.CodeMalformedJSON, ""},
		{"not an object", "POST /hubs", `["a"]`, nil, bad, api.CodeMalformedJSON, ""},
		{"null body", "POST /hubs", `null`, nil, bad, api.CodeMalformedJSON, ""},
		{"no body", "POST /hubs", ``, nil, bad, api.CodeMalformedJSON, ""},
		{"trailing data", "POST /hubs", `{"name": "a", "subdomain": "a"} {}`, nil, bad, api.CodeMalformedJSON, ""},
		{"unknown field", "POST /hubs", `{"name": "a", "subdomain": "a", "colour": "red"}`, nil, bad, api.CodeUnknownField, "colour"},
		{"field in the wrong case", "POST /hubs", `{"Name": "a", "subdomain": "a"}`, nil, bad, api.CodeUnknownField, "Name"},
		{"read-only id", "POST /hubs", `{"id": "hub_1", "name": "a", "subdomain": "a"}`, nil, bad, api.CodeReadOnlyField, "id"},
		{"read-only created_at", "PATCH /hubs/{hub}", `{"created_at": "2020-01-01T00:00:00Z"}`, nil, bad, api.CodeReadOnlyField, "created_at"},
		{"read-only updated_at", "PATCH /hubs/{hub}/components/{cmp}", `{"updated_at": "2020-01-01T00:00:00Z"}`, nil, bad, api.CodeReadOnlyField, "updated_at"},
		{"read-only hub_id", "POST /hubs/{hub}/components", `{"name": "a", "hub_id": "{hub}"}`, nil, bad, api.CodeReadOnlyField, "hub_id"},
		{"read-only owner", "POST /members", `{"email": "a@example.com", "name": "a", "owner": true}`, nil, bad, api.CodeReadOnlyField, "owner"},
		{"read-only member_id", "PATCH /members/{member}/api-keys/{key}", `{"member_id": "{member}"}`, nil, bad, api.CodeReadOnlyField, "member_id"},
		{"read-only secret", "POST /members/{member}/api-keys", `{"name": "a", "secret": "shk_x"}`, nil, bad, api.CodeReadOnlyField, "secret"},
		{"read-only prefix", "PATCH /members/{member}/api-keys/{key}", `{"prefix": "shk_x"}`, nil, bad, api.CodeReadOnlyField, "prefix"},
		{"read-only last_used_at", "PATCH /members/{member}/api-keys/{key}", `{"last_used_at": null}`, nil, bad, api.CodeReadOnlyField, "last_used_at"},
		{"read-only reset_at", "PATCH /members/{member}/api-keys/{key}", `{"reset_at": null}`, nil, bad, api.CodeReadOnlyField, "reset_at"},
		{"name of the wrong type", "POST /hubs", `{"name": 5, "subdomain": "a"}`, nil, bad, api.CodeInvalidField, "name"},
		{"private of the wrong type", "POST /hubs", `{"name": "a", "subdomain": "a", "private": "yes"}`, nil, bad, api.CodeInvalidField, "private"},
		{"null name", "POST /hubs", `{"name": null, "subdomain": "a"}`, nil, bad, api.CodeInvalidField, "name"},
		{"empty name", "POST /hubs", `{"name": "", "subdomain": "a"}`, nil, bad, api.CodeInvalidField, "name"},
		{"blank name", "PATCH /hubs/{hub}", `{"name": "  "}`, nil, bad, api.CodeInvalidField, "name"},
		{"name over 255 characters", "POST /hubs", `{"name": "` + long + `", "subdomain": "a"}`, nil, bad, api.CodeInvalidField, "name"},
		{"no subdomain", "POST /hubs", `{"name": "a"}`, nil, bad, api.CodeInvalidField, "subdomain"},
		{"upper-case subdomain", "POST /hubs", `{"name": "a", "subdomain": "Status"}`, nil, bad, api.CodeInvalidField, "subdomain"},
		{"subdomain with a leading hyphen", "POST /hubs", `{"name": "a", "subdomain": "-status"}`, nil, bad, api.CodeInvalidField, "subdomain"},
		{"subdomain with a trailing hyphen", "PATCH /hubs/{hub}", `{"subdomain": "status-"}`, nil, bad, api.CodeInvalidField, "subdomain"},
		{"subdomain with an underscore", "POST /hubs", `{"name": "a", "subdomain": "a_b"}`, nil, bad, api.CodeInvalidField, "subdomain"},
		{"subdomain over 63 characters", "POST /hubs", `{"name": "a", "subdomain": "` + strings.Repeat("a", 64) + `"}`, nil, bad, api.CodeInvalidField, "subdomain"},
		{"taken subdomain", "POST /hubs", `{"name": "a", "subdomain": "{subdomain}"}`, nil, conflict, api.CodeConflict, "subdomain"},
		{"unknown time zone", "POST /hubs", `{"name": "a", "subdomain": "a", "timezone": "Mars/Olympus"}`, nil, bad, api.CodeInvalidField, "timezone"},
		{"Local time zone", "PATCH /hubs/{hub}", `{"timezone": "Local"}`, nil, bad, api.CodeInvalidField, "timezone"},
		{"unknown status", "POST /hubs/{hub}/components", `{"name": "a", "status": "broken"}`, nil, bad, api.CodeInvalidField, "status"},
		{"negative position", "POST /hubs/{hub}/components", `{"name": "a", "position": -1}`, nil, bad, api.CodeInvalidField, "position"},
		{"fractional position", "PATCH /hubs/{hub}/components/{cmp}", `{"position": 1.5}`, nil, bad, api.CodeInvalidField, "position"},
		{"empty group", "PATCH /hubs/{hub}/components/{cmp}", `{"group": ""}`, nil, bad, api.CodeInvalidField, "group"},
		{"group over 255 characters", "PATCH /hubs/{hub}/components/{cmp}", `{"group": "` + long + `"}`, nil, bad, api.CodeInvalidField, "group"},
		{"hub description with a tab", "POST /hubs", `{"name": "a", "subdomain": "a", "description": "a\tb"}`, nil, bad, api.CodeInvalidField, "description"},
		{"hub description with a bidi override", "PATCH /hubs/{hub}", `{"description": "a\u202eb"}`, nil, bad, api.CodeInvalidField, "description"},
		{"component description with an escape", "PATCH /hubs/{hub}/components/{cmp}", `{"description": "\u001b[2K"}`, nil, bad, api.CodeInvalidField, "description"},
		{"component description with NUL", "POST /hubs/{hub}/components", `{"name": "a", "description": "a\u0000"}`, nil, bad, api.CodeInvalidField, "description"},
		{"group of the wrong type", "PATCH /hubs/{hub}/components/{cmp}", `{"group": 3}`, nil, bad, api.CodeInvalidField, "group"},
		{"malformed email", "POST /members", `{"email": "not-an-email", "name": "a"}`, nil, bad, api.CodeInvalidField, "email"},
		{"email with a display name", "POST /members", `{"email": "Bob <bob@example.com>", "name": "a"}`, nil, bad, api.CodeInvalidField, "email"},
		{"email with a bidi override", "POST /members", `{"email": "a\u202eb@example.com", "name": "a"}`, nil, bad, api.CodeInvalidField, "email"},
		{"email over 254 bytes", "PATCH /members/{member}", `{"email": "` + long + `@example.com"}`, nil, bad, api.CodeInvalidField, "email"},
		{"unknown status on PATCH", "PATCH /hubs/{hub}/components/{cmp}", `{"status": "fine"}`, nil, bad, api.CodeInvalidField, "status"},
		{"empty audit message", "PATCH /hubs/{hub}/components/{cmp}", `{"status": "major_outage", "audit_message": ""}`, nil, bad, api.CodeInvalidField, "audit_message"},
		{"audit message with a line break", "PATCH /hubs/{hub}/components/{cmp}", `{"status": "major_outage", "audit_message": "a\nowner via the API"}`, nil, bad, api.CodeInvalidField, "audit_message"},
		{"audit message over 500 characters", "PATCH /hubs/{hub}/components/{cmp}", `{"audit_message": "` + strings.Repeat("x", 501) + `"}`, nil, bad, api.CodeInvalidField, "audit_message"},
		{"negative position on PATCH", "PATCH /hubs/{hub}/components/{cmp}", `{"position": -3}`, nil, bad, api.CodeInvalidField, "position"},
		{"taken email in another case", "POST /members", `{"email": "` + strings.ToUpper(e.member.Email) + `", "name": "a"}`, nil, conflict, api.CodeConflict, "email"},
		{"role on an unknown hub", "POST /members", `{"email": "a@example.com", "name": "a", "hub_roles": {"hub_nope": "viewer"}}`, nil, bad, api.CodeInvalidField, "hub_roles.hub_nope"},
		{"unknown role in hub_roles", "PATCH /members/{member}", `{"hub_roles": {"{hub}": "superuser"}}`, nil, bad, api.CodeInvalidField, "hub_roles.{hub}"},
		{"hub_roles of the wrong type", "PATCH /members/{member}", `{"hub_roles": {"{hub}": 1}}`, nil, bad, api.CodeInvalidField, "hub_roles"},
		{"unknown role", "PUT /members/{member}/hub-roles/{hub}", `{"role": "boss"}`, nil, bad, api.CodeInvalidField, "role"},
		{"no_access as a limit", "POST /members/{member}/api-keys", `{"name": "a", "limit_role": "no_access"}`, nil, bad, api.CodeInvalidField, "limit_role"},
		{"unknown limit", "PATCH /members/{member}/api-keys/{key}", `{"limit_role": "god"}`, nil, bad, api.CodeInvalidField, "limit_role"},
		{"page_size zero", "GET /hubs?page_size=0", "", nil, bad, api.CodeInvalidQuery, "page_size"},
		{"page_size over 100", "GET /members?page_size=101", "", nil, bad, api.CodeInvalidQuery, "page_size"},
		{"page_size not a number", "GET /audit-events?page_size=ten", "", nil, bad, api.CodeInvalidQuery, "page_size"},
		{"foreign cursor", "GET /hubs/{hub}/components?cursor=bm90LWEtY3Vyc29y", "", nil, bad, api.CodeInvalidQuery, "cursor"},
		{"unknown parameter", "GET /hubs?colour=red", "", nil, bad, api.CodeInvalidQuery, "colour"},
		{"repeated parameter", "GET /members/{member}/api-keys?page_size=1&page_size=2", "", nil, bad, api.CodeInvalidQuery, "page_size"},
		{"empty Idempotency-Key", "POST /hubs", `{"name": "a", "subdomain": "a"}`, map[string]string{api.IdempotencyKeyHeader: ""}, bad, api.CodeInvalidField, api.IdempotencyKeyHeader},
		{"long Idempotency-Key", "POST /hubs", `{"name": "a", "subdomain": "a"}`, map[string]string{api.IdempotencyKeyHeader: long}, bad, api.CodeInvalidField, api.IdempotencyKeyHeader},
		{"non-ASCII Idempotency-Key", "POST /hubs", `{"name": "a", "subdomain": "a"}`, map[string]string{api.IdempotencyKeyHeader: "clé"}, bad, api.CodeInvalidField, api.IdempotencyKeyHeader},
		{"body over 1 MiB", "POST /hubs", `{"name": "a", "subdomain": "a", "description": "` + strings.Repeat("x", 1<<20) + `"}`, nil, http.StatusRequestEntityTooLarge, api.CodeBodyTooLarge, ""},
		{"unknown route", "GET /nothing-here", "", nil, http.StatusNotFound, api.CodeNotFound, ""},
		{"wrong method", "PUT /hubs", "", nil, http.StatusMethodNotAllowed, api.CodeMethodNotAllow, ""},
	}

	events := func() int {
		return len(fetch[api.Page[api.AuditEvent]](t, e.testEnv, e.owner, "GET", "/audit-events", nil, ok).Data)
	}
	before := events()
	// The group returns when all its parallel cases are done.
	t.Run("cases", func(t *testing.T) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				method, path, _ := strings.Cut(fill.Replace(tc.route), " ")
				r := e.send(t, request{key: e.owner, method: method, path: path, body: fill.Replace(tc.body), headers: tc.headers})
				got := r.apiError(t)
				if r.status != tc.want || got.Code != tc.code || got.Field != fill.Replace(tc.field) {
					t.Errorf("answered %d %+v, want %d with code %s and field %q", r.status, got, tc.want, tc.code, fill.Replace(tc.field))
				}
				if got.Message == "" {
					t.Error("the error has no message")
				}
			})
		}
	})
	if after := events(); after != before {
		t.Errorf("bad requests wrote %d audit events", after-before)
	}
}

// filledEnv is a test env with a hub, a component, a member and a key of
// that member, and the replacer that puts their ids, and the hub's
// subdomain, in routes and bodies.
type filledEnv struct {
	*testEnv
	hub    api.Hub
	cmp    api.Component
	member api.Member
	key    api.APIKey
	fill   *strings.Replacer
}

func newFilledEnv(t *testing.T) filledEnv {
	t.Helper()
	f := filledEnv{testEnv: newTestEnv(t)}
	f.hub = f.createHub(t)
	f.cmp = f.createComponent(t, f.hub.ID, "API")
	f.member = f.createMember(t, nil)
	f.key = f.createKey(t, f.member.ID, "ci", "")
	f.fill = strings.NewReplacer("{hub}", f.hub.ID, "{cmp}", f.cmp.ID, "{member}", f.member.ID, "{key}", f.key.ID, "{subdomain}", f.hub.Subdomain)
	return f
}

// TestEmptyPatchIsANoOp: {} is a valid PATCH that changes nothing.
func TestEmptyPatchIsANoOp(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	hub := e.createHub(t)
	got := fetch[api.Hub](t, e, e.owner, "PATCH", "/hubs/"+hub.ID, `{}`, ok)
	if got != hub {
		t.Errorf("an empty PATCH changed %+v into %+v", hub, got)
	}
}

// TestAuthentication: no key, a malformed key and an unknown key are all
// refused with 401, and no answer repeats the key.
func TestAuthentication(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	unknown, err := apikey.Generate()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]map[string]string{
		"no header":      {},
		"another scheme": {"Authorization": "Basic " + e.owner},
		"malformed key":  {"Authorization": "Bearer shk_not-a-key"},
		"mistyped key":   {"Authorization": "Bearer " + e.owner[:20] + flip(e.owner[20]) + e.owner[21:]},
		"unknown key":    {"Authorization": "Bearer " + unknown},
	}
	for name, headers := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := e.send(t, request{method: "GET", path: "/me", headers: headers})
			if r.status != http.StatusUnauthorized || r.apiError(t).Code != api.CodeUnauthorized {
				t.Errorf("answered %d %s", r.status, r.body)
			}
			if v := headers["Authorization"]; v != "" && strings.Contains(string(r.body), strings.Fields(v)[1]) {
				t.Error("the answer repeats the key")
			}
			if r.header.Get("WWW-Authenticate") == "" {
				t.Error("a 401 without WWW-Authenticate")
			}
		})
	}
}

func flip(c byte) string {
	if c == 'a' {
		return "b"
	}
	return "a"
}

// TestUnauthenticatedRoutes: the liveness probe and the OpenAPI document
// need no key.
func TestUnauthenticatedRoutes(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	for _, path := range []string{"/healthz", "/api/v3/openapi.json"} {
		if r := e.send(t, request{method: "GET", path: path}); r.status != ok {
			t.Errorf("GET %s: %d", path, r.status)
		}
	}
	r := e.send(t, request{method: "DELETE", path: "/me"})
	if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "GET, HEAD" {
		t.Errorf("DELETE /me: %d, Allow %q", r.status, r.header.Get("Allow"))
	}
}

// TestNameRule: every name, and every component group, with a control,
// format or line-separator character or a space at either end is refused
// with a 400 that names the field and the character.
func TestNameRule(t *testing.T) {
	t.Parallel()
	e := newFilledEnv(t)
	fill := e.fill

	names := map[string]string{
		"forged audit line":  "ci\nowner@example.com via the API deleted hub Payments",
		"NUL":                "a\x00b",
		"tab":                "a\tb",
		"escape sequence":    "E\x1b[31m",
		"bidi override":      "ab\u202Ecd",
		"zero-width space":   "a\u200Bb",
		"leading space":      " ab",
		"trailing space":     "ab ",
		"line separator":     "a\u2028b",
		"C1 control (NEL)":   "a\u0085b",
		"byte order mark":    "\uFEFFab",
		"carriage return":    "ab\r",
		"bidi isolate (RLI)": "a\u2067b",
	}
	routes := []struct{ route, body, field string }{
		{"POST /hubs", `{"name": %s, "subdomain": "rule"}`, "name"},
		{"PATCH /hubs/{hub}", `{"name": %s}`, "name"},
		{"POST /hubs/{hub}/components", `{"name": %s}`, "name"},
		{"PATCH /hubs/{hub}/components/{cmp}", `{"name": %s}`, "name"},
		{"POST /hubs/{hub}/components", `{"name": "API", "group": %s}`, "group"},
		{"PATCH /hubs/{hub}/components/{cmp}", `{"group": %s}`, "group"},
		{"POST /members", `{"email": "rule@example.com", "name": %s}`, "name"},
		{"PATCH /members/{member}", `{"name": %s}`, "name"},
		{"POST /members/{member}/api-keys", `{"name": %s}`, "name"},
		{"PATCH /members/{member}/api-keys/{key}", `{"name": %s}`, "name"},
	}
	// Each case is sent `tries` times over the env's TCP connection, and
	// must be refused every time.
	t.Run("every name on every route", func(t *testing.T) {
		for what, name := range names {
			quoted, err := json.Marshal(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, rt := range routes {
				t.Run(what+" "+rt.route+" "+rt.field, func(t *testing.T) {
					t.Parallel()
					method, path, _ := strings.Cut(fill.Replace(rt.route), " ")
					for range tries {
						r := e.send(t, request{key: e.owner, method: method, path: path, body: fmt.Sprintf(rt.body, quoted)})
						got := r.apiError(t)
						if r.status != http.StatusBadRequest || got.Code != api.CodeInvalidField || got.Field != rt.field {
							t.Fatalf("answered %d %+v, want 400 %s for field %s", r.status, got, api.CodeInvalidField, rt.field)
						}
						if !strings.HasPrefix(got.Message, rt.field+" ") || !strings.Contains(got.Message, "U+") {
							t.Fatalf("message %q does not name the field and the character", got.Message)
						}
					}
				})
			}
		}
	})
	assertAuditLogPrintable(t, e.testEnv)
}

// TestStoredNamesKeepWorking: objects whose names were stored before the
// name rule can still be read, listed and changed; a PATCH may send the
// stored name back, and only a new name is checked.
func TestStoredNamesKeepWorking(t *testing.T) {
	t.Parallel()
	e := newFilledEnv(t)
	hub, cmp, m, k := e.hub, e.cmp, e.member, e.key

	const legacy = "old\tname\u202E"
	legacyDescription := "old\x1bdescription"
	err := e.store.Update(t.Context(), func(tx *store.Tx) error {
		if _, err := tx.UpdateHub(e.accountID, hub.ID, api.HubUpdate{Name: new(legacy), Description: &legacyDescription}); err != nil {
			return err
		}
		if _, err := tx.UpdateComponent(e.accountID, hub.ID, cmp.ID, api.ComponentUpdate{Name: new(legacy), Group: api.Nullable[string]{Set: true, Value: legacy}}); err != nil {
			return err
		}
		if _, err := tx.UpdateMember(e.accountID, m.ID, api.MemberUpdate{Name: new(legacy)}); err != nil {
			return err
		}
		_, err := tx.UpdateKey(e.accountID, m.ID, k.ID, api.APIKeyUpdate{Name: new(legacy)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	hubPath, cmpPath := "/hubs/"+hub.ID, "/hubs/"+hub.ID+"/components/"+cmp.ID
	memberPath, keyPath := "/members/"+m.ID, "/members/"+m.ID+"/api-keys/"+k.ID
	for _, path := range []string{hubPath, "/hubs", cmpPath, "/hubs/" + hub.ID + "/components", memberPath, "/members", keyPath, memberPath + "/api-keys"} {
		if !strings.Contains(string(e.do(t, e.owner, "GET", path, nil, ok).body), `old\tname`) {
			t.Errorf("GET %s does not show the stored name", path)
		}
	}
	// Sending the stored values back with a change of another field.
	if got := fetch[api.Hub](t, e.testEnv, e.owner, "PATCH", hubPath, api.HubUpdate{Name: new(legacy), Description: &legacyDescription, Private: new(true)}, ok); got.Name != legacy || !got.Private {
		t.Errorf("hub after PATCH = %+v", got)
	}
	if got := fetch[api.Component](t, e.testEnv, e.owner, "PATCH", cmpPath, map[string]any{"name": legacy, "group": legacy, "status": "major_outage"}, ok); got.Name != legacy || got.Status != "major_outage" {
		t.Errorf("component after PATCH = %+v", got)
	}
	if got := fetch[api.Member](t, e.testEnv, e.owner, "PATCH", memberPath, api.MemberUpdate{Name: new(legacy), Email: new(m.Email)}, ok); got.Name != legacy {
		t.Errorf("member after PATCH = %+v", got)
	}
	if got := fetch[api.APIKey](t, e.testEnv, e.owner, "PATCH", keyPath, map[string]any{"name": legacy, "limit_role": "viewer"}, ok); got.Name != legacy {
		t.Errorf("key after PATCH = %+v", got)
	}
	// A changed name is checked, even when it keeps the old fault.
	for _, path := range []string{hubPath, cmpPath, memberPath, keyPath} {
		r := e.send(t, request{key: e.owner, method: "PATCH", path: path, body: map[string]string{"name": legacy + "2"}})
		if got := r.apiError(t); r.status != http.StatusBadRequest || got.Field != "name" {
			t.Errorf("PATCH %s with a new faulty name answered %d %+v, want 400 for name", path, r.status, got)
		}
	}
}
