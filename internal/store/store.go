// Package store keeps the reference API's data in an embedded SQLite
// database (modernc.org/sqlite, pure Go).
//
// A file store runs in WAL mode with synchronous=FULL: every commit is
// fsynced to the WAL before Update returns, so what the API answered with a
// 2xx survives a crash or a power loss. (synchronous=NORMAL, the usual WAL
// pairing, may lose the last commits on power loss.) Writes go through a
// single connection and start with BEGIN IMMEDIATE, so writers queue in
// the pool instead of failing with "database is locked"; reads use a pool of
// read-only connections and, thanks to WAL, never wait for the writer.
//
// ":memory:" is one connection to a private in-memory database: with
// database/sql every new connection to ":memory:" would be a new, empty
// database. Reads and writes then take turns on that connection.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/statushub-community/terraform-provider-statushub/internal/api"
)

// Sentinel errors. Wrapped errors must still match with errors.Is.
var (
	// ErrNotFound: no such object in this account (or in this parent).
	ErrNotFound = errors.New("not found")
	// ErrConflict: a uniqueness rule was broken. The error is a *ConflictError.
	ErrConflict = errors.New("conflict")
	// ErrQuotaExceeded: a member already has api.MaxKeysPerMember keys.
	ErrQuotaExceeded = errors.New("key quota exceeded")
	// ErrBadCursor: a pagination cursor that this store did not make.
	ErrBadCursor = errors.New("malformed cursor")
)

// ConflictError names the field whose uniqueness was broken.
type ConflictError struct {
	Field   string // e.g. "subdomain", "email"
	Message string // e.g. `subdomain "status" is already taken`
}

func (e *ConflictError) Error() string        { return e.Message }
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// memoryPath is the path that Open takes for a private throw-away store.
const memoryPath = ":memory:"

// Connection settings shared by every connection. busy_timeout makes a
// connection wait for a lock held by another process (such as `accounts
// create` run beside `serve`) instead of failing at once; foreign keys are
// off by default in SQLite and are needed for the cascades.
const commonParams = "_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"

// Store is an open database. It is safe for concurrent use.
type Store struct {
	writer *sql.DB // one connection
	reader *sql.DB // read-only connections; the writer itself for ":memory:"

	writerStmts, readerStmts *stmtCache
	generation               atomic.Uint64 // see Generation
	clock                    func() time.Time
}

// Option changes a setting of Open.
type Option func(*Store)

// WithClock makes the store take the time from clock instead of time.Now:
// for the times it stamps on rows and for the expiry of idempotency
// records. The API server takes its time from the store too (see Now), so
// a test that moves clock moves both.
func WithClock(clock func() time.Time) Option {
	return func(s *Store) { s.clock = clock }
}

// Open opens (creating if need be) the database at path and applies the
// embedded migrations. path ":memory:" gives a private throw-away store.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: empty database path")
	}
	s, err := openPools(path)
	if err != nil {
		return nil, err
	}
	for _, opt := range opts {
		opt(s)
	}
	if err := s.start(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// Now is the time by the store's clock, as the store stamps it on rows.
func (s *Store) Now() time.Time { return normalize(s.clock()) }

func openPools(path string) (*Store, error) {
	if path == memoryPath {
		db, err := openPool(memoryPath+"?"+commonParams+"&_txlock=immediate", 1)
		if err != nil {
			return nil, err
		}
		return newStore(db, db), nil
	}
	name := "file:" + (&url.URL{Path: path}).EscapedPath()
	writer, err := openPool(name+"?"+commonParams+"&_pragma=journal_mode(WAL)&_txlock=immediate", 1)
	if err != nil {
		return nil, err
	}
	reader, err := openPool(name+"?"+commonParams+"&_pragma=query_only(1)", max(2, runtime.GOMAXPROCS(0)))
	if err != nil {
		_ = writer.Close()
		return nil, err
	}
	return newStore(writer, reader), nil
}

func newStore(writer, reader *sql.DB) *Store {
	s := &Store{writer: writer, reader: reader, writerStmts: newStmtCache(writer), readerStmts: newStmtCache(reader), clock: time.Now}
	if reader == writer {
		s.readerStmts = s.writerStmts
	}
	return s
}

func openPool(dsn string, conns int) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open database: %w", err)
	}
	db.SetMaxOpenConns(conns)
	// Keep every connection open (connections are never recycled by
	// default): an in-memory database lives only as long as its connection.
	db.SetMaxIdleConns(conns)
	return db, nil
}

// start migrates through the writer first, so that the file is in WAL mode
// and up to date before any reader connects.
func (s *Store) start(ctx context.Context) error {
	if err := migrate(ctx, s.writer); err != nil {
		return err
	}
	if err := s.reader.PingContext(ctx); err != nil {
		return fmt.Errorf("store: open read connection: %w", err)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.writerStmts.close()
	var errs []error
	if s.reader != s.writer {
		s.readerStmts.close()
		errs = append(errs, s.reader.Close())
	}
	// The writer closes last: the last connection to close checkpoints the WAL.
	errs = append(errs, s.writer.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Update runs fn in a write transaction (BEGIN IMMEDIATE): all of fn's writes
// commit together when it returns nil, and none when it returns an error.
// When Update returns nil the data is durable. fn must not call Update or
// View itself: a ":memory:" store has a single connection.
func (s *Store) Update(ctx context.Context, fn func(*Tx) error) error {
	// Counted even when nothing committed: a needless count costs nothing.
	defer s.generation.Add(1)
	return s.run(ctx, s.writer, s.writerStmts, nil, fn)
}

// Generation counts the calls of Update that have returned. A value read
// after Generation returned n is as current as a new read for as long as
// Generation returns n: no write has been acknowledged since. Writes by
// another process that opened the same file are not counted.
func (s *Store) Generation() uint64 {
	return s.generation.Load()
}

// View runs fn in a read-only transaction with a consistent snapshot.
func (s *Store) View(ctx context.Context, fn func(*Tx) error) error {
	return s.run(ctx, s.reader, s.readerStmts, &sql.TxOptions{ReadOnly: true}, fn)
}

// run returns fn's own error unwrapped, so callers can match their errors.
func (s *Store) run(ctx context.Context, db *sql.DB, stmts *stmtCache, opts *sql.TxOptions, fn func(*Tx) error) error {
	sqlTx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("store: begin transaction: %w", err)
	}
	// Undoes everything when fn fails or panics; a no-op after Commit.
	defer func() { _ = sqlTx.Rollback() }()
	if err := fn(&Tx{ctx: ctx, sqlTx: sqlTx, stmts: stmts, clock: s.clock}); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// Tx is a transaction. Its methods take the account id first: an object of
// another account is ErrNotFound.
type Tx struct {
	ctx   context.Context
	sqlTx *sql.Tx
	stmts *stmtCache
	clock func() time.Time
}

// prepared returns query's statement prepared on the transaction's
// connection, or nil when the cache has none yet.
func (tx *Tx) prepared(query string) *sql.Stmt {
	stmt := tx.stmts.get(query)
	if stmt == nil {
		return nil
	}
	return tx.sqlTx.StmtContext(tx.ctx, stmt)
}

func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	if stmt := tx.prepared(query); stmt != nil {
		return stmt.ExecContext(tx.ctx, args...)
	}
	return tx.sqlTx.ExecContext(tx.ctx, query, args...)
}

func (tx *Tx) query(query string, args ...any) (*sql.Rows, error) {
	if stmt := tx.prepared(query); stmt != nil {
		return stmt.QueryContext(tx.ctx, args...)
	}
	return tx.sqlTx.QueryContext(tx.ctx, query, args...)
}

func (tx *Tx) queryRow(query string, args ...any) *sql.Row {
	if stmt := tx.prepared(query); stmt != nil {
		return stmt.QueryRowContext(tx.ctx, args...)
	}
	return tx.sqlTx.QueryRowContext(tx.ctx, query, args...)
}

// PageRequest asks for one page: Size in 1..api.MaxPageSize, Cursor "" for
// the first page or a NextCursor this store returned. A Size of 0 or less
// means api.DefaultPageSize; a larger one is capped at api.MaxPageSize.
type PageRequest struct {
	Size   int
	Cursor string
}

// Caller is what an API key authenticates as.
type Caller struct {
	AccountID   string
	AccountName string
	Key         api.APIKey // Secret is empty
	Member      api.Member // with HubRoles
}

// NewKey is a key to store: the server makes the secret and passes only its
// public prefix and its hash.
type NewKey struct {
	Name      string
	LimitRole *string
	Prefix    string
	Hash      []byte
	ExpiresAt *time.Time // nil: never
}

// HubFilter narrows a list of hubs.
type HubFilter struct {
	Subdomain string // exact match ignoring case, like DNS names; "" for any
	// VisibleTo, when not "", keeps only hubs on which that member has a role
	// (viewer or above). "" keeps all hubs of the account (the owner's view).
	VisibleTo string
}

// MemberFilter narrows a list of members.
type MemberFilter struct {
	Email string // case-insensitive exact match, "" for any
}

// KeyFilter narrows the list of an account's keys.
type KeyFilter struct {
	MemberID string // "" for every member
	// NotUsedSince, when not nil, keeps only keys last used before it or
	// never used.
	NotUsedSince *time.Time
}

// IdempotencyRecord is the first answer to a POST that carried an
// Idempotency-Key. Body is stored as the server gives it (the server
// encrypts bodies that hold a secret before they get here).
type IdempotencyRecord struct {
	Scope       string // the calling key's id
	KeyHash     []byte // hash of the Idempotency-Key value
	RequestHash []byte // hash of method, path and body
	Status      int
	Body        []byte
	CreatedAt   time.Time
}
