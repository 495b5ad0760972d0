package store

import (
	"fmt"
	"time"
)

// idempotencyTTL is how long a retried POST gets the first answer back.
const idempotencyTTL = 24 * time.Hour

// IdempotencyRecord returns the stored answer for (scope, keyHash), or
// ErrNotFound. Records older than 24 hours by the store's clock are gone.
func (tx *Tx) IdempotencyRecord(scope string, keyHash []byte) (IdempotencyRecord, error) {
	r := IdempotencyRecord{Scope: scope, KeyHash: keyHash}
	var created int64
	// Expired records may still be on disk until the next save prunes them.
	err := tx.queryRow(`SELECT request_hash, status, body, created_at FROM idempotency_records
		WHERE scope = ? AND key_hash = ? AND created_at > ?`,
		scope, keyHash, toDB(tx.now().Add(-idempotencyTTL))).
		Scan(&r.RequestHash, &r.Status, &r.Body, &created)
	if err != nil {
		return IdempotencyRecord{}, fmt.Errorf("store: idempotency record: %w", notFound(err))
	}
	r.CreatedAt = fromDB(created)
	return r, nil
}

// SaveIdempotencyRecord stores the first answer to an idempotent POST.
// A CreatedAt of zero means now by the store's clock. A live record with
// the same scope and key is a *ConflictError on "Idempotency-Key".
func (tx *Tx) SaveIdempotencyRecord(r IdempotencyRecord) error {
	if _, err := tx.exec("DELETE FROM idempotency_records WHERE created_at <= ?", toDB(tx.now().Add(-idempotencyTTL))); err != nil {
		return fmt.Errorf("store: prune idempotency records: %w", err)
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = tx.now()
	}
	if r.Body == nil {
		r.Body = []byte{} // the column is NOT NULL
	}
	_, err := tx.exec(`INSERT INTO idempotency_records (scope, key_hash, request_hash, status, body, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`,
		r.Scope, r.KeyHash, r.RequestHash, r.Status, r.Body, toDB(r.CreatedAt))
	if isUnique(err, "idempotency_records.scope") {
		return &ConflictError{Field: "Idempotency-Key", Message: "a request with this Idempotency-Key was already answered"}
	}
	return wrapf(err, "store: save idempotency record")
}
