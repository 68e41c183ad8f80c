// Package deadline answers a platform's request within the platform's deadline or defers it:
// Slack wants a slash command acknowledged within three seconds, Discord an interaction
// answered or deferred within three. Race runs the work and, only when it is late, has the
// adapter acknowledge at once; the work's result is then delivered some other way.
package deadline

import (
	"context"
	"sync/atomic"
	"time"
)

// States of a Race.
const (
	working int32 = iota
	late
	inTime
)

// Race runs work on the caller's goroutine (its stack is warm, and an answer that takes
// microseconds needs no hand-off) against the deadline d. Done in time: work's result and
// true, and onLate never runs. Not done: onLate runs once, in its own goroutine, as soon as d
// has passed (the adapter acknowledges the platform then), and Race returns work's result,
// when it comes, with false, after onLate has returned.
//
// work's context is ctx, which must outlive the platform's request (that is over once the
// adapter has deferred, and the work goes on: the adapter's own, which ends at shutdown); it is
// also cancelled limit after the start, a timer armed only once the work is late. work must
// honour it.
func Race[T any](ctx context.Context, d, limit time.Duration, work func(ctx context.Context) T, onLate func()) (T, bool) {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var state atomic.Int32
	var bound *time.Timer // set before lateDone closes, read after
	lateDone := make(chan struct{})
	t := time.AfterFunc(d, func() {
		if state.CompareAndSwap(working, late) {
			bound = time.AfterFunc(limit-d, cancel)
			onLate()
			close(lateDone)
		}
	})
	v := work(wctx)
	if state.CompareAndSwap(working, inTime) {
		t.Stop()
		return v, true
	}
	<-lateDone
	bound.Stop()
	return v, false
}
