package core

import (
	"sync"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// Reading the saved language costs a store round trip on every request, several times the
// rest of the work, so the Bot keeps recent answers (including "never chose") for a short
// while. Another replica's `lang` change is seen here within langCacheTTL; this replica's own
// changes at once.
const (
	langCacheTTL = time.Minute
	langCacheMax = 10_000
)

type cachedLang struct {
	lang  knowledge.Lang
	ok    bool
	until time.Time
}

// langCache is a small TTL cache of saved language choices, bounded by dropping everything
// when full: simple, and the store is there to refill it.
type langCache struct {
	mu sync.Mutex
	m  map[UserKey]cachedLang
}

func (c *langCache) get(u UserKey, now time.Time) (cachedLang, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, hit := c.m[u]
	if !hit || now.After(v.until) {
		return cachedLang{}, false
	}
	return v, true
}

func (c *langCache) put(u UserKey, lang knowledge.Lang, ok bool, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= langCacheMax {
		c.m = make(map[UserKey]cachedLang)
	}
	c.m[u] = cachedLang{lang: lang, ok: ok, until: now.Add(langCacheTTL)}
}
