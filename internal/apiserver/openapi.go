package apiserver

import (
	_ "embed"
	"net/http"
)

// openAPIDocument is the OpenAPI 3 description of the whole API.
// openapi_test.go drives the server through every operation and validates
// each request and answer against it, so the two cannot drift apart.
//
//go:embed openapi.json
var openAPIDocument []byte

// serveOpenAPI answers GET /api/v3/openapi.json.
func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	// A failed write means the client has gone: there is no one left to tell.
	_, _ = w.Write(openAPIDocument)
}
