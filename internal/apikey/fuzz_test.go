package apikey

import (
	"errors"
	"strings"
	"testing"
)

// FuzzValidate feeds any string to Validate: it never panics, its error
// never repeats a secret-shaped input, and a string it accepts stops being
// valid when any one of its characters changes (the checksum's promise).
func FuzzValidate(f *testing.F) {
	secret, err := Generate()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(secret)

	f.Fuzz(func(t *testing.T, s string) {
		err := Validate(s)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("Validate: %v is not ErrMalformed", err)
			}
			if len(s) == secretLen && strings.Contains(err.Error(), s[len(Scheme):]) {
				t.Errorf("the error %q repeats the input", err)
			}
			return
		}
		if !strings.HasPrefix(s, Prefix(s)) || len(Prefix(s)) <= len(Scheme) {
			t.Errorf("Prefix(%q) = %q", s, Prefix(s))
		}
		for i := len(Scheme); i < len(s); i++ {
			for _, c := range []byte("a7z2") {
				if c == s[i] {
					continue
				}
				if changed := s[:i] + string(c) + s[i+1:]; Validate(changed) == nil {
					t.Fatalf("Validate accepts %q, which differs from the valid %q at %d", changed, s, i)
				}
			}
		}
	})
}
