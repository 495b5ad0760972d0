package apiserver

import (
	"bytes"
	"strings"
	"testing"
)

func TestValidIdempotencyKey(t *testing.T) {
	t.Parallel()
	cases := map[string]bool{
		"":                        false,
		"a":                       true,
		"0b8f6c1e-6f47-4e5f-9a7e": true,
		"with space":              true,
		strings.Repeat("k", 255):  true,
		strings.Repeat("k", 256):  false,
		"tab\there":               false,
		"newline\n":               false,
		"clé":                     false,
	}
	for v, want := range cases {
		if got := validIdempotencyKey(v); got != want {
			t.Errorf("validIdempotencyKey(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestSealedAnswers: an answer sealed under one Idempotency-Key opens only
// with it, and does not hold its plain text.
func TestSealedAnswers(t *testing.T) {
	t.Parallel()
	plain := []byte(`{"secret": "shk_example"}`)
	q := newIdempotentRequest("key-1", "POST", "/api/v3/hubs", nil)
	sealed, err := q.seal(plain)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("shk_example")) {
		t.Fatal("the sealed answer holds the plain text")
	}
	opened, err := q.open(sealed)
	if err != nil || !bytes.Equal(opened, plain) {
		t.Fatalf("open = %q, %v", opened, err)
	}
	other := newIdempotentRequest("key-2", "POST", "/api/v3/hubs", nil)
	if _, err := other.open(sealed); err == nil {
		t.Error("another Idempotency-Key opened the answer")
	}
}

func TestRequestHash(t *testing.T) {
	t.Parallel()
	base := newIdempotentRequest("k", "POST", "/api/v3/hubs", []byte(`{"name": "a"}`))
	others := []*idempotentRequest{
		newIdempotentRequest("k", "POST", "/api/v3/members", []byte(`{"name": "a"}`)),
		newIdempotentRequest("k", "POST", "/api/v3/hubs", []byte(`{"name": "b"}`)),
		newIdempotentRequest("k", "PUT", "/api/v3/hubs", []byte(`{"name": "a"}`)),
	}
	for _, o := range others {
		if bytes.Equal(o.requestHash, base.requestHash) {
			t.Error("two different requests have the same hash")
		}
		if !bytes.Equal(o.keyHash, base.keyHash) {
			t.Error("one Idempotency-Key has two lookup hashes")
		}
	}
}
