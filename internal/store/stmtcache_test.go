package store

import (
	"context"
	"testing"
)

// TestStmtCache: a query runs unprepared until its statement is ready
// (the first get starts preparing it; here the test prepares it at once),
// then through the statement, with the same answer, on the transaction's
// connection.
func TestStmtCache(t *testing.T) {
	t.Parallel()
	s := openMemory(t)
	newFixture(t, s, "status")
	const query = "SELECT COUNT(*) FROM components WHERE hub_id IN (SELECT id FROM hubs)"
	c := newStmtCache(s.reader)
	c.prepare(query)

	err := s.View(context.Background(), func(tx *Tx) error {
		tx.stmts = c
		if tx.prepared(query) == nil {
			t.Fatal("the prepared statement is not used")
		}
		var n int
		if err := tx.queryRow(query).Scan(&n); err != nil || n != 1 {
			t.Errorf("count = %d, %v; want 1", n, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c.close()
	if c.get("SELECT 1") != nil || len(c.stmts) != 1 {
		t.Error("a closed cache started preparing")
	}
}
