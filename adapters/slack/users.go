package slack

import (
	"context"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// userInfo is what the adapter needs to know about a Slack user.
type userInfo struct {
	locale string
	admin  bool // workspace admin or owner
	at     time.Time
}

// userCache remembers users.info answers for a while. Get never waits: on a miss it starts one
// background fetch and answers "unknown", so no ack ever waits for Slack's Web API. Await lets
// the one request that must know (a refusal for lacking rights) wait for that fetch, bounded.
type userCache struct {
	ttl     time.Duration
	timeout time.Duration
	fetch   func(ctx context.Context, id string) (userInfo, error)
	spawn   func(func(ctx context.Context))

	m  *lru.Cache[string, userInfo] // the least recently used dropped past 10,000 users
	mu sync.Mutex
	// pending holds the background fetches in flight; each channel closes once its answer (if
	// any) is stored.
	pending map[string]chan struct{}
}

func newUserCache(fetch func(context.Context, string) (userInfo, error), spawn func(func(context.Context))) *userCache {
	m, _ := lru.New[string, userInfo](10000) // errs only for a size <= 0
	return &userCache{ttl: time.Hour, timeout: 3 * time.Second,
		fetch: fetch, spawn: spawn, m: m, pending: map[string]chan struct{}{}}
}

// Get returns the cached user, starting a refresh in the background when it is missing or stale.
func (c *userCache) Get(id string) (userInfo, bool) {
	if c == nil || c.fetch == nil || id == "" {
		return userInfo{}, false
	}
	now := time.Now()
	c.mu.Lock()
	u, ok := c.m.Get(id)
	fresh := ok && now.Sub(u.at) < c.ttl
	_, inFlight := c.pending[id]
	start := !fresh && !inFlight && len(c.pending) < 100
	var done chan struct{}
	if start {
		done = make(chan struct{})
		c.pending[id] = done
	}
	c.mu.Unlock()
	if start {
		c.spawn(func(ctx context.Context) {
			defer func() {
				c.mu.Lock()
				delete(c.pending, id)
				c.mu.Unlock()
				close(done)
			}()
			c.refresh(ctx, id)
		})
	}
	return u, ok
}

// Await waits for the background fetch of a user Get did not know, until it ends or stop fires,
// and returns what it stored. Nothing in flight and nothing cached, a failed fetch or stop:
// unknown.
func (c *userCache) Await(id string, stop <-chan time.Time) (userInfo, bool) {
	if c == nil || id == "" {
		return userInfo{}, false
	}
	c.mu.Lock()
	u, ok := c.m.Get(id)
	done := c.pending[id]
	c.mu.Unlock()
	if ok || done == nil {
		return u, ok // fetched meanwhile, or never asked (too many in flight)
	}
	select {
	case <-done:
	case <-stop:
		return userInfo{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	u, ok = c.m.Get(id)
	return u, ok
}

// refresh asks Slack and stores the answer; a failure keeps what was cached.
func (c *userCache) refresh(ctx context.Context, id string) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	u, err := c.fetch(ctx, id)
	if err != nil {
		return
	}
	u.at = time.Now()
	c.m.Add(id, u)
}

// Lookup is Get for paths that may wait (events and button presses, acknowledged already): on a
// miss it asks Slack at once, within the cache's timeout.
func (c *userCache) Lookup(ctx context.Context, id string) (userInfo, bool) {
	if c == nil || c.fetch == nil || id == "" {
		return userInfo{}, false
	}
	c.mu.Lock()
	u, ok := c.m.Get(id)
	c.mu.Unlock()
	if ok && time.Since(u.at) < c.ttl {
		return u, true
	}
	c.refresh(ctx, id)
	c.mu.Lock()
	defer c.mu.Unlock()
	u, ok = c.m.Get(id)
	return u, ok
}
