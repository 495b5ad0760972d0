// Package clocktest is a clock for tests of the store and the server: its
// time moves only when the test says so.
package clocktest

import (
	"sync"
	"time"
)

// Clock is a time that moves only by Advance. Its Now is what the store's
// WithClock takes.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// New returns a clock stopped at t.
func New(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
