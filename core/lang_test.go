package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

func TestLanguageRule(t *testing.T) {
	tests := []struct {
		name   string
		saved  knowledge.Lang
		locale string
		text   string
		want   knowledge.Lang
	}{
		{"nothing known: English", "", "", "12345", knowledge.EN},
		{"query language decides", "", "", "融资", knowledge.ZH},
		{"English query", "", "", "risks", knowledge.EN},
		{"locale beats the query", "", "zh-CN", "risks", knowledge.ZH},
		{"en locale", "", "en-US", "融资", knowledge.EN},
		{"unknown locale is skipped", "", "fr-FR", "融资", knowledge.ZH},
		{"saved choice beats all", knowledge.ZH, "en-GB", "risks", knowledge.ZH},
		{"saved English", knowledge.EN, "zh-TW", "融资", knowledge.EN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t)
			req := Request{Platform: "test", User: "U1", Locale: tt.locale, Kind: KindCommand, Text: tt.text}
			if tt.saved != "" {
				r.prefs.SetUserLang(context.Background(), req.UserKey(), tt.saved)
			}
			if got := r.bot.Lang(context.Background(), req); got != tt.want {
				t.Errorf("Lang = %q, want %q", got, tt.want)
			}
			rep, err := r.bot.Handle(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Lang != tt.want {
				t.Errorf("reply lang = %q, want %q (%s)", rep.Lang, tt.want, rep.Title)
			}
		})
	}
}

func TestLangCommandSavesTheChoice(t *testing.T) {
	tests := []struct {
		text  string
		want  knowledge.Lang
		reply string
	}{
		{"lang zh", knowledge.ZH, "之后我会用中文回答你"},
		{"lang 中文", knowledge.ZH, "中文"},
		{"language Chinese", knowledge.ZH, "中文"},
		{"语言 英文", knowledge.EN, "in English from now on"},
		{"语言英文", knowledge.EN, "English"},
		{"lang EN", knowledge.EN, "English"},
		{"lang en-US", knowledge.EN, "English"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := newRig(t)
			rep := r.say(t, KindMessage, tt.text)
			if !strings.Contains(rep.Body, tt.reply) || rep.Visibility != Ephemeral {
				t.Errorf("reply %q (visibility %d)", rep.Body, rep.Visibility)
			}
			got, ok, _ := r.prefs.UserLang(context.Background(), UserKey{Platform: "test", User: "U1"})
			if !ok || got != tt.want {
				t.Errorf("saved %q, want %q", got, tt.want)
			}
			// The choice now beats the query's language.
			other := "融资"
			if tt.want == knowledge.ZH {
				other = "how do we raise money?"
			}
			if ans := r.say(t, KindMessage, other); ans.Lang != tt.want {
				t.Errorf("after %q, %q was answered in %q", tt.text, other, ans.Lang)
			}
		})
	}
}

func TestLangWithoutAChoiceShowsTheCurrentOne(t *testing.T) {
	rep := newRig(t).say(t, KindCommand, "lang")
	if !strings.Contains(rep.Body, "I'm answering you in English") || !strings.Contains(rep.Body, "lang zh") {
		t.Errorf("got %q", rep.Body)
	}
	rep = newRig(t).say(t, KindCommand, "语言")
	if !strings.Contains(rep.Body, "我现在用中文回答你") {
		t.Errorf("got %q", rep.Body)
	}
}

func TestLangWithoutAStoreSaysSo(t *testing.T) {
	b := New(Options{Base: testBase(), Search: newFakeSearch(testBase())})
	rep, err := b.Handle(context.Background(), Request{Kind: KindCommand, Text: "lang zh"})
	if err != nil || !strings.Contains(rep.Body, "无法保存") {
		t.Errorf("got %q, %v", rep.Body, err)
	}
}

func TestABrokenPrefsStoreDoesNotStopAnswers(t *testing.T) {
	r := newRig(t)
	r.prefs.fail = errors.New("disk on fire")
	if rep := r.say(t, KindMessage, "融资"); rep.Lang != knowledge.ZH || rep.Facts()["slug"] != "funding" {
		t.Errorf("got %+v", rep)
	}
	rep, err := r.bot.Handle(context.Background(), Request{Platform: "test", User: "U1", Kind: KindCommand, Text: "lang en"})
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("saving on a broken store: err %v", err)
	}
	if !strings.Contains(rep.Body, "something went wrong") {
		t.Errorf("user sees %q", rep.Body)
	}
	if last := r.obs.handled[len(r.obs.handled)-1]; last.outcome != OutcomeError {
		t.Errorf("outcome %q, want error", last.outcome)
	}
}

func TestDetectLang(t *testing.T) {
	for in, want := range map[string]knowledge.Lang{
		"risks": knowledge.EN, "融资": knowledge.ZH, "回答 A": knowledge.ZH,
		"what are the risks of 大模型 startups": knowledge.EN, "123 !!": "", "": "",
	} {
		if got := detectLang(in); got != want {
			t.Errorf("detectLang(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSavedLanguagesAreCachedBriefly(t *testing.T) {
	synctest.Test(t, savedLanguagesAreCachedBriefly)
}

func savedLanguagesAreCachedBriefly(t *testing.T) {
	r := newRig(t)
	u := UserKey{Platform: "test", User: "U1"}
	r.say(t, KindMessage, "risks")
	r.say(t, KindMessage, "risks")
	if r.prefs.reads != 1 {
		t.Fatalf("%d store reads for two requests, want 1", r.prefs.reads)
	}
	// Another replica saves a choice: seen once the cached "never chose" expires.
	r.prefs.SetUserLang(context.Background(), u, knowledge.ZH)
	if rep := r.say(t, KindMessage, "risks"); rep.Lang != knowledge.EN {
		t.Errorf("within the TTL: %q", rep.Lang)
	}
	time.Sleep(langCacheTTL + time.Second)
	if rep := r.say(t, KindMessage, "risks"); rep.Lang != knowledge.ZH || r.prefs.reads != 2 {
		t.Errorf("after the TTL: lang %q, %d reads", rep.Lang, r.prefs.reads)
	}
	// This replica's own change is seen at once, without a read.
	r.say(t, KindMessage, "lang en")
	if rep := r.say(t, KindMessage, "融资"); rep.Lang != knowledge.EN || r.prefs.reads != 2 {
		t.Errorf("after lang en: lang %q, %d reads", rep.Lang, r.prefs.reads)
	}
}

func TestTheLanguageCacheIsBounded(t *testing.T) {
	c := newLangCache()
	now := time.Now()
	for i := range langCacheMax + 10 {
		c.put(UserKey{User: fmt.Sprint(i)}, knowledge.EN, true, now)
	}
	if c.m.Len() > langCacheMax {
		t.Errorf("cache holds %d entries", c.m.Len())
	}
}

// A base in one language decides the bot's own strings when the user has saved no choice: a
// Chinese-only base gets no English around its content, whatever the locale or the words typed.
func TestABaseInOneLanguageSpeaksIt(t *testing.T) {
	zhOnly := knowledge.NewBase([]*knowledge.Entry{{Slug: "sscf", Texts: map[knowledge.Lang]*knowledge.Text{
		knowledge.ZH: {Title: "什么是手冲咖啡", Answer: "用手冲壶把热水浇在咖啡粉上。", Aliases: []string{"手冲"}},
	}}})
	prefs, q := &memPrefs{}, &recQuiz{}
	bot := New(Options{Base: zhOnly, Search: newFakeSearch(zhOnly), Prefs: prefs, Quiz: q})
	ask := func(kind Kind, text, locale, value string) Reply {
		t.Helper()
		req := Request{Platform: "test", Channel: "C1", User: "U1", Kind: kind, Text: text, Locale: locale}
		if kind == KindAction {
			req.ActionID, req.ActionValue = text, value
		}
		r, err := bot.Handle(t.Context(), req)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for _, tc := range []struct{ text, locale string }{{"what is the weather", "en-US"}, {"help", ""}, {"topics", "en"}} {
		if r := ask(KindCommand, tc.text, tc.locale, ""); r.Lang != knowledge.ZH {
			t.Errorf("%q (locale %q): reply in %q, want zh: %s", tc.text, tc.locale, r.Lang, r.Body)
		}
	}
	if r := ask(KindCommand, "what is the weather", "en-US", ""); !strings.Contains(r.Body, "话题：** 手冲") {
		t.Errorf("the refusal does not list the topic by its Chinese name:\n%s", r.Body)
	}
	ask(KindCommand, "quiz", "en-US", "")
	if len(q.langs) != 1 || q.langs[0] != knowledge.ZH {
		t.Errorf("the quiz was asked in %v, want zh", q.langs)
	}
	if r := ask(KindAction, "quiz:a:1:A", "en-US", ""); r.Lang != knowledge.ZH {
		t.Errorf("a quiz button was answered in %q, want zh", r.Lang)
	}
	// A saved choice still wins.
	ask(KindCommand, "lang en", "", "")
	if r := ask(KindCommand, "help", "", ""); r.Lang != knowledge.EN {
		t.Errorf("after lang en: %q", r.Lang)
	}
}
