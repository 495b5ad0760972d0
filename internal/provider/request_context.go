package provider

import (
	"context"
	"sync"
)

// The framework's server keeps the cancel function of every request's
// context until Terraform calls StopProvider, which it does only on an
// interrupt (proto6server's registerContext). Each of those holds the
// request's whole context: the loggers that terraform-plugin-go and the
// framework put in it, about 37 KB a request. A plan of 3000 objects made
// the provider process grow to 300 MB that way, and the garbage collector
// scan it again and again. So server (server.go) hands the framework, for
// every request it makes per resource, data source or function call, a
// context that lets go of the request's values once the request is
// answered. TestFrameworkStillKeepsRequestContexts fails when a framework
// release stops keeping them, so that this is dropped when it is no longer
// needed.

// detachedContext carries a request's deadline, cancellation and values
// until release, and then only its deadline and cancellation: what the
// framework keeps of it after that is small.
type detachedContext struct {
	context.Context // deadline and cancellation, without the values

	mu     sync.RWMutex
	values context.Context // the request's; nil once released
}

// Value answers the context package's own key with the cancellation, so
// that a context derived from this one is cancelled along with it without
// a goroutine to watch it; every other key with the request's value, until
// release.
func (c *detachedContext) Value(key any) any {
	if v := c.Context.Value(key); v != nil {
		return v
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.values == nil {
		return nil
	}
	return c.values.Value(key)
}

// detach returns a detachedContext of ctx and the function that releases
// its values, to call when the request is answered.
func detach(ctx context.Context) (*detachedContext, func()) {
	var cancellation context.Context
	var cancel context.CancelFunc
	if deadline, ok := ctx.Deadline(); ok {
		cancellation, cancel = context.WithDeadline(context.Background(), deadline)
	} else {
		cancellation, cancel = context.WithCancel(context.Background())
	}
	stopFollowing := context.AfterFunc(ctx, cancel)
	detached := &detachedContext{Context: cancellation, values: ctx}
	return detached, func() {
		stopFollowing()
		cancel()
		detached.mu.Lock()
		detached.values = nil
		detached.mu.Unlock()
	}
}

// detached runs a request of the framework's server with a detached
// context.
func detached[Req, Resp any](ctx context.Context, req Req, handle func(context.Context, Req) (Resp, error)) (Resp, error) {
	detachedCtx, release := detach(ctx)
	defer release()
	return handle(detachedCtx, req)
}
