package apiserver

import (
	"net/http"
	"strings"
)

// addRoutes lists the whole API surface. Every /api/v3 route but the
// OpenAPI document needs a key (s.authed); anything else answers a JSON 404
// or 405, or goes to the web pages when there are some.
func (s *server) addRoutes(mux *http.ServeMux) {
	mux.Handle("GET /api/v3/me", s.authed(s.handleMe))

	mux.Handle("GET /api/v3/hubs", s.authed(s.handleListHubs))
	mux.Handle("POST /api/v3/hubs", s.authed(s.handleCreateHub))
	mux.Handle("GET /api/v3/hubs/{hub_id}", s.authed(s.handleGetHub))
	mux.Handle("PATCH /api/v3/hubs/{hub_id}", s.authed(s.handleUpdateHub))
	mux.Handle("DELETE /api/v3/hubs/{hub_id}", s.authed(s.handleDeleteHub))

	mux.Handle("GET /api/v3/hubs/{hub_id}/components", s.authed(s.handleListComponents))
	mux.Handle("POST /api/v3/hubs/{hub_id}/components", s.authed(s.handleCreateComponent))
	mux.Handle("GET /api/v3/hubs/{hub_id}/components/{component_id}", s.authed(s.handleGetComponent))
	mux.Handle("PATCH /api/v3/hubs/{hub_id}/components/{component_id}", s.authed(s.handleUpdateComponent))
	mux.Handle("DELETE /api/v3/hubs/{hub_id}/components/{component_id}", s.authed(s.handleDeleteComponent))

	mux.Handle("GET /api/v3/members", s.authed(s.handleListMembers))
	mux.Handle("POST /api/v3/members", s.authed(s.handleCreateMember))
	mux.Handle("GET /api/v3/members/{member_id}", s.authed(s.handleGetMember))
	mux.Handle("PATCH /api/v3/members/{member_id}", s.authed(s.handleUpdateMember))
	mux.Handle("DELETE /api/v3/members/{member_id}", s.authed(s.handleDeleteMember))
	mux.Handle("PUT /api/v3/members/{member_id}/hub-roles/{hub_id}", s.authed(s.handleSetHubRole))
	mux.Handle("DELETE /api/v3/members/{member_id}/hub-roles/{hub_id}", s.authed(s.handleRemoveHubRole))

	mux.Handle("GET /api/v3/api-keys", s.authed(s.handleListAccountKeys))
	mux.Handle("GET /api/v3/members/{member_id}/api-keys", s.authed(s.handleListKeys))
	mux.Handle("POST /api/v3/members/{member_id}/api-keys", s.authed(s.handleCreateKey))
	mux.Handle("GET /api/v3/members/{member_id}/api-keys/{key_id}", s.authed(s.handleGetKey))
	mux.Handle("PATCH /api/v3/members/{member_id}/api-keys/{key_id}", s.authed(s.handleUpdateKey))
	mux.Handle("DELETE /api/v3/members/{member_id}/api-keys/{key_id}", s.authed(s.handleDeleteKey))
	mux.Handle("POST /api/v3/members/{member_id}/api-keys/{key_id}/reset", s.authed(s.handleResetKey))
	mux.Handle("GET /api/v3/members/{member_id}/api-keys/{key_id}/effective-roles", s.authed(s.handleEffectiveRoles))

	mux.Handle("GET /api/v3/audit-events", s.authed(s.handleListAuditEvents))

	mux.HandleFunc("GET /api/v3/openapi.json", serveOpenAPI)
	mux.HandleFunc("GET /healthz", handleHealthz)
	mux.Handle("/", s.pagesOr(mux, handleUnmatched(mux)))
}

// pagesOr leaves to the web pages the paths that are neither under /api/
// nor an API route asked with another method.
func (s *server) pagesOr(mux *http.ServeMux, unmatched http.Handler) http.Handler {
	if s.pages == nil {
		return unmatched
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") || len(allowedMethods(mux, r)) > 0 {
			unmatched.ServeHTTP(w, r)
			return
		}
		s.pages.ServeHTTP(w, r)
	})
}
