package apiserver

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

type ctxKey int

const (
	infoKey ctxKey = iota
	authKey
	idempotencyKey
)

// requestInfo is what the inner layers tell the request log line.
type requestInfo struct {
	keyID string
	err   error // the cause of a 5xx, for the log only
}

func infoFrom(ctx context.Context) *requestInfo {
	if info, ok := ctx.Value(infoKey).(*requestInfo); ok {
		return info
	}
	return &requestInfo{}
}

// handlerFunc is a handler that returns its failure instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			fail(w, r, err)
		}
	})
}

// fail writes err as an API error. The cause of a 5xx goes to the log,
// never to the client.
func fail(w http.ResponseWriter, r *http.Request, err error) {
	e, internal := asAPIError(err)
	if internal {
		infoFrom(r.Context()).err = err
	}
	writeError(w, e)
}

// logRequests writes one line per request: method, route pattern, status,
// duration and calling key id. Never headers or bodies: they hold secrets.
func (s *server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &requestInfo{}
		r = r.WithContext(context.WithValue(r.Context(), infoKey, info))
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)

		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("route", r.Pattern),
			slog.Int("status", sw.status),
			slog.Duration("duration", time.Since(start)),
		}
		if info.keyID != "" {
			attrs = append(attrs, slog.String("key_id", info.keyID))
		}
		level := slog.LevelInfo
		if info.err != nil {
			level = slog.LevelError
			attrs = append(attrs, slog.String("error", info.err.Error()))
		}
		s.log.LogAttrs(r.Context(), level, "request", attrs...)
	})
}

// statusWriter remembers the status for the log line.
type statusWriter struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (w *statusWriter) WriteHeader(status int) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = status, true
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wroteHeader = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// recoverPanics turns a panic into a JSON 500 with its cause in the log
// line, where net/http would drop the connection without an answer.
func recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			infoFrom(r.Context()).err = fmt.Errorf("panic: %v\n%s", v, debug.Stack())
			writeError(w, errInternal)
		}()
		next.ServeHTTP(w, r)
	})
}

// handleUnmatched answers in JSON where the mux would answer in plain text:
// 405 with Allow when the path takes other methods, 404 otherwise.
func handleUnmatched(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		allowed := allowedMethods(mux, r)
		if len(allowed) == 0 {
			writeError(w, newError(http.StatusNotFound, api.CodeNotFound, "", "there is no route %s", r.URL.Path))
			return
		}
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		writeError(w, newError(http.StatusMethodNotAllowed, api.CodeMethodNotAllow, "",
			"%s is not allowed on %s: use %s", r.Method, r.URL.Path, strings.Join(allowed, ", ")))
	})
}

// allowedMethods asks the mux which methods have a route for r's path.
func allowedMethods(mux *http.ServeMux, r *http.Request) []string {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.WithContext(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "/" && pattern != "" {
			allowed = append(allowed, m)
		}
	}
	return allowed
}

func handleHealthz(w http.ResponseWriter, _ *http.Request) {
	_ = encode(w, http.StatusOK, map[string]string{"status": "ok"}) // a map of strings always encodes
}
