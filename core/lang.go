package core

import (
	"context"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// Lang is the language the bot answers req in: the user's saved `lang` choice, else the base's
// language when it has only one, else the platform's locale for the user, else the language of
// what they typed, else English.
func (b *Bot) Lang(ctx context.Context, req Request) knowledge.Lang {
	hint := knowledge.Lang("")
	if req.Kind == KindAction {
		// Buttons carry the language of the reply they sit on.
		hint = exactLang(req.ActionValue)
	} else {
		hint = detectLang(clean(req.Text))
	}
	return b.lang(ctx, req, hint)
}

// lang applies the language rule with the query language already known ("" when it is not).
func (b *Bot) lang(ctx context.Context, req Request, query knowledge.Lang) knowledge.Lang {
	if l, ok := b.savedLang(ctx, req); ok {
		return l
	}
	if b.onlyLang != "" {
		// A Chinese-only base answers in Chinese: English words around its content ("Quiz",
		// "Not quite") would be the only English the user sees.
		return b.onlyLang
	}
	if l, ok := knowledge.ParseLang(req.Locale); ok {
		return l
	}
	if known(query) {
		return query
	}
	return knowledge.EN
}

// savedLang is the user's `lang` choice, if they made one.
func (b *Bot) savedLang(ctx context.Context, req Request) (knowledge.Lang, bool) {
	if b.prefs == nil || req.User == "" {
		return "", false
	}
	u, now := req.UserKey(), time.Now()
	if c, hit := b.langs.get(u, now); hit {
		return c.lang, c.ok
	}
	l, ok, err := b.prefs.UserLang(ctx, u)
	if err != nil {
		// A broken store must not stop answers; the other rules still pick a language. Not
		// cached, so the next request tries again.
		b.log.Warn("read language preference", "platform", req.Platform, "err", err)
		return "", false
	}
	ok = ok && known(l)
	b.langs.put(u, l, ok, now)
	return l, ok
}

func known(l knowledge.Lang) bool { return l == knowledge.ZH || l == knowledge.EN }

// exactLang accepts only the two codes the bot writes into button values.
func exactLang(s string) knowledge.Lang {
	if l := knowledge.Lang(s); known(l) {
		return l
	}
	return ""
}

// detectLang is the query language for commands that do not go through the search index, ""
// when the text says nothing.
func detectLang(s string) knowledge.Lang {
	l, _ := search.DetectLang(s)
	return l
}
