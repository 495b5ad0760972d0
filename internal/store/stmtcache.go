package store

import (
	"database/sql"
	"sync"
)

// stmtCache keeps each query of a pool prepared, so that running it again
// skips SQLite's parsing and planning, which for this store's small queries
// cost as much as running them. database/sql keeps a pool's statement
// prepared on every connection that has run it (Tx.StmtContext).
//
// A query is prepared in the background after its first run: preparing on
// the pool needs a free connection, and the transaction that runs the query
// holds one, perhaps the only one (the writer; ":memory:"). Until then, and
// if preparing fails, the query runs unprepared, as it would without the
// cache. Every query of the store passes its values as parameters, so the
// cache holds one statement per query text.
type stmtCache struct {
	db *sql.DB

	mu     sync.Mutex
	stmts  map[string]*sql.Stmt // nil while being prepared, or after it failed
	closed bool
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}}
}

// get returns query's prepared statement, or nil when there is none yet.
func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	stmt, seen := c.stmts[query]
	if !seen && !c.closed {
		c.stmts[query] = nil
		go c.prepare(query)
	}
	return stmt
}

func (c *stmtCache) prepare(query string) {
	stmt, err := c.db.Prepare(query)
	if err != nil {
		return // the query keeps running unprepared
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		_ = stmt.Close()
		return
	}
	c.stmts[query] = stmt
}

// close closes the statements; the pool must be closed after it.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for _, stmt := range c.stmts {
		if stmt != nil {
			_ = stmt.Close()
		}
	}
}
