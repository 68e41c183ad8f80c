package search

import (
	"math"
	"strings"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// nameSep separates an entry's names in one string; cleaned text never holds it, since
// normalize turns control characters into spaces.
const nameSep = "\x00"

// completion holds an entry's names (slug, aliases, title) for autocomplete, cleaned, per
// language: each name preceded by nameSep, so that one search finds a name starting with a
// prefix ("\x00ris") or containing it ("ris").
type completion map[knowledge.Lang]string

// defaultLimit is Discord's cap on autocomplete choices, used when the caller gives none.
const defaultLimit = 25

func completions(nz *normalizer, e *knowledge.Entry) completion {
	out := completion{}
	slug := nameSep + strings.TrimSpace(nz.text(e.Slug, math.MaxInt))
	for _, lang := range knowledge.Langs {
		t, ok := e.Texts[lang]
		if !ok || t == nil {
			continue
		}
		var b strings.Builder
		b.WriteString(slug)
		for _, a := range append(append([]string(nil), t.Aliases...), t.Title) {
			b.WriteString(nameSep)
			b.WriteString(strings.TrimSpace(nz.text(a, math.MaxInt)))
		}
		out[lang] = b.String()
	}
	if len(out) == 0 {
		out[""] = slug
	}
	return out
}

// names returns the names of entry i a user reading lang sees: those in lang, or in the
// language the entry is shown in when it lacks lang.
func (ix *Index) names(i int, lang knowledge.Lang) string {
	c := ix.comp[i]
	if s, ok := c[lang]; ok {
		return s
	}
	if _, shown := ix.entries[i].In(lang); c[shown] != "" {
		return c[shown]
	}
	return c[""]
}

// Complete suggests up to limit entries (25 when limit <= 0) for what a user has typed so far,
// matching slugs, aliases and titles in lang (in the language the entry has, when it lacks
// lang) case- and width-insensitively: names that start with prefix first, then names that
// contain it, each in base order. An empty prefix lists the first entries.
func (ix *Index) Complete(prefix string, lang knowledge.Lang, limit int) []*knowledge.Entry {
	if limit <= 0 {
		limit = defaultLimit
	}
	p := strings.TrimSpace(ix.norm.query(prefix))
	start := nameSep + p
	var starts, contains []*knowledge.Entry
	for i, e := range ix.entries {
		if len(starts) >= limit {
			break
		}
		if e == nil {
			continue
		}
		switch names := ix.names(i, lang); {
		case p == "" || strings.Contains(names, start):
			starts = append(starts, e)
		case len(contains) < limit && strings.Contains(names, p):
			contains = append(contains, e)
		}
	}
	out := append(starts, contains...)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
