package apiserver

import (
	"net/http"
	"slices"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"

	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// op is one operation of the API, with its input already checked: it reads
// or changes the store in the caller's transaction, under the caller's
// rights. The JSON handlers and the Control Panel (through Service) run the
// same ops, so that the same code decides for both.
type op[T any] func(*store.Tx, caller) (T, error)

// removal is an op that answers nothing.
type removal func(*store.Tx, caller) error

// view answers 200 with what fn reads in one read transaction. While the
// store's generation stays what it was when authenticate read the caller,
// no write has been acknowledged since, so that caller is the one callerIn
// would read. The answer depends only on the calling key and the request's
// path and query, so it is kept, and answered again, until the store
// changes; unless it shows a key due to expire (see expiresLater).
func view[T any](s *server, w http.ResponseWriter, r *http.Request, fn op[T]) error {
	auth := authFrom(r.Context())
	key := answerKey{secretHash: [32]byte(auth.hash), uri: r.URL.RequestURI()}
	gen := s.store.Generation()
	if a, ok := s.answers.get(gen, key); ok {
		a.writeTo(w)
		return nil
	}
	var v T
	err := s.store.View(r.Context(), func(tx *store.Tx) (err error) {
		c := caller{Caller: auth.caller}
		if auth.gen != gen {
			if c, err = callerIn(tx, r); err != nil {
				return err
			}
		}
		v, err = fn(tx, c)
		return err
	})
	if err != nil {
		return err
	}
	a, err := newAnswer(http.StatusOK, v)
	if err != nil {
		return err
	}
	if !expiresLater(v) {
		s.answers.put(gen, key, a, len(a.body))
	}
	a.writeTo(w)
	return nil
}

// expiresLater reports whether v shows a key that has not expired yet but
// will: such an answer changes with time alone, without a write, so the
// answer cache must not keep it.
func expiresLater(v any) bool {
	switch v := v.(type) {
	case api.APIKey:
		return v.ExpiresAt != nil && !v.Expired
	case api.Page[api.APIKey]:
		return slices.ContainsFunc(v.Data, func(k api.APIKey) bool { return expiresLater(k) })
	case api.Me:
		return expiresLater(v.Key)
	}
	return false
}

// answerKey names an answer of view.
type answerKey struct {
	secretHash [32]byte
	uri        string
}

// change answers status with what fn returns. fn's checks, its writes, its
// audit event and, for a POST with an Idempotency-Key, the saved answer all
// share one write transaction: a request changes all or nothing, and a
// retried POST gets the first answer instead of making a second change.
func change[T any](s *server, w http.ResponseWriter, r *http.Request, status int, fn op[T]) error {
	q := idempotencyFrom(r.Context())
	var (
		a        answer
		replayed bool
	)
	err := s.store.Update(r.Context(), func(tx *store.Tx) error {
		c, err := callerIn(tx, r)
		if err != nil {
			return err
		}
		if q != nil {
			if a, replayed, err = q.replay(tx, c.Key.ID); err != nil || replayed {
				return err
			}
		}
		v, err := fn(tx, c)
		if err != nil {
			return err
		}
		if a, err = newAnswer(status, v); err != nil {
			return err
		}
		if q != nil {
			return q.save(tx, c.Key.ID, a, s.now())
		}
		return nil
	})
	if err != nil {
		return err
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	a.writeTo(w)
	return nil
}

// remove is change for a delete: 204 without a body.
func remove(s *server, w http.ResponseWriter, r *http.Request, fn removal) error {
	return change(s, w, r, http.StatusNoContent, func(tx *store.Tx, c caller) (any, error) {
		return nil, fn(tx, c)
	})
}
