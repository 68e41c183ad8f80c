// Package seen is the adapters' in-process record of event ids already handled: the
// platforms redeliver events (Slack's retries, a Discord gateway resume), and a bounded window
// in memory stops a duplicate on this replica when no store is shared, or when the store fails.
package seen

import (
	"context"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// Window remembers up to a fixed number of ids, the least recently seen dropped first. It is
// a core.EventDedup, safe for concurrent use.
type Window struct {
	mu sync.Mutex // Get then Add must be one step, so two deliveries at once are one event
	at *lru.Cache[string, time.Time]
}

// New returns a window of at most n ids (n > 0).
func New(n int) *Window {
	c, err := lru.New[string, time.Time](n)
	if err != nil {
		panic("seen.New: " + err.Error()) // only for n <= 0, a programming error
	}
	return &Window{at: c}
}

// FirstSeen records key at now and reports whether it is new: never seen, or last seen ttl
// or more before now.
func (w *Window) FirstSeen(_ context.Context, key string, now time.Time, ttl time.Duration) (bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if t, ok := w.at.Get(key); ok && now.Sub(t) < ttl {
		return false, nil
	}
	w.at.Add(key, now)
	return true, nil
}

// Layered asks this process's window first, so a duplicate delivered here twice costs no
// round trip, and then the shared store, which decides across replicas. With no store the
// window decides. A store error is returned with "new": better a rare double answer than none,
// and the window still stops a duplicate on this replica.
type Layered struct {
	Local  *Window
	Shared core.EventDedup // the replicas' record (the store); nil: this process only
}

// FirstSeen records key at now and reports whether it is new.
func (l Layered) FirstSeen(ctx context.Context, key string, now time.Time, ttl time.Duration) (bool, error) {
	if fresh, _ := l.Local.FirstSeen(ctx, key, now, ttl); !fresh {
		return false, nil
	}
	if l.Shared == nil {
		return true, nil
	}
	ok, err := l.Shared.FirstSeen(ctx, key, now, ttl)
	if err != nil {
		return true, err
	}
	return ok, nil
}
