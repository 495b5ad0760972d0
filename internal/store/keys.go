package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

const keyColumns = "seq, id, member_id, name, limit_role, prefix, created_at, reset_at, last_used_at, expires_at"

// scanKey reads a key and marks it expired by the store's clock.
func (tx *Tx) scanKey(s scanner) (api.APIKey, int64, error) {
	var (
		k                            api.APIKey
		seq, created                 int64
		limit                        sql.NullString
		resetAt, lastUsed, expiresAt sql.NullInt64
	)
	if err := s.Scan(&seq, &k.ID, &k.MemberID, &k.Name, &limit, &k.Prefix, &created, &resetAt, &lastUsed, &expiresAt); err != nil {
		return api.APIKey{}, 0, err
	}
	k.LimitRole = nullString(limit)
	k.CreatedAt = fromDB(created)
	k.ResetAt = nullTime(resetAt)
	k.LastUsedAt = nullTime(lastUsed)
	k.ExpiresAt = nullTime(expiresAt)
	k.Expired = k.HasExpired(tx.now())
	return k, seq, nil
}

// touchInterval keeps last_used_at coarse: at most one write a minute per key.
const touchInterval = time.Minute

// KeyByHash finds the key whose secret hashes to hash (an indexed lookup).
func (tx *Tx) KeyByHash(hash []byte) (Caller, error) {
	k, _, err := tx.scanKey(tx.queryRow("SELECT "+keyColumns+" FROM api_keys WHERE hash = ?", hash))
	if err != nil {
		return Caller{}, fmt.Errorf("store: key by hash: %w", notFound(err))
	}
	var account api.Account
	err = tx.queryRow(`SELECT a.id, a.name FROM members m JOIN accounts a ON a.id = m.account_id WHERE m.id = ?`,
		k.MemberID).Scan(&account.ID, &account.Name)
	if err != nil {
		return Caller{}, fmt.Errorf("store: key by hash: %w", err)
	}
	m, err := tx.Member(account.ID, k.MemberID)
	if err != nil {
		return Caller{}, err
	}
	return Caller{AccountID: account.ID, AccountName: account.Name, Key: k, Member: m}, nil
}

// TouchKey sets last_used_at to at if it is older than a minute.
func (tx *Tx) TouchKey(keyID string, at time.Time) error {
	res, err := tx.exec(`UPDATE api_keys SET last_used_at = ?
		WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)`,
		toDB(at), keyID, toDB(at.Add(-touchInterval)))
	err = oneRow(res, err)
	if errors.Is(err, ErrNotFound) {
		// Nothing written: the key was touched recently, or there is no such key.
		var one int
		err = notFound(tx.queryRow("SELECT 1 FROM api_keys WHERE id = ?", keyID).Scan(&one))
	}
	return wrapf(err, "store: touch key %s", keyID)
}

// CreateKey adds a key to a member, refusing with ErrQuotaExceeded when the
// member already has api.MaxKeysPerMember keys that have not expired.
func (tx *Tx) CreateKey(accountID, memberID string, k NewKey) (api.APIKey, error) {
	// Counting and inserting in one write transaction is what keeps
	// concurrent creates from overshooting: writers are serialized.
	n, err := tx.CountKeys(accountID, memberID)
	if err != nil {
		return api.APIKey{}, err
	}
	if n >= api.MaxKeysPerMember {
		return api.APIKey{}, fmt.Errorf("member %s already has %d API keys, the most a member may have: %w",
			memberID, n, ErrQuotaExceeded)
	}
	key := api.APIKey{
		ID:        newID("key"),
		MemberID:  memberID,
		Name:      k.Name,
		LimitRole: k.LimitRole,
		Prefix:    k.Prefix,
		CreatedAt: tx.now(),
		ExpiresAt: normalizeNull(k.ExpiresAt),
	}
	key.Expired = key.HasExpired(key.CreatedAt)
	_, err = tx.exec(`INSERT INTO api_keys (id, member_id, name, limit_role, prefix, hash, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		key.ID, key.MemberID, key.Name, key.LimitRole, key.Prefix, k.Hash, toDB(key.CreatedAt), nullToDB(key.ExpiresAt))
	if err != nil {
		return api.APIKey{}, fmt.Errorf("store: create key: %w", err)
	}
	return key, nil
}

// Key returns one of a member's keys.
func (tx *Tx) Key(accountID, memberID, keyID string) (api.APIKey, error) {
	if err := tx.requireMember(accountID, memberID); err != nil {
		return api.APIKey{}, err
	}
	k, _, err := tx.scanKey(tx.queryRow("SELECT "+keyColumns+" FROM api_keys WHERE id = ? AND member_id = ?", keyID, memberID))
	if err != nil {
		return api.APIKey{}, fmt.Errorf("store: key %s: %w", keyID, notFound(err))
	}
	return k, nil
}

// Keys lists a member's keys, oldest first.
func (tx *Tx) Keys(accountID, memberID string, p PageRequest) (api.Page[api.APIKey], error) {
	if err := tx.requireMember(accountID, memberID); err != nil {
		return api.Page[api.APIKey]{}, err
	}
	page, err := listPage(tx, list{
		name:  "keys",
		query: "SELECT " + keyColumns + " FROM api_keys WHERE member_id = ?",
		args:  []any{memberID},
	}, p, tx.scanKey)
	return page, wrapf(err, "store")
}

// AccountKeys lists the keys of every member of an account, oldest first.
// A filter's member that is not in the account gives ErrNotFound.
func (tx *Tx) AccountKeys(accountID string, f KeyFilter, p PageRequest) (api.Page[api.APIKey], error) {
	l := list{
		name:  "account_keys",
		query: "SELECT " + keyColumns + " FROM api_keys WHERE member_id IN (SELECT id FROM members WHERE account_id = ?)",
		args:  []any{accountID},
	}
	if f.MemberID != "" {
		if err := tx.requireMember(accountID, f.MemberID); err != nil {
			return api.Page[api.APIKey]{}, err
		}
		l.query += " AND member_id = ?"
		l.args = append(l.args, f.MemberID)
	}
	if f.NotUsedSince != nil {
		l.query += " AND (last_used_at IS NULL OR last_used_at < ?)"
		l.args = append(l.args, toDB(*f.NotUsedSince))
	}
	page, err := listPage(tx, l, p, tx.scanKey)
	return page, wrapf(err, "store")
}

// CountKeys returns how many keys of a member have not expired: those that
// count towards its quota.
func (tx *Tx) CountKeys(accountID, memberID string) (int, error) {
	if err := tx.requireMember(accountID, memberID); err != nil {
		return 0, err
	}
	var n int
	err := tx.queryRow("SELECT COUNT(*) FROM api_keys WHERE member_id = ? AND (expires_at IS NULL OR expires_at > ?)",
		memberID, toDB(tx.now())).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count keys: %w", err)
	}
	return n, nil
}

// UpdateKey renames or re-limits a key.
func (tx *Tx) UpdateKey(accountID, memberID, keyID string, u api.APIKeyUpdate) (api.APIKey, error) {
	k, err := tx.Key(accountID, memberID, keyID)
	if err != nil {
		return api.APIKey{}, err
	}
	if u.Name != nil {
		k.Name = *u.Name
	}
	setNullable(&k.LimitRole, u.LimitRole)
	if _, err := tx.exec("UPDATE api_keys SET name = ?, limit_role = ? WHERE id = ?", k.Name, k.LimitRole, k.ID); err != nil {
		return api.APIKey{}, fmt.Errorf("store: update key: %w", err)
	}
	return k, nil
}

// ResetKey replaces a key's secret hash and prefix and sets reset_at.
func (tx *Tx) ResetKey(accountID, memberID, keyID, prefix string, hash []byte, at time.Time) (api.APIKey, error) {
	k, err := tx.Key(accountID, memberID, keyID)
	if err != nil {
		return api.APIKey{}, err
	}
	at = normalize(at)
	k.Prefix, k.ResetAt = prefix, &at
	if _, err := tx.exec("UPDATE api_keys SET prefix = ?, hash = ?, reset_at = ? WHERE id = ?", prefix, hash, toDB(at), k.ID); err != nil {
		return api.APIKey{}, fmt.Errorf("store: reset key: %w", err)
	}
	return k, nil
}

// DeleteKey removes a key.
func (tx *Tx) DeleteKey(accountID, memberID, keyID string) error {
	if err := tx.requireMember(accountID, memberID); err != nil {
		return err
	}
	res, err := tx.exec("DELETE FROM api_keys WHERE id = ? AND member_id = ?", keyID, memberID)
	return wrapf(oneRow(res, err), "store: delete key %s", keyID)
}
