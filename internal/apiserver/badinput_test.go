package apiserver_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
)

// TestBadInput: every malformed request answers a 4xx API error naming the
// field or parameter at fault, and changes nothing.
func TestBadInput(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	hub := e.createHub(t)
	cmp := e.createComponent(t, hub.ID, "API")
	m := e.createMember(t, nil)
	k := e.createKey(t, m.ID, "ci", "")
	fill := strings.NewReplacer("{hub}", hub.ID, "{cmp}", cmp.ID, "{member}", m.ID, "{key}", k.ID, "{subdomain}", hub.Subdomain)

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
		{"group of the wrong type", "PATCH /hubs/{hub}/components/{cmp}", `{"group": 3}`, nil, bad, api.CodeInvalidField, "group"},
		{"malformed email", "POST /members", `{"email": "not-an-email", "name": "a"}`, nil, bad, api.CodeInvalidField, "email"},
		{"email with a display name", "POST /members", `{"email": "Bob <bob@example.com>", "name": "a"}`, nil, bad, api.CodeInvalidField, "email"},
		{"taken email in another case", "POST /members", `{"email": "` + strings.ToUpper(m.Email) + `", "name": "a"}`, nil, conflict, api.CodeConflict, "email"},
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
		return len(fetch[api.Page[api.AuditEvent]](t, e, e.owner, "GET", "/audit-events", nil, ok).Data)
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
