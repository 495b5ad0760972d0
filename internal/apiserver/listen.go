package apiserver

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// What a request may weigh. Every refusal must reach the client as an
// answer it can read: a server that answers and closes while the client is
// still sending makes the kernel reset the connection, and the client then
// sees "connection reset" (and retries) instead of the 4xx.
const (
	// maxBodyBytes bounds every request body; over it, the answer is 413.
	maxBodyBytes = 1 << 20
	// maxDrainBytes bounds what is read of a body, refused or not: the
	// excess over maxBodyBytes is read and discarded, so that the 413
	// arrives before the connection closes. net/http itself discards only
	// 256 KiB after a handler. A body announced over this bound is refused
	// at once and the connection closed, which a client still sending may
	// see as a reset.
	maxDrainBytes = 8 << 20
	// maxHeaderBytes bounds the request line and headers, where the API
	// needs a key and an Idempotency-Key. Over it, net/http answers 431.
	maxHeaderBytes = 64 << 10
)

// Timeouts: generous for bodies of at most maxDrainBytes, short enough that
// clients that stall, halfway through their headers or later, cannot pile up.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 2 * time.Minute
)

// NewHTTPServer is the http.Server that `serve` runs handler (from New)
// with: it bounds the headers and the time a client may take, and logs
// connection errors to logger.
func NewHTTPServer(handler http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           handler,
		MaxHeaderBytes:    maxHeaderBytes,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// limitBody refuses bodies over maxBodyBytes with a 413 that the client
// reads: at once when the length is announced, while reading otherwise.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBodyBytes {
			refuseAnnouncedBody(w, r)
			return
		}
		body := &limitedBody{ReadCloser: r.Body, w: w, left: maxBodyBytes}
		r.Body = body
		next.ServeHTTP(w, r)
		// An answer given without reading the body, such as a 401, is still
		// buffered: the rest of the body is read before it goes out, so that
		// it does not turn into a reset either. A client that expects
		// "100 Continue" has not sent the body.
		if !expectsContinue(r) {
			_, _ = io.Copy(io.Discard, body) // past the limit, body discards the rest itself
		}
	})
}

// refuseAnnouncedBody answers 413 to a Content-Length over maxBodyBytes.
func refuseAnnouncedBody(w http.ResponseWriter, r *http.Request) {
	switch {
	case expectsContinue(r):
		// The client waits for "100 Continue", which net/http sends only
		// when the body is read: it gets the 413 instead and sends nothing.
	case r.ContentLength <= maxDrainBytes:
		discardRest(w, r.Body, 0)
	default:
		w.Header().Set("Connection", "close")
	}
	writeError(w, bodyError(&http.MaxBytesError{Limit: maxBodyBytes}))
}

// expectsContinue: net/http checks the token the same way, and answers 417
// to any other expectation before a handler runs.
func expectsContinue(r *http.Request) bool {
	return r.ProtoAtLeast(1, 1) && strings.EqualFold(r.Header.Get("Expect"), "100-continue")
}

// discardRest reads what is left of a refused body, of which read bytes are
// already read, up to maxDrainBytes in all. When the body goes on past
// that, or cannot be read, the connection closes after the answer.
func discardRest(w http.ResponseWriter, body io.Reader, read int64) {
	if _, err := io.CopyN(io.Discard, body, maxDrainBytes-read+1); err != io.EOF {
		w.Header().Set("Connection", "close")
	}
}

// limitedBody is http.MaxBytesReader, except that once over the limit it
// discards the rest of the body before it reports the *http.MaxBytesError
// that handlers answer with 413.
type limitedBody struct {
	io.ReadCloser
	w    http.ResponseWriter
	left int64 // what may still be read
	err  error // once over the limit
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	// One byte more than allowed tells a body at the limit from one over it.
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.ReadCloser.Read(p)
	if int64(n) <= b.left {
		b.left -= int64(n)
		return n, err
	}
	n, b.left = int(b.left), 0
	b.err = &http.MaxBytesError{Limit: maxBodyBytes}
	discardRest(b.w, b.ReadCloser, maxBodyBytes+1)
	return n, b.err
}
