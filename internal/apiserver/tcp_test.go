package apiserver_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// The input that only a real connection shows, from clients that send too
// much or too little. The test env serves over TCP as `serve` does; each
// case must get its clear 4xx every time, not a reset now and then.

// tries is how often each case is sent.
const tries = 30

// tcpClient has connections of its own, and waits for "100 Continue" far
// longer than the server takes to answer.
func tcpClient(t *testing.T) *http.Client {
	transport := &http.Transport{ExpectContinueTimeout: 10 * time.Second}
	t.Cleanup(transport.CloseIdleConnections)
	return &http.Client{Transport: transport, Timeout: 30 * time.Second}
}

// TestOversizedBodiesOverTCP: a body over 1 MiB gets a 413 that the client
// reads, whether its length is announced or not; a client that expects
// "100 Continue" gets it without sending the body at all.
func TestOversizedBodiesOverTCP(t *testing.T) {
	t.Parallel()
	const tooLarge = http.StatusRequestEntityTooLarge
	// 2 MiB is the size of the report; loopback buffers can take in all of
	// it before the server closes, so 6 MiB also makes sure of the drain.
	cases := []struct {
		name    string
		size    int64
		chunked bool // the length is not announced
		expect  bool // Expect: 100-continue
		noKey   bool
		want    int
		code    string
	}{
		{name: "2 MiB", size: 2 << 20, want: tooLarge, code: api.CodeBodyTooLarge},
		{name: "2 MiB chunked", size: 2 << 20, chunked: true, want: tooLarge, code: api.CodeBodyTooLarge},
		{name: "6 MiB", size: 6 << 20, want: tooLarge, code: api.CodeBodyTooLarge},
		{name: "6 MiB chunked", size: 6 << 20, chunked: true, want: tooLarge, code: api.CodeBodyTooLarge},
		{name: "5 MiB expecting 100 Continue", size: 5 << 20, expect: true, want: tooLarge, code: api.CodeBodyTooLarge},
		{name: "5 MiB chunked expecting 100 Continue", size: 5 << 20, chunked: true, expect: true, want: tooLarge, code: api.CodeBodyTooLarge},
		{name: "6 MiB chunked without a key", size: 6 << 20, chunked: true, noKey: true, want: http.StatusUnauthorized, code: api.CodeUnauthorized},
	}
	e := newTestEnv(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			client := tcpClient(t)
			body := strings.Repeat("x", int(tc.size))
			var got tally
			for range tries {
				sent := &countingReader{r: strings.NewReader(body)}
				req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, e.url+api.BasePath+"/hubs", sent)
				if err != nil {
					t.Fatal(err)
				}
				req.ContentLength = tc.size
				if tc.chunked {
					req.ContentLength = -1
				}
				if tc.expect {
					req.Header.Set("Expect", "100-continue")
				}
				if !tc.noKey {
					req.Header.Set("Authorization", "Bearer "+e.owner)
				}
				// Only http.Client waits for "100 Continue".
				if tc.expect {
					got.add(client.Do(req))
				} else {
					got.add(sendWhole(req))
				}
				if tc.expect && !tc.chunked && sent.n.Load() > 0 {
					t.Errorf("the server asked for a body it refuses by its length: %d bytes sent", sent.n.Load())
				}
			}
			got.check(t, tc.want, tc.code)
		})
	}
}

// TestOversizedHeadersOverTCP: headers over 64 KiB get a 431 that the
// client reads, from 128 KiB (under net/http's default limit) to 2 MiB.
func TestOversizedHeadersOverTCP(t *testing.T) {
	t.Parallel()
	e := newTestEnv(t)
	padding := strings.Repeat("x", 1<<10)
	for _, kib := range []int{128, 2 << 10} {
		t.Run(fmt.Sprintf("%d KiB", kib), func(t *testing.T) {
			t.Parallel()
			var got tally
			for range tries {
				req := ownerGetMe(t, e)
				for i := range kib {
					req.Header.Set(fmt.Sprintf("X-Padding-%d", i), padding)
				}
				got.add(sendWhole(req))
			}
			// net/http answers 431 itself, in plain text.
			got.check(t, http.StatusRequestHeaderFieldsTooLarge, "")
		})
	}
}

// TestStalledHeadersDoNotStopOthers: clients that stop halfway through
// their headers do not keep another client from its answers.
func TestStalledHeadersDoNotStopOthers(t *testing.T) {
	t.Parallel()
	const stalled = 200
	e := newTestEnv(t)
	addr := strings.TrimPrefix(e.url, "http://")
	for range stalled {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = conn.Close() })
		if _, err := io.WriteString(conn, "POST /api/v3/hubs HTTP/1.1\r\nHost: "+addr+"\r\nAuthoriz"); err != nil {
			t.Fatal(err)
		}
	}

	client := &http.Client{Timeout: 10 * time.Second} // a generous bound: the answer takes milliseconds
	t.Cleanup(client.CloseIdleConnections)
	var got tally
	for range tries {
		got.add(client.Do(ownerGetMe(t, e)))
	}
	got.check(t, http.StatusOK, "")
}

// ownerGetMe is a GET /me with the owner's key.
func ownerGetMe(t *testing.T, e *testEnv) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, e.url+api.BasePath+"/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.owner)
	return req
}

// sendWhole writes req whole before it reads the answer, as many scripts
// do: a server that answers and closes before it has read the request makes
// it fail with a reset.
func sendWhole(req *http.Request) (*http.Response, error) {
	conn, err := net.DialTimeout("tcp", req.URL.Host, 10*time.Second)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(30 * time.Second)); err != nil {
		return nil, err
	}
	if err := req.Write(conn); err != nil {
		return nil, fmt.Errorf("sending the request: %w", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		return nil, fmt.Errorf("reading the answer: %w", err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("reading the answer: %w", err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// tally counts the answers to the tries of one case.
type tally struct {
	answers []reply
	errs    []error
}

func (tl *tally) add(resp *http.Response, err error) {
	if err != nil {
		tl.errs = append(tl.errs, err)
		return
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tl.errs = append(tl.errs, fmt.Errorf("reading the answer: %w", err))
		return
	}
	tl.answers = append(tl.answers, reply{status: resp.StatusCode, header: resp.Header, body: body})
}

// check fails the test unless every try was answered want, with the API
// error code when code is set.
func (tl *tally) check(t *testing.T, want int, code string) {
	t.Helper()
	good := 0
	for _, r := range tl.answers {
		if r.status != want {
			t.Errorf("answered %d, want %d: %.200s", r.status, want, r.body)
			continue
		}
		if code != "" {
			if got := r.apiError(t); got.Code != code {
				t.Errorf("answered code %q, want %q", got.Code, code)
				continue
			}
		}
		good++
	}
	if good != tries {
		t.Errorf("%d of %d tries got %d; failed to get an answer: %d, the first with %v", good, tries, want, len(tl.errs), firstErr(tl.errs))
	}
}

func firstErr(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return errs[0]
}

// countingReader counts what the client sent of a body.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
