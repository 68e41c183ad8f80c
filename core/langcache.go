package core

import (
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

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

// langCache is a small TTL cache of saved language choices, the least recently used dropped
// past langCacheMax.
type langCache struct {
	m *lru.Cache[UserKey, cachedLang]
}

func newLangCache() langCache {
	m, _ := lru.New[UserKey, cachedLang](langCacheMax) // errs only for a size <= 0
	return langCache{m: m}
}

func (c langCache) get(u UserKey, now time.Time) (cachedLang, bool) {
	v, hit := c.m.Get(u)
	if !hit || now.After(v.until) {
		return cachedLang{}, false
	}
	return v, true
}

func (c langCache) put(u UserKey, lang knowledge.Lang, ok bool, now time.Time) {
	c.m.Add(u, cachedLang{lang: lang, ok: ok, until: now.Add(langCacheTTL)})
}
