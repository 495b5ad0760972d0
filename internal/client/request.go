package client

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// maxExcerpt bounds the part of an answer's body that an *Error quotes.
const maxExcerpt = 512

// do sends one logical request, retried as the Client's policy allows, and
// decodes a 2xx answer into out. path is under the API base path; in, when
// not nil, is sent as JSON; out may be nil to ignore the answer's body.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, in, out any) error {
	path = api.BasePath + path
	status, body, err := c.send(logContext(ctx), method, path, query, in)
	if method != http.MethodGet {
		// A write, answered or not, may have changed what a listing holds.
		c.listings.drop()
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if status < 200 || status > 299 {
		return newError(method, path, status, body)
	}
	if out == nil || status == http.StatusNoContent {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("%s %s: decoding the answer: %w", method, path, err)
	}
	return nil
}

// send makes the request and returns the status and body of the last answer.
func (c *Client) send(ctx context.Context, method, path string, query url.Values, in any) (int, []byte, error) {
	target := c.endpoint + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	var payload any // retryablehttp rewinds a []byte body for every attempt
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, nil, fmt.Errorf("encoding the request: %w", err)
		}
		payload = b
		tflog.Trace(ctx, "StatusHub API request body", map[string]any{
			"method": method, "path": path, "body": maskSecrets(string(b)),
		})
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, target, payload)
	if err != nil {
		return 0, nil, err
	}
	c.setHeaders(req.Request, in != nil)

	done, err := c.pacer.wait(ctx, method)
	if err != nil {
		return 0, nil, err
	}
	resp, err := c.retryClient(ctx, path, req.Request).Do(req)
	done(resp)
	if err != nil {
		// The pass-through error handler can hand back an answer with an error.
		if resp != nil {
			resp.Body.Close()
		}
		return 0, nil, unwrapURLError(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, fmt.Errorf("reading the answer: %w", err)
	}
	tflog.Trace(ctx, "StatusHub API response body", map[string]any{
		"method": method, "path": path, "status": resp.StatusCode, "body": maskSecrets(string(body)),
	})
	return resp.StatusCode, body, nil
}

// setHeaders sets the headers of every request. A POST gets an
// Idempotency-Key, made once here so that every retry of it repeats the
// same key and the server never creates a second object.
func (c *Client) setHeaders(req *http.Request, hasBody bool) {
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if hasBody {
		req.Header.Set("Content-Type", "application/json")
	}
	if req.Method == http.MethodPost {
		req.Header.Set(api.IdempotencyKeyHeader, rand.Text())
	}
}

// unwrapURLError drops the *url.Error around a transport error: it repeats
// the method and the whole URL, which the caller says better.
func unwrapURLError(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err
	}
	return err
}

// newError describes an answer that is not a 2xx, from its api.Error body
// or, when the body is not one (a proxy's HTML page, say), an excerpt of it.
func newError(method, path string, status int, body []byte) *Error {
	e := &Error{Method: method, Path: path, Status: status}
	var apiErr api.Error
	if json.Unmarshal(body, &apiErr) == nil && (apiErr.Code != "" || apiErr.Message != "") {
		e.Code = excerpt(apiErr.Code)
		e.Field = excerpt(apiErr.Field)
		e.Message = excerpt(apiErr.Message)
		return e
	}
	e.Message = excerpt(string(body))
	return e
}

// excerpt makes text fit for an error message: secrets masked, valid UTF-8,
// on one line, and at most maxExcerpt bytes.
func excerpt(text string) string {
	text = strings.Join(strings.Fields(strings.ToValidUTF8(maskSecrets(text), "\uFFFD")), " ")
	if len(text) <= maxExcerpt {
		return text
	}
	const more = "…"
	cut := maxExcerpt - len(more)
	for !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut] + more
}
