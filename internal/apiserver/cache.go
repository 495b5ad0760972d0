package apiserver

import "sync"

// Bounds of the server's caches: the keys in use, and the answers that
// clients ask for again and again, such as pollers of a status.
const (
	maxCachedCallers     = 10_000
	maxCachedAnswerBytes = 16 << 20
)

// readCache keeps values computed from the store while the store does not
// change: each value is kept with the store's generation from before it was
// read, and the first value of a newer generation empties the cache. A hit
// is therefore what a new transaction would read, and costs a map lookup
// instead. It assumes one server process per database, as the rate limiter
// does: another process's writes are not seen.
type readCache[K comparable, V any] struct {
	maxCost int // when exceeded, the cache empties

	mu    sync.RWMutex // reads far outnumber puts
	gen   uint64
	items map[K]V
	cost  int
}

func newReadCache[K comparable, V any](maxCost int) *readCache[K, V] {
	return &readCache[K, V]{maxCost: maxCost, items: map[K]V{}}
}

// get returns the value of k kept at generation gen, the store's current one.
func (c *readCache[K, V]) get(gen uint64, k K) (V, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if gen != c.gen {
		var zero V
		return zero, false
	}
	v, ok := c.items[k]
	return v, ok
}

// put keeps v, read after the store's generation was gen, at cost.
func (c *readCache[K, V]) put(gen uint64, k K, v V, cost int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case gen < c.gen:
		return // read before a write that the cache already saw
	case gen > c.gen || c.cost+cost > c.maxCost:
		clear(c.items)
		c.gen, c.cost = gen, 0
	}
	c.items[k] = v
	c.cost += cost
}
