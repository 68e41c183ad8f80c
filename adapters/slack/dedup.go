package slack

import (
	"context"
	"sync"
	"time"
)

// memDedup is the in-process EventDedup used when no store is given: bounded, forgetting the
// oldest half when full.
type memDedup struct {
	mu   sync.Mutex
	max  int
	seen map[string]time.Time
}

func newMemDedup(max int) *memDedup { return &memDedup{max: max, seen: map[string]time.Time{}} }

// FirstSeen records key and reports whether it was new.
func (d *memDedup) FirstSeen(_ context.Context, key string, now time.Time, ttl time.Duration) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if at, ok := d.seen[key]; ok && now.Sub(at) < ttl {
		return false, nil
	}
	if len(d.seen) >= d.max {
		for k, at := range d.seen {
			if now.Sub(at) >= ttl || len(d.seen) >= d.max/2 {
				delete(d.seen, k)
			}
		}
	}
	d.seen[key] = now
	return true, nil
}
