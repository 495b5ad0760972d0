package client

import (
	"net/http"
	"testing"
	"time"
)

// FuzzRetryAfter feeds any Retry-After value to the retry policy: it never
// panics, reads no negative wait, and never waits longer than waitMax,
// however large or far off the value is.
func FuzzRetryAfter(f *testing.F) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, v := range []string{
		"1", "3600", "abc", "-5", "99999999999999999999", "9223372036854775807",
		now.Add(time.Minute).Format(http.TimeFormat), now.Add(-time.Hour).Format(http.TimeFormat),
	} {
		f.Add(v, uint8(0))
	}
	s := retrySettings{waitMin: 10 * time.Millisecond, waitMax: 100 * time.Millisecond}

	f.Fuzz(func(t *testing.T, value string, retry uint8) {
		resp := &http.Response{Header: http.Header{"Retry-After": {value}}}
		if d, ok := retryAfter(resp, now); ok && d < 0 {
			t.Errorf("retryAfter(%q) = %s, a negative wait", value, d)
		}
		if w := s.wait(int(retry), resp); w < 0 || w > s.waitMax {
			t.Errorf("wait(%d, %q) = %s, want from 0 to %s", retry, value, w, s.waitMax)
		}
	})
}
