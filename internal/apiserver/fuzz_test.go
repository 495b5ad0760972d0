package apiserver_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver/apiservertest"
	"github.com/statushub-community/terraform-provider-statushub/internal/rules"
)

// bodyRoutes are the routes that decode a request body, with a valid body
// for each. Placeholders are filled with the ids of fuzzTarget's objects.
var bodyRoutes = []struct{ route, body string }{
	{"POST /hubs", `{"name": "Status", "subdomain": "status", "timezone": "Europe/Paris", "private": true}`},
	{"PATCH /hubs/{hub}", `{"description": "All systems", "timezone": "UTC"}`},
	{"POST /hubs/{hub}/components", `{"name": "API", "status": "operational", "group": "Core", "position": 1}`},
	{"PATCH /hubs/{hub}/components/{cmp}", `{"status": "major_outage", "group": null}`},
	{"POST /members", `{"email": "dev@example.com", "name": "Dev", "hub_roles": {"{hub}": "editor"}}`},
	{"PATCH /members/{member}", `{"name": "Developer", "hub_roles": {}}`},
	{"PUT /members/{member}/hub-roles/{hub}", `{"role": "viewer"}`},
	{"POST /members/{member}/api-keys", `{"name": "ci", "limit_role": "viewer", "expires_at": "2100-01-01T00:00:00Z"}`},
	{"PATCH /members/{member}/api-keys/{key}", `{"name": "ci-2", "limit_role": null}`},
	{"POST /members/{member}/api-keys/{key}/reset", ``},
}

// nameFaults are the characters the name rule refuses, for seeds that put
// them in names and groups: line breaks, NUL, tab, escape, C1 controls, a
// bidi override and isolate, a zero-width space and a byte order mark.
var nameFaults = []string{`\n`, `\r`, `\u0000`, `\t`, `\u001b[31m`, `\u0085`, `\u202e`, `\u2067`, `\u200b`, `\ufeff`, "\u202e", "\u200b"}

// FuzzRequestBodies sends any body to every route that takes one, through
// the whole server with the owner's key: whatever the body, the answer is a
// success or a 4xx API error, never a 5xx (a panic answers 500 too), and a
// success never holds a name or group that breaks the name rule.
func FuzzRequestBodies(f *testing.F) {
	for i, r := range bodyRoutes {
		f.Add(uint8(i), []byte(r.body))
		for _, fault := range nameFaults {
			for _, field := range []string{`"name": "`, `"group": "`} {
				if faulty := strings.Replace(r.body, field, field+"a"+fault, 1); faulty != r.body {
					f.Add(uint8(i), []byte(faulty))
				}
			}
		}
	}
	handler, owner, fill := fuzzTarget(f)

	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		r := bodyRoutes[int(route)%len(bodyRoutes)]
		method, path, _ := strings.Cut(r.route, " ")
		// Ids are filled in the body too, so that the seeds are valid requests.
		req := httptest.NewRequest(method, api.BasePath+fill.Replace(path), strings.NewReader(fill.Replace(string(body))))
		req.Header.Set("Authorization", "Bearer "+owner)
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)

		if rec.Code >= http.StatusInternalServerError {
			t.Fatalf("%s answered %d: %s", r.route, rec.Code, rec.Body)
		}
		if rec.Code >= http.StatusBadRequest {
			var e api.Error
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Code == "" || e.Message == "" {
				t.Fatalf("%s answered %d without an API error: %s", r.route, rec.Code, rec.Body)
			}
			return
		}
		// Every name fuzzTarget stores is valid, so a success can only hold
		// a name that was checked.
		var names struct{ Name, Group *string }
		if err := json.Unmarshal(rec.Body.Bytes(), &names); err != nil {
			t.Fatalf("%s answered %d with an unreadable body: %s", r.route, rec.Code, rec.Body)
		}
		for _, name := range []*string{names.Name, names.Group} {
			if name != nil {
				if err := rules.Name(*name); err != nil {
					t.Fatalf("%s answered %d with the name %q, which the name rule refuses: %v", r.route, rec.Code, *name, err)
				}
			}
		}
	})
}

// fuzzTarget is a server with a hub, a component, a member and a key, and
// the replacer that puts their ids in bodyRoutes.
func fuzzTarget(f *testing.F) (http.Handler, string, *strings.Replacer) {
	f.Helper()
	st, owner := apiservertest.Open(f, ":memory:")
	handler := apiserver.New(apiserver.Config{Store: st, RateLimits: apiserver.RateLimits{Disabled: true}})
	create := func(path, body string) string {
		req := httptest.NewRequest(http.MethodPost, api.BasePath+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+owner)
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		var created struct{ ID string }
		if err := json.Unmarshal(rec.Body.Bytes(), &created); err != nil || rec.Code != http.StatusCreated {
			f.Fatalf("POST %s: %d: %s", path, rec.Code, rec.Body)
		}
		return created.ID
	}
	hub := create("/hubs", `{"name": "Fuzz", "subdomain": "fuzz"}`)
	cmp := create("/hubs/"+hub+"/components", `{"name": "API"}`)
	member := create("/members", `{"email": "fuzz@example.com", "name": "Fuzz"}`)
	key := create("/members/"+member+"/api-keys", `{"name": "fuzz"}`)
	return handler, owner, strings.NewReplacer("{hub}", hub, "{cmp}", cmp, "{member}", member, "{key}", key)
}
