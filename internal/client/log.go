package client

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

var (
	// secretPattern matches an API key secret: "shk_" and 46 base32
	// characters (see package apikey).
	secretPattern = regexp.MustCompile(`shk_[a-z2-7]{46}`)
	// secretFieldPattern matches a JSON string field named "secret", such as
	// the one in the answers to key create and reset.
	secretFieldPattern = regexp.MustCompile(`"secret"\s*:\s*"(?:[^"\\]|\\.)*"`)
)

// maskSecrets hides every API key secret in text, a request or answer body,
// before it is logged or quoted in an error.
func maskSecrets(text string) string {
	text = secretFieldPattern.ReplaceAllLiteralString(text, `"secret":"(masked)"`)
	return secretPattern.ReplaceAllLiteralString(text, "shk_…(masked)")
}

// logContext makes tflog mask secrets in every line logged with the
// returned context, retryablehttp's own lines included: a second guard
// behind maskSecrets, and the Client never logs headers at all.
func logContext(ctx context.Context) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "secret", "Authorization")
	ctx = tflog.MaskAllFieldValuesRegexes(ctx, secretPattern)
	return tflog.MaskMessageRegexes(ctx, secretPattern)
}

// tflogLogger passes retryablehttp's log lines to tflog, with the context of
// the call they belong to.
type tflogLogger struct {
	ctx context.Context
}

var _ retryablehttp.LeveledLogger = tflogLogger{}

func (l tflogLogger) Error(msg string, keysAndValues ...any) {
	tflog.Error(l.ctx, msg, fields(keysAndValues))
}

func (l tflogLogger) Warn(msg string, keysAndValues ...any) {
	tflog.Warn(l.ctx, msg, fields(keysAndValues))
}

func (l tflogLogger) Info(msg string, keysAndValues ...any) {
	tflog.Info(l.ctx, msg, fields(keysAndValues))
}

func (l tflogLogger) Debug(msg string, keysAndValues ...any) {
	tflog.Debug(l.ctx, msg, fields(keysAndValues))
}

// fields turns retryablehttp's alternating keys and values into tflog fields.
func fields(keysAndValues []any) map[string]any {
	m := make(map[string]any, len(keysAndValues)/2)
	for i := 0; i+1 < len(keysAndValues); i += 2 {
		m[fmt.Sprint(keysAndValues[i])] = keysAndValues[i+1]
	}
	return m
}

// beforeAttempt is the RequestLogHook: it notes the attempt for afterAttempt.
func (a *attempts) beforeAttempt(_ retryablehttp.Logger, _ *http.Request, retry int) {
	a.number = retry + 1
	a.started = time.Now()
}

// afterAttempt is the ResponseLogHook: one debug line per answer.
func (a *attempts) afterAttempt(_ retryablehttp.Logger, resp *http.Response) {
	tflog.Debug(a.ctx, "StatusHub API response", map[string]any{
		"method":      a.method,
		"path":        a.path,
		"status":      resp.StatusCode,
		"duration_ms": time.Since(a.started).Milliseconds(),
		"attempt":     a.number,
	})
}
