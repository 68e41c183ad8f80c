package slack

import (
	"context"
	"sync"
	"time"
)

// userInfo is what the adapter needs to know about a Slack user.
type userInfo struct {
	locale string
	admin  bool // workspace admin or owner
	at     time.Time
}

// userCache remembers users.info answers for a while. Get never waits: on a miss it starts one
// background fetch and answers "unknown", so no ack ever waits for Slack's Web API.
type userCache struct {
	clock   Clock
	ttl     time.Duration
	max     int
	timeout time.Duration
	fetch   func(ctx context.Context, id string) (userInfo, error)
	spawn   func(func(ctx context.Context))

	mu      sync.Mutex
	m       map[string]userInfo
	pending map[string]bool
}

func newUserCache(c Clock, fetch func(context.Context, string) (userInfo, error), spawn func(func(context.Context))) *userCache {
	return &userCache{clock: c, ttl: time.Hour, max: 10000, timeout: 3 * time.Second,
		fetch: fetch, spawn: spawn, m: map[string]userInfo{}, pending: map[string]bool{}}
}

// Get returns the cached user, starting a refresh in the background when it is missing or stale.
func (c *userCache) Get(id string) (userInfo, bool) {
	if c == nil || c.fetch == nil || id == "" {
		return userInfo{}, false
	}
	now := c.clock.Now()
	c.mu.Lock()
	u, ok := c.m[id]
	fresh := ok && now.Sub(u.at) < c.ttl
	start := !fresh && !c.pending[id] && len(c.pending) < 100
	if start {
		c.pending[id] = true
	}
	c.mu.Unlock()
	if start {
		c.spawn(func(ctx context.Context) { c.refresh(ctx, id) })
	}
	return u, ok
}

func (c *userCache) refresh(ctx context.Context, id string) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	u, err := c.fetch(ctx, id)
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, id)
	if err != nil {
		return
	}
	u.at = c.clock.Now()
	if _, ok := c.m[id]; !ok && len(c.m) >= c.max {
		for k := range c.m { // drop an arbitrary tenth: cheap, and a miss only costs a refetch
			delete(c.m, k)
			if len(c.m) < c.max*9/10 {
				break
			}
		}
	}
	c.m[id] = u
}

// Lookup is Get for paths that may wait (events and button presses, acknowledged already): on a
// miss it asks Slack at once, within the cache's timeout.
func (c *userCache) Lookup(ctx context.Context, id string) (userInfo, bool) {
	if c == nil || c.fetch == nil || id == "" {
		return userInfo{}, false
	}
	c.mu.Lock()
	u, ok := c.m[id]
	c.mu.Unlock()
	if ok && c.clock.Now().Sub(u.at) < c.ttl {
		return u, true
	}
	c.refresh(ctx, id)
	c.mu.Lock()
	defer c.mu.Unlock()
	u, ok = c.m[id]
	return u, ok
}
