package apiserver

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// maxIdempotencyKeyLen bounds the Idempotency-Key header value.
const maxIdempotencyKeyLen = 255

// idempotentRequest is a POST that carries an Idempotency-Key. Its first
// answer is saved in the transaction that made the change, and every retry
// gets that answer back instead of a second change.
//
// A saved answer may hold a new key's secret, so it is stored encrypted
// under a key derived from the Idempotency-Key value, which the server never
// stores: the database alone cannot give the secret away.
type idempotentRequest struct {
	keyHash     []byte // SHA-256 of the header value: what the record is found by
	requestHash []byte // SHA-256 of method, path and body: a retry must match it
	sealKey     []byte // AES-256 key for the saved answer
}

func newIdempotentRequest(value, method, path string, body []byte) *idempotentRequest {
	keyHash := sha256.Sum256([]byte(value))
	sealKey := sha256.Sum256([]byte("statushub-idempotency-body:" + value))
	h := sha256.New()
	fmt.Fprintf(h, "%s %s\n", method, path)
	h.Write(body)
	return &idempotentRequest{keyHash: keyHash[:], requestHash: h.Sum(nil), sealKey: sealKey[:]}
}

func idempotencyFrom(ctx context.Context) *idempotentRequest {
	q, _ := ctx.Value(idempotencyKey).(*idempotentRequest)
	return q
}

// readIdempotencyKey checks the header of a POST and reads the body that the
// request hash covers. Other methods are idempotent already and ignore it.
func readIdempotencyKey(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		values, present := r.Header[api.IdempotencyKeyHeader]
		if r.Method != http.MethodPost || !present {
			next.ServeHTTP(w, r)
			return
		}
		if len(values) != 1 || !validIdempotencyKey(values[0]) {
			fail(w, r, badField(api.IdempotencyKeyHeader, "the %s header must be sent once, with 1 to %d printable ASCII characters",
				api.IdempotencyKeyHeader, maxIdempotencyKeyLen))
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			fail(w, r, bodyError(err))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		q := newIdempotentRequest(values[0], r.Method, r.URL.Path, body)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), idempotencyKey, q)))
	})
}

func validIdempotencyKey(v string) bool {
	if len(v) == 0 || len(v) > maxIdempotencyKeyLen {
		return false
	}
	for i := range len(v) {
		if v[i] < ' ' || v[i] > '~' {
			return false
		}
	}
	return true
}

// replay returns the saved answer for this request's key, if there is one.
func (q *idempotentRequest) replay(tx *store.Tx, scope string) (answer, bool, error) {
	rec, err := tx.IdempotencyRecord(scope, q.keyHash)
	if errors.Is(err, store.ErrNotFound) {
		return answer{}, false, nil
	}
	if err != nil {
		return answer{}, false, err
	}
	if !hmac.Equal(rec.RequestHash, q.requestHash) {
		return answer{}, false, newError(http.StatusUnprocessableEntity, api.CodeIdempotency, api.IdempotencyKeyHeader,
			"this %s was used for a different request; send a new one with each new request", api.IdempotencyKeyHeader)
	}
	body, err := q.open(rec.Body)
	if err != nil {
		return answer{}, false, err
	}
	return answer{status: rec.Status, body: body}, true, nil
}

// save stores the first answer, in the transaction of the change it reports.
func (q *idempotentRequest) save(tx *store.Tx, scope string, a answer, at time.Time) error {
	sealed, err := q.seal(a.body)
	if err != nil {
		return err
	}
	return tx.SaveIdempotencyRecord(store.IdempotencyRecord{
		Scope:       scope,
		KeyHash:     q.keyHash,
		RequestHash: q.requestHash,
		Status:      a.status,
		Body:        sealed,
		CreatedAt:   at,
	})
}

func (q *idempotentRequest) aead() (cipher.AEAD, error) {
	block, err := aes.NewCipher(q.sealKey)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCMWithRandomNonce(block)
}

func (q *idempotentRequest) seal(plain []byte) ([]byte, error) {
	aead, err := q.aead()
	if err != nil {
		return nil, fmt.Errorf("sealing an idempotent answer: %w", err)
	}
	return aead.Seal(nil, nil, plain, nil), nil
}

func (q *idempotentRequest) open(sealed []byte) ([]byte, error) {
	aead, err := q.aead()
	if err != nil {
		return nil, fmt.Errorf("opening an idempotent answer: %w", err)
	}
	plain, err := aead.Open(nil, nil, sealed, nil)
	if err != nil {
		return nil, fmt.Errorf("opening an idempotent answer: %w", err)
	}
	return plain, nil
}
