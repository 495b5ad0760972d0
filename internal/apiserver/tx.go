package apiserver

import (
	"net/http"

	"github.com/statushub-community/terraform-provider-statushub/internal/store"
)

// view answers 200 with what fn reads in one read transaction.
func view[T any](s *server, w http.ResponseWriter, r *http.Request, fn func(*store.Tx, caller) (T, error)) error {
	var v T
	err := s.store.View(r.Context(), func(tx *store.Tx) error {
		c, err := callerIn(tx, r)
		if err != nil {
			return err
		}
		v, err = fn(tx, c)
		return err
	})
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, v)
}

// change answers status with what fn returns. fn's checks, its writes, its
// audit event and, for a POST with an Idempotency-Key, the saved answer all
// share one write transaction: a request changes all or nothing, and a
// retried POST gets the first answer instead of making a second change.
func change[T any](s *server, w http.ResponseWriter, r *http.Request, status int, fn func(*store.Tx, caller) (T, error)) error {
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
func remove(s *server, w http.ResponseWriter, r *http.Request, fn func(*store.Tx, caller) error) error {
	return change(s, w, r, http.StatusNoContent, func(tx *store.Tx, c caller) (any, error) {
		return nil, fn(tx, c)
	})
}
