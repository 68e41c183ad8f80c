package search

import (
	"math"
	"strings"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// completion is one name of an entry that autocomplete offers, cleaned for matching.
type completion struct {
	lang knowledge.Lang // "" for the slug, which every language shares
	text string
}

// defaultLimit is Discord's cap on autocomplete choices, used when the caller gives none.
const defaultLimit = 25

func completions(e *knowledge.Entry) []completion {
	out := []completion{{text: normalize(e.Slug, math.MaxInt)}}
	for _, lang := range knowledge.Langs {
		t, ok := e.Texts[lang]
		if !ok || t == nil {
			continue
		}
		for _, a := range t.Aliases {
			out = append(out, completion{lang: lang, text: strings.TrimSpace(normalize(a, math.MaxInt))})
		}
		out = append(out, completion{lang: lang, text: strings.TrimSpace(normalize(t.Title, math.MaxInt))})
	}
	return out
}

// Complete suggests up to limit entries (25 when limit <= 0) for what a user has typed so far,
// matching slugs, aliases and titles in lang (in the language the entry has, when it lacks
// lang) case- and width-insensitively: names that start with prefix first, then names that
// contain it, each in base order. An empty prefix lists the first entries.
func (ix *Index) Complete(prefix string, lang knowledge.Lang, limit int) []*knowledge.Entry {
	if limit <= 0 {
		limit = defaultLimit
	}
	p := strings.TrimSpace(clean(prefix))
	var starts, contains []*knowledge.Entry
	for i, e := range ix.entries {
		if len(starts) >= limit {
			break
		}
		if e == nil {
			continue
		}
		if p == "" {
			starts = append(starts, e)
			continue
		}
		_, has := e.Texts[lang]
		_, shown := e.In(lang)
		best := 0 // 2: a name starts with p, 1: contains it
		for _, c := range ix.comp[i] {
			if c.lang != "" && c.lang != lang && (has || c.lang != shown) {
				continue
			}
			if strings.HasPrefix(c.text, p) {
				best = 2
				break
			}
			if best == 0 && strings.Contains(c.text, p) {
				best = 1
			}
		}
		switch best {
		case 2:
			starts = append(starts, e)
		case 1:
			contains = append(contains, e)
		}
	}
	out := append(starts, contains...)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
