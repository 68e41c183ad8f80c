package discord

import (
	"sync"
	"time"
)

// recentIDs remembers the last n ids for at most ttl: a bounded window that stops a replayed
// or redelivered event from being processed twice by this process.
type recentIDs struct {
	mu   sync.Mutex
	ttl  time.Duration
	at   map[string]time.Time
	ring []string // insertion order; the oldest is overwritten when full
	next int
}

func newRecentIDs(n int, ttl time.Duration) *recentIDs {
	return &recentIDs{ttl: ttl, at: make(map[string]time.Time, n), ring: make([]string, n)}
}

// add records id at now and reports whether it was new (unknown or older than ttl).
func (r *recentIDs) add(id string, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if t, ok := r.at[id]; ok && now.Sub(t) < r.ttl {
		return false
	} else if ok {
		r.at[id] = now // expired: counts as new; its ring slot stays where it was
		return true
	}
	if old := r.ring[r.next]; old != "" {
		delete(r.at, old)
	}
	r.ring[r.next] = id
	r.next = (r.next + 1) % len(r.ring)
	r.at[id] = now
	return true
}
