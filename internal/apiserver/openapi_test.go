package apiserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver"
	"github.com/statushub-community/terraform-provider-statushub/internal/apiserver/apiservertest"
	"github.com/statushub-community/terraform-provider-statushub/internal/clocktest"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

func TestOpenAPIDocumentIsValid(t *testing.T) {
	t.Parallel()
	loadDocument(t)
}

// TestOpenAPIDocumentMatchesServer drives the server through every
// operation, the usual answers and the errors, and validates each request
// and answer against the document. It then checks that every operation of
// the document was exercised: the document can neither miss a route that the
// server has nor describe one that it has not.
func TestOpenAPIDocumentMatchesServer(t *testing.T) {
	t.Parallel()

	c := newConformance(t, apiserver.Config{RateLimits: apiserver.RateLimits{Disabled: true}})
	c.meta()
	h := c.hubs()
	c.components(h)
	m := c.members(h)
	c.keys(h, m)
	c.deletes(h, m)

	// A stopped clock: the bucket never refills, however slow the machine.
	stopped := time.Now()
	limited := newConformance(t, apiserver.Config{RateLimits: apiserver.RateLimits{ReadPerSecond: 1, WritePerSecond: 1}},
		store.WithClock(func() time.Time { return stopped }))
	limited.do(call{key: limited.owner, route: "GET /api/v3/me", want: http.StatusOK})
	limited.do(call{key: limited.owner, route: "GET /api/v3/me", want: http.StatusTooManyRequests})

	clk := clocktest.New(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
	clocked := newConformance(t, apiserver.Config{RateLimits: apiserver.RateLimits{Disabled: true}}, store.WithClock(clk.Now))
	clocked.expiry(clk)

	for _, id := range operationIDs(c.doc) {
		if !c.seen[id] && !limited.seen[id] && !clocked.seen[id] {
			t.Errorf("operation %s of the document was never exercised: does the server have it?", id)
		}
	}
}

func (c *conformance) meta() {
	c.do(call{route: "GET /healthz", want: http.StatusOK})
	served := c.do(call{route: "GET /api/v3/openapi.json", want: http.StatusOK})
	if file, _ := os.ReadFile("openapi.json"); !bytes.Equal(served, file) {
		c.t.Error("GET /api/v3/openapi.json does not serve openapi.json")
	}
	c.do(call{key: c.owner, route: "GET /api/v3/me", want: http.StatusOK})
	c.do(call{route: "GET /api/v3/me", want: http.StatusUnauthorized, docRefuses: true})
	c.do(call{key: "shk_malformed", route: "GET /api/v3/me", want: http.StatusUnauthorized})
}

type hubIDs struct{ status, internal string }

func (c *conformance) hubs() hubIDs {
	const create = "POST /api/v3/hubs"
	status := decodeAs[api.Hub](c, c.do(call{key: c.owner, route: create, idempotencyKey: "hub-status",
		body: `{"name": "Status", "subdomain": "status"}`, want: http.StatusCreated}))
	replay := decodeAs[api.Hub](c, c.do(call{key: c.owner, route: create, idempotencyKey: "hub-status",
		body: `{"name": "Status", "subdomain": "status"}`, want: http.StatusCreated}))
	if replay.ID != status.ID {
		c.t.Errorf("a retried create made hub %s besides %s", replay.ID, status.ID)
	}
	c.do(call{key: c.owner, route: create, idempotencyKey: "hub-status", body: `{"name": "Other", "subdomain": "other"}`, want: http.StatusUnprocessableEntity})
	c.do(call{key: c.owner, route: create, idempotencyKey: strings.Repeat("k", 256), body: `{"name": "Other", "subdomain": "other"}`,
		want: http.StatusBadRequest, docRefuses: true})
	c.do(call{key: c.owner, route: create, body: `{"name": "Other", "subdomain": "status"}`, want: http.StatusConflict})
	internal := decodeAs[api.Hub](c, c.do(call{key: c.owner, route: create, want: http.StatusCreated,
		body: `{"name": "Internal", "subdomain": "internal", "description": "For staff", "timezone": "Europe/Paris", "private": true}`}))

	for _, body := range []string{
		`{"name": `,
		`{"name": "X", "subdomain": "x", "id": "hub_1"}`,
		`{"name": "X", "subdomain": "x", "colour": "red"}`,
		`{"name": "X", "subdomain": "not a label"}`,
		`{"name": "X", "subdomain": "x", "private": "yes"}`,
		`{"subdomain": "x"}`,
	} {
		c.do(call{key: c.owner, route: create, body: body, want: http.StatusBadRequest, docRefuses: true})
	}
	c.do(call{key: c.owner, route: create, body: `{"name": "X", "subdomain": "x", "timezone": "Mars/Olympus"}`, want: http.StatusBadRequest})
	c.do(call{key: c.owner, route: create, body: `{"name": "` + strings.Repeat("x", 1<<20) + `"}`, want: http.StatusRequestEntityTooLarge, docRefuses: true})

	first := decodeAs[api.Page[api.Hub]](c, c.do(call{key: c.owner, route: "GET /api/v3/hubs?page_size=1", want: http.StatusOK}))
	if first.NextCursor == "" {
		c.t.Fatal("the first page of one hub out of two has no next_cursor")
	}
	c.do(call{key: c.owner, route: "GET /api/v3/hubs?page_size=1&cursor=" + first.NextCursor, want: http.StatusOK})
	c.do(call{key: c.owner, route: "GET /api/v3/hubs?subdomain=status", want: http.StatusOK})
	c.do(call{key: c.owner, route: "GET /api/v3/hubs?cursor=nonsense", want: http.StatusBadRequest})
	c.do(call{key: c.owner, route: "GET /api/v3/hubs?page_size=0", want: http.StatusBadRequest, docRefuses: true})
	c.do(call{key: c.owner, route: "GET /api/v3/hubs?page_size=101", want: http.StatusBadRequest, docRefuses: true})

	c.do(call{key: c.owner, route: "GET /api/v3/hubs/" + status.ID, want: http.StatusOK})
	c.do(call{key: c.owner, route: "GET /api/v3/hubs/hub_00000000000000000000", want: http.StatusNotFound})
	c.do(call{key: c.owner, route: "PATCH /api/v3/hubs/" + status.ID, body: `{"description": "Our services"}`, want: http.StatusOK})
	c.do(call{key: c.owner, route: "PATCH /api/v3/hubs/" + internal.ID, body: `{"subdomain": "status"}`, want: http.StatusConflict})
	c.do(call{key: c.owner, route: "PATCH /api/v3/hubs/" + status.ID, body: `{"updated_at": "2020-01-01T00:00:00Z"}`, want: http.StatusBadRequest, docRefuses: true})
	return hubIDs{status: status.ID, internal: internal.ID}
}

func (c *conformance) components(h hubIDs) {
	list := "/api/v3/hubs/" + h.status + "/components"
	apiC := decodeAs[api.Component](c, c.do(call{key: c.owner, route: "POST " + list, idempotencyKey: "component-api",
		body: `{"name": "API", "group": "Backend"}`, want: http.StatusCreated}))
	web := decodeAs[api.Component](c, c.do(call{key: c.owner, route: "POST " + list, want: http.StatusCreated,
		body: `{"name": "Web", "description": "The site", "status": "degraded_performance", "position": 7}`}))
	c.do(call{key: c.owner, route: "POST " + list, body: `{"name": "X", "status": "on_fire"}`, want: http.StatusBadRequest, docRefuses: true})
	c.do(call{key: c.owner, route: "POST /api/v3/hubs/hub_00000000000000000000/components", body: `{"name": "X"}`, want: http.StatusNotFound})

	c.do(call{key: c.owner, route: "GET " + list, want: http.StatusOK})
	c.do(call{key: c.owner, route: "GET " + list + "?page_size=1", want: http.StatusOK})
	c.do(call{key: c.owner, route: "GET " + list + "/" + apiC.ID, want: http.StatusOK})
	c.do(call{key: c.owner, route: "GET /api/v3/hubs/" + h.internal + "/components/" + apiC.ID, want: http.StatusNotFound})
	c.do(call{key: c.owner, route: "PATCH " + list + "/" + apiC.ID, body: `{"status": "major_outage"}`, want: http.StatusOK})
	c.do(call{key: c.owner, route: "PATCH " + list + "/" + apiC.ID, body: `{"group": null, "position": 3}`, want: http.StatusOK})
	c.do(call{key: c.owner, route: "PATCH " + list + "/" + apiC.ID, body: `{"hub_id": "` + h.internal + `"}`, want: http.StatusBadRequest, docRefuses: true})
	c.do(call{key: c.owner, route: "DELETE " + list + "/" + web.ID, want: http.StatusNoContent})
	c.do(call{key: c.owner, route: "GET " + list + "/" + web.ID, want: http.StatusNotFound})
}

type memberIDs struct{ owner, ed, ada string }

func (c *conformance) members(h hubIDs) memberIDs {
	me := decodeAs[api.Me](c, c.do(call{key: c.owner, route: "GET /api/v3/me", want: http.StatusOK}))
	ed := decodeAs[api.Member](c, c.do(call{key: c.owner, route: "POST /api/v3/members", idempotencyKey: "member-ed", want: http.StatusCreated,
		body: `{"email": "Ed@Example.com", "name": "Ed", "hub_roles": {"` + h.status + `": "editor"}}`}))
	ada := decodeAs[api.Member](c, c.do(call{key: c.owner, route: "POST /api/v3/members", body: `{"email": "ada@example.com", "name": "Ada"}`, want: http.StatusCreated}))
	c.do(call{key: c.owner, route: "POST /api/v3/members", body: `{"email": "ED@example.com", "name": "Ed again"}`, want: http.StatusConflict})
	c.do(call{key: c.owner, route: "POST /api/v3/members", body: `{"email": "x@example.com", "name": "X", "hub_roles": {"` + h.status + `": "owner"}}`,
		want: http.StatusBadRequest, docRefuses: true})
	c.do(call{key: c.owner, route: "POST /api/v3/members", body: `{"email": "x@example.com", "name": "X", "owner": true}`, want: http.StatusBadRequest, docRefuses: true})

	c.do(call{key: c.owner, route: "GET /api/v3/members", want: http.StatusOK})
	byEmail := decodeAs[api.Page[api.Member]](c, c.do(call{key: c.owner, route: "GET /api/v3/members?email=ED@EXAMPLE.COM&page_size=10", want: http.StatusOK}))
	if len(byEmail.Data) != 1 || byEmail.Data[0].ID != ed.ID {
		c.t.Errorf("GET /members?email= found %d members, want Ed alone", len(byEmail.Data))
	}
	c.do(call{key: c.owner, route: "GET /api/v3/members/" + ed.ID, want: http.StatusOK})
	c.do(call{key: c.owner, route: "GET /api/v3/members/mem_00000000000000000000", want: http.StatusNotFound})
	c.do(call{key: c.owner, route: "PATCH /api/v3/members/" + ed.ID, body: `{"name": "Edward"}`, want: http.StatusOK})
	c.do(call{key: c.owner, route: "PATCH /api/v3/members/" + me.Member.ID, body: `{"hub_roles": {"` + h.status + `": "viewer"}}`, want: http.StatusConflict})

	roles := "/api/v3/members/" + ada.ID + "/hub-roles/"
	c.do(call{key: c.owner, route: "PUT " + roles + h.status, body: `{"role": "admin"}`, want: http.StatusOK})
	c.do(call{key: c.owner, route: "PUT " + roles + h.internal, body: `{"role": "viewer"}`, want: http.StatusOK})
	c.do(call{key: c.owner, route: "PUT " + roles + h.status, body: `{"role": "superuser"}`, want: http.StatusBadRequest, docRefuses: true})
	c.do(call{key: c.owner, route: "PUT /api/v3/members/" + me.Member.ID + "/hub-roles/" + h.status, body: `{"role": "viewer"}`, want: http.StatusConflict})
	c.do(call{key: c.owner, route: "DELETE " + roles + h.internal, want: http.StatusNoContent})
	c.do(call{key: c.owner, route: "DELETE " + roles + h.internal, want: http.StatusNotFound})
	return memberIDs{owner: me.Member.ID, ed: ed.ID, ada: ada.ID}
}

func (c *conformance) keys(h hubIDs, m memberIDs) {
	edKeys := "/api/v3/members/" + m.ed + "/api-keys"
	ci := decodeAs[api.APIKey](c, c.do(call{key: c.owner, route: "POST " + edKeys, idempotencyKey: "key-ci", body: `{"name": "ci"}`, want: http.StatusCreated}))
	c.do(call{key: c.owner, route: "POST " + edKeys, body: `{"name": "x", "limit_role": "no_access"}`, want: http.StatusBadRequest, docRefuses: true})
	c.do(call{key: c.owner, route: "POST " + edKeys, body: `{"name": "x", "secret": "shk_mine"}`, want: http.StatusBadRequest, docRefuses: true})
	c.do(call{key: c.owner, route: "GET " + edKeys, want: http.StatusOK})
	c.do(call{key: c.owner, route: "GET " + edKeys + "/" + ci.ID, want: http.StatusOK})
	c.do(call{key: c.owner, route: "PATCH " + edKeys + "/" + ci.ID, body: `{"name": "deploy", "limit_role": "editor"}`, want: http.StatusOK})
	c.do(call{key: c.owner, route: "PATCH " + edKeys + "/" + ci.ID, body: `{"limit_role": null}`, want: http.StatusOK})
	reset := decodeAs[api.APIKey](c, c.do(call{key: c.owner, route: "POST " + edKeys + "/" + ci.ID + "/reset", want: http.StatusOK}))
	c.do(call{key: ci.Secret, route: "GET /api/v3/me", want: http.StatusUnauthorized})
	c.do(call{key: c.owner, route: "GET " + edKeys + "/" + ci.ID + "/effective-roles", want: http.StatusOK})
	c.do(call{key: c.owner, route: "GET " + edKeys + "/key_00000000000000000000", want: http.StatusNotFound})

	// Ed's key works with Ed's role: editor on one hub, nothing else.
	ed := reset.Secret
	hub := "/api/v3/hubs/" + h.status
	apiC := decodeAs[api.Page[api.Component]](c, c.do(call{key: ed, route: "GET " + hub + "/components", want: http.StatusOK})).Data[0]
	c.do(call{key: ed, route: "GET /api/v3/me", want: http.StatusOK})
	c.do(call{key: ed, route: "GET " + edKeys + "/" + ci.ID + "/effective-roles", want: http.StatusOK})
	c.do(call{key: ed, route: "PATCH " + hub + "/components/" + apiC.ID, body: `{"status": "operational"}`, want: http.StatusOK})
	c.do(call{key: ed, route: "PATCH " + hub + "/components/" + apiC.ID, body: `{"status": "under_maintenance", "audit_message": "deploying v2"}`, want: http.StatusOK})
	c.do(call{key: ed, route: "PATCH " + hub + "/components/" + apiC.ID, body: `{"name": "Public API"}`, want: http.StatusForbidden})
	c.do(call{key: ed, route: "DELETE " + hub, want: http.StatusForbidden})
	c.do(call{key: ed, route: "GET /api/v3/hubs/" + h.internal, want: http.StatusNotFound})
	c.do(call{key: ed, route: "POST /api/v3/hubs", body: `{"name": "Mine", "subdomain": "mine"}`, want: http.StatusForbidden})
	c.do(call{key: ed, route: "GET /api/v3/members", want: http.StatusForbidden})
	c.do(call{key: ed, route: "GET /api/v3/audit-events", want: http.StatusForbidden})
	c.do(call{key: ed, route: "GET /api/v3/members/" + m.ada + "/api-keys", want: http.StatusNotFound})

	// A limited key cannot make a key without a limit.
	viewer := decodeAs[api.APIKey](c, c.do(call{key: ed, route: "POST " + edKeys, body: `{"name": "read", "limit_role": "viewer"}`, want: http.StatusCreated}))
	c.do(call{key: viewer.Secret, route: "POST " + edKeys, body: `{"name": "escalate"}`, want: http.StatusForbidden})

	// The 11th key of a member.
	for i := 3; i <= api.MaxKeysPerMember; i++ {
		c.do(call{key: ed, route: "POST " + edKeys, body: fmt.Sprintf(`{"name": "k%d"}`, i), want: http.StatusCreated})
	}
	c.do(call{key: ed, route: "POST " + edKeys, body: `{"name": "one too many"}`, want: http.StatusConflict})
	c.do(call{key: ed, route: "DELETE " + edKeys + "/" + viewer.ID, want: http.StatusNoContent})
	c.do(call{key: viewer.Secret, route: "GET /api/v3/me", want: http.StatusUnauthorized})

	// Ada, admin on one hub, lists members and manages roles there only.
	ada := decodeAs[api.APIKey](c, c.do(call{key: c.owner, route: "POST /api/v3/members/" + m.ada + "/api-keys", body: `{"name": "ada"}`, want: http.StatusCreated}))
	c.do(call{key: ada.Secret, route: "GET /api/v3/members", want: http.StatusOK})
	c.do(call{key: ada.Secret, route: "PATCH /api/v3/members/" + m.ed, body: `{"name": "Ed"}`, want: http.StatusForbidden})
	c.do(call{key: ada.Secret, route: "PUT /api/v3/members/" + m.ed + "/hub-roles/" + h.status, body: `{"role": "manager"}`, want: http.StatusOK})
	c.do(call{key: ada.Secret, route: "PUT /api/v3/members/" + m.ed + "/hub-roles/" + h.internal, body: `{"role": "viewer"}`, want: http.StatusNotFound})

	c.do(call{key: c.owner, route: "GET /api/v3/audit-events", want: http.StatusOK})
	c.do(call{key: c.owner, route: "GET /api/v3/audit-events?page_size=2", want: http.StatusOK})
}

// expiry: keys that expire, and the owner's list of every key.
func (c *conformance) expiry(clk *clocktest.Clock) {
	ownerID := decodeAs[api.Me](c, c.do(call{key: c.owner, route: "GET /api/v3/me", want: http.StatusOK})).Member.ID
	keys := "/api/v3/members/" + ownerID + "/api-keys"
	c.do(call{key: c.owner, route: "POST " + keys, body: `{"name": "old", "expires_at": "2026-12-01T00:00:00Z"}`, want: http.StatusBadRequest})
	c.do(call{key: c.owner, route: "POST " + keys, body: `{"name": "x", "expires_at": "soon"}`, want: http.StatusBadRequest, docRefuses: true})
	temp := decodeAs[api.APIKey](c, c.do(call{key: c.owner, route: "POST " + keys,
		body: `{"name": "temp", "limit_role": "viewer", "expires_at": "2026-12-02T10:00:00Z"}`, want: http.StatusCreated}))
	c.do(call{key: temp.Secret, route: "GET /api/v3/me", want: http.StatusOK})
	c.do(call{key: temp.Secret, route: "GET /api/v3/api-keys", want: http.StatusForbidden})

	clk.Advance(time.Hour)
	c.do(call{key: temp.Secret, route: "GET /api/v3/me", want: http.StatusUnauthorized})
	c.do(call{key: c.owner, route: "GET " + keys + "/" + temp.ID, want: http.StatusOK})
	c.do(call{key: c.owner, route: "GET /api/v3/api-keys", want: http.StatusOK})
	c.do(call{key: c.owner, route: "GET /api/v3/api-keys?page_size=1&member_id=" + ownerID + "&not_used_since=2026-12-02T09%3A30%3A00Z", want: http.StatusOK})
	c.do(call{key: c.owner, route: "GET /api/v3/api-keys?not_used_since=yesterday", want: http.StatusBadRequest, docRefuses: true})
	c.do(call{key: c.owner, route: "GET /api/v3/api-keys?member_id=mem_00000000000000000000", want: http.StatusNotFound})
}

func (c *conformance) deletes(h hubIDs, m memberIDs) {
	c.do(call{key: c.owner, route: "DELETE /api/v3/members/" + m.owner, want: http.StatusConflict})
	c.do(call{key: c.owner, route: "DELETE /api/v3/members/" + m.ed, want: http.StatusNoContent})
	c.do(call{key: c.owner, route: "DELETE /api/v3/members/" + m.ed, want: http.StatusNotFound})
	c.do(call{key: c.owner, route: "DELETE /api/v3/hubs/" + h.internal, want: http.StatusNoContent})
	c.do(call{key: c.owner, route: "GET /api/v3/hubs/" + h.internal, want: http.StatusNotFound})
}

// conformance sends requests to one server and validates each request and
// answer against the OpenAPI document.
type conformance struct {
	t       *testing.T
	doc     *openapi3.T
	router  routers.Router
	handler http.Handler
	owner   string          // the bootstrap owner key
	seen    map[string]bool // operation ids exercised
}

// newConformance starts a server with cfg on a new bootstrapped store
// opened with opts.
func newConformance(t *testing.T, cfg apiserver.Config, opts ...store.Option) *conformance {
	t.Helper()
	doc := loadDocument(t)
	closeAnswerObjects(doc)
	// Match on paths alone: the test server is not at the documented address.
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatalf("routing the document: %v", err)
	}
	st, owner := apiservertest.Open(t, ":memory:", opts...)
	cfg.Store = st
	return &conformance{
		t:       t,
		doc:     doc,
		router:  router,
		handler: apiserver.New(cfg),
		owner:   owner,
		seen:    map[string]bool{},
	}
}

// call is one request and the status the server must answer.
type call struct {
	key            string // bearer secret; "" sends none
	route          string // method and path with query, such as "GET /api/v3/hubs?page_size=1"
	body           string
	idempotencyKey string
	want           int
	// docRefuses: the document must refuse the request, as the server does.
	docRefuses bool
}

// do sends the call, fails the test unless the server answers cl.want, and
// returns the answer's body.
func (c *conformance) do(cl call) []byte {
	c.t.Helper()
	method, target, _ := strings.Cut(cl.route, " ")
	newRequest := func() *http.Request {
		req := httptest.NewRequestWithContext(c.t.Context(), method, target, strings.NewReader(cl.body))
		if cl.key != "" {
			req.Header.Set("Authorization", "Bearer "+cl.key)
		}
		if cl.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if cl.idempotencyKey != "" {
			req.Header.Set(api.IdempotencyKeyHeader, cl.idempotencyKey)
		}
		return req
	}

	rec := httptest.NewRecorder()
	c.handler.ServeHTTP(rec, newRequest())
	if rec.Code != cl.want {
		c.t.Fatalf("%s: status %d, want %d; body: %.300s", cl.route, rec.Code, cl.want, rec.Body)
	}

	route, pathParams, err := c.router.FindRoute(newRequest())
	if err != nil {
		c.t.Errorf("%s: the document has no such operation: %v", cl.route, err)
		return rec.Body.Bytes()
	}
	c.seen[route.Operation.OperationID] = true
	input := &openapi3filter.RequestValidationInput{
		Request:    newRequest(),
		PathParams: pathParams,
		Route:      route,
		Options:    &validationOptions,
	}
	err = openapi3filter.ValidateRequest(c.t.Context(), input)
	switch {
	case cl.docRefuses && err == nil:
		c.t.Errorf("%s: the server refuses the request (%d) but the document allows it", cl.route, rec.Code)
	case !cl.docRefuses && err != nil:
		c.t.Errorf("%s: the document refuses the request: %v", cl.route, err)
	}
	err = openapi3filter.ValidateResponse(c.t.Context(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input,
		Status:                 rec.Code,
		Header:                 rec.Header(),
		Body:                   io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
		Options:                &validationOptions,
	})
	if err != nil {
		c.t.Errorf("%s: the document does not allow the answer %d: %v\nbody: %.500s", cl.route, rec.Code, err, rec.Body)
	}
	return rec.Body.Bytes()
}

var validationOptions = openapi3filter.Options{
	IncludeResponseStatus: true,
	MultiError:            true,
	AuthenticationFunc:    requireBearer,
}

// requireBearer is the document's security scheme as a client sees it: a
// request without a bearer token breaks it. Whether the token is good is
// the server's business.
func requireBearer(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecuritySchemeName != "bearerAuth" {
		return fmt.Errorf("unexpected security scheme %q", in.SecuritySchemeName)
	}
	if !strings.HasPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ") {
		return errors.New("no bearer token")
	}
	return nil
}

func loadDocument(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile("openapi.json")
	if err != nil {
		t.Fatalf("loading openapi.json: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI 3 document: %v", err)
	}
	return doc
}

// closeAnswerObjects forbids undocumented fields in every object schema that
// does not say otherwise. The document leaves answers open so that clients
// ignore fields added later; the test closes them so that the server cannot
// send a field the document does not describe.
func closeAnswerObjects(doc *openapi3.T) {
	for _, ref := range doc.Components.Schemas {
		s := ref.Value
		if s.Type.Is(openapi3.TypeObject) && len(s.Properties) > 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
			s.AdditionalProperties.Has = new(false)
		}
	}
}

func operationIDs(doc *openapi3.T) []string {
	var ids []string
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			ids = append(ids, op.OperationID)
		}
	}
	slices.Sort(ids)
	return ids
}

func decodeAs[T any](c *conformance, body []byte) T {
	c.t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		c.t.Fatalf("decoding %T: %v", v, err)
	}
	return v
}
