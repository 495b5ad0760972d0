package apiserver

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// apiError is an answer that is not a success, with the api.Error body.
type apiError struct {
	status     int
	body       api.Error
	retryAfter int // seconds, for a 429's Retry-After; 0 for other errors
}

func (e *apiError) Error() string { return e.body.Message }

func newError(status int, code, field, format string, args ...any) *apiError {
	return &apiError{status: status, body: api.Error{Code: code, Message: fmt.Sprintf(format, args...), Field: field}}
}

// badField is a 400 for a value the rules refuse.
func badField(field, format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, api.CodeInvalidField, field, format, args...)
}

// badQuery is a 400 for a query parameter.
func badQuery(param, format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, api.CodeInvalidQuery, param, format, args...)
}

// notFound is the 404 for an object that does not exist, belongs to another
// account or may not be read by the caller: the same answer for all three,
// so that ids cannot be probed.
func notFound(kind, id string) *apiError {
	return newError(http.StatusNotFound, api.CodeNotFound, "", "%s %s not found", kind, id)
}

func forbidden(field, format string, args ...any) *apiError {
	return newError(http.StatusForbidden, api.CodeForbidden, field, format, args...)
}

func conflict(field, format string, args ...any) *apiError {
	return newError(http.StatusConflict, api.CodeConflict, field, format, args...)
}

var errInternal = newError(http.StatusInternalServerError, api.CodeInternal, "", "the server could not answer this request")

// asAPIError translates any error a handler returns into the answer to give.
// internal reports the errors that are the server's fault, to be logged.
func asAPIError(err error) (_ *apiError, internal bool) {
	if e, ok := errors.AsType[*apiError](err); ok {
		return e, false
	}
	if c, ok := errors.AsType[*store.ConflictError](err); ok {
		return conflict(c.Field, "%s", c.Message), false
	}
	switch {
	case errors.Is(err, store.ErrBadCursor):
		return badQuery("cursor", "cursor is not one this list gave out"), false
	case errors.Is(err, store.ErrNotFound):
		// Handlers turn the lookups they make into a 404 that names the
		// object; this is the fallback.
		return newError(http.StatusNotFound, api.CodeNotFound, "", "not found"), false
	default:
		return errInternal, true
	}
}

func writeError(w http.ResponseWriter, e *apiError) {
	if e.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="statushub"`)
	}
	if e.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.retryAfter))
	}
	_ = encode(w, e.status, e.body) // an api.Error always encodes
}
