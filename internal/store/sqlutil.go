package store

import (
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// newID returns an id such as "hub_" followed by 20 hex digits (80 random bits).
func newID(prefix string) string {
	b := make([]byte, 10)
	_, _ = rand.Read(b) // never fails: crypto/rand crashes the program instead
	return prefix + "_" + hex.EncodeToString(b)
}

// Times are stored as unix microseconds. Everything the store returns went
// through toDB and fromDB, so a read after a write gives identical values.
func toDB(t time.Time) int64 { return t.UnixMicro() }

func fromDB(us int64) time.Time { return time.UnixMicro(us).UTC() }

func normalize(t time.Time) time.Time { return fromDB(toDB(t)) }

// now is the time by the store's clock, to stamp rows with.
func (tx *Tx) now() time.Time { return normalize(tx.clock()) }

// normalizeNull is normalize for an optional time.
func normalizeNull(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	n := normalize(*t)
	return &n
}

// nullToDB is toDB for an optional time: nil is NULL.
func nullToDB(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: toDB(*t), Valid: true}
}

func nullTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromDB(v.Int64)
	return &t
}

func nullString(v sql.NullString) *string {
	if !v.Valid {
		return nil
	}
	return &v.String
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// isUnique reports whether err broke the UNIQUE constraint on column, named
// as SQLite names it ("hubs.subdomain").
func isUnique(err error, column string) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code()
	return (code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY) &&
		strings.Contains(se.Error(), column)
}

// oneRow turns "no row was changed" into ErrNotFound.
func oneRow(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// notFound turns sql.ErrNoRows into ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// A cursor is the base64url of "v1:<list>:<seq>", where seq is that of the
// last row of the previous page. Naming the list keeps a cursor of one list
// from being taken by another.
const cursorVersion = "v1"

func encodeCursor(list string, seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorVersion + ":" + list + ":" + strconv.FormatInt(seq, 10)))
}

func decodeCursor(list, cursor string) (int64, error) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return 0, ErrBadCursor
	}
	rest, ok := strings.CutPrefix(string(raw), cursorVersion+":"+list+":")
	if !ok {
		return 0, ErrBadCursor
	}
	seq, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || seq <= 0 {
		return 0, ErrBadCursor
	}
	return seq, nil
}

func pageSize(size int) int {
	switch {
	case size <= 0:
		return api.DefaultPageSize
	case size > api.MaxPageSize:
		return api.MaxPageSize
	default:
		return size
	}
}

// list describes a paginated query: its name (for cursors), the query up to
// and including its WHERE clause, with seq as the first column, and the
// order. Newest-first lists walk seq downwards.
type list struct {
	name        string
	query       string
	args        []any
	newestFirst bool
}

// listPage returns one page of l. Pages are keyed on seq, not on offsets, so
// rows added or removed between two requests never make a row repeat or go
// missing.
func listPage[T any](tx *Tx, l list, p PageRequest, scan func(scanner) (T, int64, error)) (api.Page[T], error) {
	size := pageSize(p.Size)
	query, args := l.query, append([]any(nil), l.args...)
	if p.Cursor != "" {
		after, err := decodeCursor(l.name, p.Cursor)
		if err != nil {
			return api.Page[T]{}, err
		}
		if l.newestFirst {
			query += " AND seq < ?"
		} else {
			query += " AND seq > ?"
		}
		args = append(args, after)
	}
	if l.newestFirst {
		query += " ORDER BY seq DESC LIMIT ?"
	} else {
		query += " ORDER BY seq LIMIT ?"
	}
	// One row more than asked tells whether there is a next page.
	args = append(args, size+1)

	rows, err := tx.query(query, args...)
	if err != nil {
		return api.Page[T]{}, fmt.Errorf("list %s: %w", l.name, err)
	}
	defer rows.Close()
	page := api.Page[T]{Data: make([]T, 0, size)}
	var last int64
	for rows.Next() {
		if len(page.Data) == size {
			page.NextCursor = encodeCursor(l.name, last)
			break
		}
		v, seq, err := scan(rows)
		if err != nil {
			return api.Page[T]{}, fmt.Errorf("list %s: %w", l.name, err)
		}
		page.Data = append(page.Data, v)
		last = seq
	}
	if err := rows.Err(); err != nil {
		return api.Page[T]{}, fmt.Errorf("list %s: %w", l.name, err)
	}
	return page, nil
}

// wrapf adds context to err, and keeps nil nil.
func wrapf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// setIf sets *dst to *v when a PATCH field v is present.
func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// setNullable sets or clears *dst when a PATCH field v is present.
func setNullable[T any](dst **T, v api.Nullable[T]) {
	switch {
	case v.Null:
		*dst = nil
	case v.Set:
		value := v.Value
		*dst = &value
	}
}
