package client

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
)

func TestMaskSecrets(t *testing.T) {
	t.Parallel()
	secret := mustGenerateKey()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"no secret", `{"id":"key_1","prefix":"shk_abcdefgh"}`, `{"id":"key_1","prefix":"shk_abcdefgh"}`},
		{"secret field", `{"id":"key_1","secret":"` + secret + `"}`, `{"id":"key_1","secret":"(masked)"}`},
		{"secret field, any value", `{"secret": "not a key \"quoted\"" ,"x":1}`, `{"secret":"(masked)" ,"x":1}`},
		{"nested secret field", `{"key":{"secret":"s"}}`, `{"key":{"secret":"(masked)"}}`},
		{"key in text", "bad key " + secret + ".", "bad key shk_…(masked)."},
		{"two keys", secret + "," + secret, "shk_…(masked),shk_…(masked)"},
		{"key in another field", `{"message":"` + secret + `"}`, `{"message":"shk_…(masked)"}`},
		{"truncated body", `{"secret":"` + secret[:20], `{"secret":"` + secret[:20]},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := maskSecrets(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSecretPatternMatchesGeneratedKeys(t *testing.T) {
	t.Parallel()
	for range 20 {
		k, err := apikey.Generate()
		if err != nil {
			t.Fatal(err)
		}
		if secretPattern.FindString(k) != k {
			t.Fatalf("secretPattern does not match the whole of a generated key")
		}
	}
}

func TestLogsNeverHoldSecrets(t *testing.T) {
	t.Parallel()
	secret := mustGenerateKey()
	srv := newScriptServer(t,
		answer{status: http.StatusServiceUnavailable, body: `{"code":"unavailable","message":"try ` + secret + `"}`},
		answer{status: http.StatusCreated, body: `{"id":"key_1","name":"ci","secret":"` + secret + `"}`},
	)
	c := newTestClient(t, srv.URL, nil)
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)

	key, err := c.CreateAPIKey(ctx, "mem_1", api.APIKeyCreate{Name: "ci " + secret})
	if err != nil {
		t.Fatal(err)
	}
	if key.Secret != secret {
		t.Errorf("the caller got secret %q, want the real one: masking is for logs only", key.Secret)
	}

	logged := out.String()
	for _, leak := range []string{secret, testKey, "Bearer"} {
		if strings.Contains(logged, leak) {
			t.Errorf("the log holds %q:\n%s", leak, logged)
		}
	}

	entries, err := tflogtest.MultilineJSONDecode(&out)
	if err != nil {
		t.Fatal(err)
	}
	var attempts []any
	var traced bool
	for _, e := range entries {
		switch e["@message"] {
		case "StatusHub API response":
			if e["method"] != "POST" || e["path"] != "/api/v3/members/mem_1/api-keys" || e["duration_ms"] == nil {
				t.Errorf("debug line without method, path or duration: %v", e)
			}
			attempts = append(attempts, e["attempt"], e["status"])
		case "StatusHub API response body":
			traced = strings.Contains(e["body"].(string), `"secret":"(masked)"`)
		}
	}
	if want := []any{1.0, 503.0, 2.0, 201.0}; !slices.Equal(attempts, want) {
		t.Errorf("attempts and statuses logged: got %v, want %v", attempts, want)
	}
	if !traced {
		t.Errorf("no trace line with the masked answer:\n%s", logged)
	}
}
