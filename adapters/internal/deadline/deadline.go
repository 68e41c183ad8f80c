// Package deadline answers a platform's request within the platform's deadline or defers it:
// the work runs in its own goroutine, the request waits for it up to the deadline and, when it
// is late, the adapter acknowledges at once and delivers the result when it comes.
package deadline

import (
	"context"
	"fmt"
	"time"
)

// Call is one piece of work racing a deadline.
type Call[T any] struct {
	done   chan T
	cancel context.CancelFunc
}

// Start runs work in its own goroutine. Its context keeps ctx's values but not its end: the
// platform's request is over once the adapter defers, and the work goes on; Wait's limit
// ends it.
func Start[T any](ctx context.Context, work func(ctx context.Context) T) *Call[T] {
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	c := &Call[T]{done: make(chan T, 1), cancel: cancel}
	go func() { c.done <- work(wctx) }()
	return c
}

// Within waits at most d for the result: it and true, or false when the work is late, in which
// case Wait must follow. A result that is there when the deadline passes still counts: after a
// stall (an overloaded host, a paused process) both can be ready at once.
func (c *Call[T]) Within(d time.Duration) (T, bool) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case v := <-c.done:
		c.cancel()
		return v, true
	case <-t.C:
	}
	select {
	case v := <-c.done:
		c.cancel()
		return v, true
	default:
		var zero T
		return zero, false
	}
}

// Wait waits for a late result for at most limit, or until ctx ends; then the work's context
// is cancelled and Wait says why it gave up.
func (c *Call[T]) Wait(ctx context.Context, limit time.Duration) (T, error) {
	defer c.cancel()
	t := time.NewTimer(limit)
	defer t.Stop()
	var zero T
	select {
	case v := <-c.done:
		return v, nil
	case <-t.C:
		return zero, fmt.Errorf("no result within %v: %w", limit, context.DeadlineExceeded)
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}
