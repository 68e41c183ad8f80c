// Package jobs runs an adapter's background work (late answers, follow-ups, gateway events,
// look-ups): a bounded number at once, each with a context that ends at shutdown or after a
// time limit, and a Shutdown that drains them and names what did not finish.
package jobs

import (
	"context"
	"sync"
	"time"
)

// Group is one adapter's background work. Its methods are safe for concurrent use.
type Group struct {
	base  context.Context
	stop  context.CancelFunc
	slots chan struct{}
	limit time.Duration

	mu      sync.Mutex
	closed  bool // by Shutdown: Go adds no more jobs
	next    uint64
	running map[uint64]string // job number -> its label
	zero    chan struct{}     // closed when running empties; nil while it is empty
}

// New returns a group that runs at most size jobs at once, each for at most limit.
func New(size int, limit time.Duration) *Group {
	g := &Group{slots: make(chan struct{}, max(size, 1)), limit: limit, running: map[uint64]string{}}
	g.base, g.stop = context.WithCancel(context.Background())
	return g
}

// Go runs f in its own goroutine once one of the group's slots is free. The caller never
// waits, so a job may start another (a late answer its own delivery) without a deadlock when
// every slot is busy; the goroutines that wait for a slot cost a few kilobytes each. While
// Shutdown waits, Go still takes jobs (a request that arrives meanwhile); once it has stopped
// waiting, Go reports false and f never runs, and jobs still waiting for a slot are dropped.
// label names the job in Shutdown's report (a channel id, say). f's context ends when
// Shutdown cancels the jobs, or after the group's limit.
func (g *Group) Go(label string, f func(ctx context.Context)) bool {
	j, ok := g.add(label)
	if !ok {
		return false
	}
	go func() {
		defer g.done(j)
		select {
		case g.slots <- struct{}{}:
		case <-g.base.Done():
			return
		}
		defer func() { <-g.slots }()
		if g.base.Err() != nil {
			return // the select above picks a free slot as often as the end
		}
		ctx, cancel := context.WithTimeout(g.base, g.limit)
		defer cancel()
		f(ctx)
	}()
	return true
}

// Context is the group's own: it ends when Shutdown cancels the jobs. Work that must outlive
// a platform's request but not the adapter runs under it.
func (g *Group) Context() context.Context { return g.base }

func (g *Group) add(label string) (uint64, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return 0, false
	}
	g.next++
	j := g.next
	if len(g.running) == 0 {
		g.zero = make(chan struct{})
	}
	g.running[j] = label
	return j, true
}

func (g *Group) done(j uint64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.running, j)
	if len(g.running) == 0 {
		close(g.zero)
		g.zero = nil
	}
}

// Shutdown lets running jobs finish until ctx ends, then cancels them and waits for them to
// return. It returns the labels of the jobs that were cancelled, nil when all finished.
// Jobs may still be added while it waits (a request that arrives during shutdown).
func (g *Group) Shutdown(ctx context.Context) []string {
	finished := g.wait(ctx)
	g.mu.Lock()
	g.closed = true
	var late []string
	if !finished {
		for _, label := range g.running {
			late = append(late, label)
		}
	}
	g.mu.Unlock()
	g.stop()
	g.wait(context.Background()) // for jobs cancelled now, or added just before closed was set
	return late
}

// wait blocks until no job runs or ctx ends, and reports whether the jobs finished.
func (g *Group) wait(ctx context.Context) bool {
	for {
		g.mu.Lock()
		z := g.zero
		g.mu.Unlock()
		if z == nil {
			return true
		}
		select {
		case <-z:
		case <-ctx.Done():
			return false
		}
	}
}
