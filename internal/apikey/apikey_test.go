package apikey

import (
	"errors"
	"strings"
	"testing"
)

func TestGenerateValidates(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 100 {
		s, err := Generate()
		if err != nil {
			t.Fatal(err)
		}
		if err := Validate(s); err != nil {
			t.Fatalf("fresh secret does not validate: %v", err)
		}
		if seen[s] {
			t.Fatal("duplicate secret")
		}
		seen[s] = true
		if !strings.HasPrefix(s, Prefix(s)) || len(Prefix(s)) != 12 {
			t.Fatalf("prefix %q of a secret is wrong", Prefix(s))
		}
	}
}

func TestValidateRejects(t *testing.T) {
	t.Parallel()
	good, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	flipped := []byte(good)
	if flipped[10] == 'a' {
		flipped[10] = 'b'
	} else {
		flipped[10] = 'a'
	}
	cases := map[string]string{
		"empty":        "",
		"wrong scheme": "abc_" + good[4:],
		"truncated":    good[:len(good)-1],
		"too long":     good + "a",
		"bad checksum": string(flipped),
		"upper case":   strings.ToUpper(good),
		"bad alphabet": good[:10] + "1" + good[11:],
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := Validate(s)
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("Validate = %v, want ErrMalformed", err)
			}
			if s != "" && strings.Contains(err.Error(), s) {
				t.Fatal("error repeats the secret")
			}
		})
	}
}

func TestHash(t *testing.T) {
	t.Parallel()
	a, b := Hash("shk_a"), Hash("shk_b")
	if len(a) != 32 || string(a) == string(b) || string(a) != string(Hash("shk_a")) {
		t.Fatal("hash is not a stable SHA-256")
	}
}
