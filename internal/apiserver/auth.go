package apiserver

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
	"github.com/statushub-community/terraform-provider-statushub/internal/apikey"
	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// touchInterval keeps last_used_at coarse, as the store does: checking here
// first spares most requests a write transaction.
const touchInterval = time.Minute

// authed wraps a handler in the chain that every route with a key shares:
// authenticate, rate-limit, read the Idempotency-Key, handle.
func (s *server) authed(h handlerFunc) http.Handler {
	return s.authenticate(s.rateLimit(readIdempotencyKey(handle(h))))
}

// authentication is what authenticate learnt about the calling key.
type authentication struct {
	hash  []byte // of the secret, to find the caller again in each transaction
	keyID string
	// caller is the key and its member as of the store's generation gen,
	// which stand for as long as the generation does (see view).
	caller store.Caller
	gen    uint64
}

func authFrom(ctx context.Context) authentication {
	a, _ := ctx.Value(authKey).(authentication)
	return a
}

func unauthorized(format string, args ...any) *apiError {
	return newError(http.StatusUnauthorized, api.CodeUnauthorized, "", format, args...)
}

// authenticate checks the bearer secret. Its shape and checksum are checked
// before any lookup, so that junk never reaches the store; no answer or log
// line repeats it.
func (s *server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secret, ok := bearer(r)
		if !ok {
			fail(w, r, unauthorized("send an API key as Authorization: Bearer <key>"))
			return
		}
		if err := apikey.Validate(secret); err != nil {
			fail(w, r, unauthorized("%v", err)) // Validate never repeats the secret
			return
		}
		hash := apikey.Hash(secret)
		gen := s.store.Generation()
		c, err := s.verify(r.Context(), hash, gen)
		if err != nil {
			fail(w, r, err)
			return
		}
		ctx := context.WithValue(r.Context(), authKey, authentication{hash: hash, keyID: c.Key.ID, caller: c, gen: gen})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func bearer(r *http.Request) (string, bool) {
	scheme, secret, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(secret), true
}

// verify is what every use of a key goes through, from the API and from the
// Control Panel: the key of the secret's hash must exist as of the store's
// generation gen and not have expired; its use is recorded.
func (s *server) verify(ctx context.Context, hash []byte, gen uint64) (store.Caller, error) {
	c, err := s.lookUp(ctx, hash, gen)
	if err != nil {
		return c, err
	}
	infoFrom(ctx).keyID = c.Key.ID
	// By the clock, not by c.Key.Expired: c may come from the cache.
	if c.Key.HasExpired(s.now()) {
		return c, keyExpired(*c.Key.ExpiresAt)
	}
	s.touch(ctx, c)
	return c, nil
}

func keyExpired(at time.Time) *apiError {
	return newError(http.StatusUnauthorized, api.CodeKeyExpired, "",
		"the API key expired at %s; create a new key", at.Format(time.RFC3339Nano))
}

var errUnknownKey = unauthorized("the API key is not valid: it was deleted, reset or never issued")

// lookUp finds the key of a secret's hash as of the store's generation gen.
func (s *server) lookUp(ctx context.Context, hash []byte, gen uint64) (store.Caller, error) {
	if c, ok := s.callers.get(gen, [32]byte(hash)); ok {
		return c, nil
	}
	var c store.Caller
	err := s.store.View(ctx, func(tx *store.Tx) error {
		var err error
		c, err = tx.KeyByHash(hash)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return c, errUnknownKey
	}
	if err != nil {
		return c, err
	}
	s.callers.put(gen, [32]byte(hash), c, 1)
	return c, nil
}

// touch records that the key was used. A failure costs only that record,
// so it is logged and the request goes on.
func (s *server) touch(ctx context.Context, c store.Caller) {
	now := s.now()
	if last := c.Key.LastUsedAt; last != nil && now.Sub(*last) < touchInterval {
		return
	}
	err := s.store.Update(ctx, func(tx *store.Tx) error { return tx.TouchKey(c.Key.ID, now) })
	if err != nil {
		s.log.WarnContext(ctx, "recording the use of a key", "key_id", c.Key.ID, "error", err)
	}
}

// callerIn finds the caller again inside a transaction, so that its rights
// are those of that moment: a key revoked or a member demoted a moment ago
// counts at once.
func callerIn(tx *store.Tx, r *http.Request) (caller, error) {
	return callerByHash(tx, authFrom(r.Context()).hash, viaAPI)
}

func callerByHash(tx *store.Tx, hash []byte, via channel) (caller, error) {
	c, err := tx.KeyByHash(hash)
	if errors.Is(err, store.ErrNotFound) {
		return caller{}, errUnknownKey
	}
	return caller{Caller: c, via: via}, err
}
