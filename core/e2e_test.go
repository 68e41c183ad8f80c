package core

import (
	"context"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// shippedBot answers from the shipped base through the real search index.
func shippedBot(t testing.TB) *Bot {
	t.Helper()
	b, err := knowledge.Embedded()
	if err != nil {
		t.Fatalf("embedded base: %v", err)
	}
	return New(Options{Base: b, Search: search.New(b)})
}

func TestTheShippedBaseEndToEnd(t *testing.T) {
	bot := shippedBot(t)
	tests := []struct {
		kind     Kind
		text     string
		slug     string // "" means no entry may be shown
		lang     knowledge.Lang
		contains string
	}{
		{KindCommand, "risks", "risks", knowledge.EN, "Technical risk"},
		{KindCommand, "融资", "funding", knowledge.ZH, "天使轮"},
		{KindMessage, "how should we handle data privacy and copyright?", "legal-ethics", knowledge.EN, ""},
		{KindCommand, "what is the weather in Paris tomorrow", "", knowledge.EN, "Sorry, I don't have an answer"},
		{KindCommand, "今天天气怎么样", "", knowledge.ZH, "抱歉"},
		{KindCommand, "fundng", "funding", knowledge.EN, ""},
		{KindCommand, "风险管理", "risk-management", knowledge.ZH, ""},
		{KindMention, "<!channel> risks", "risks", knowledge.EN, "Technical risk"},
		{KindMention, "@everyone 融资", "funding", knowledge.ZH, "天使轮"},
		{KindCommand, "topic sustainability", "sustainability", knowledge.EN, ""},
		{KindCommand, "ask how do we raise money?", "funding", knowledge.EN, ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			rep, err := bot.Handle(context.Background(), Request{Platform: "test", User: "U", Kind: tt.kind, Text: tt.text})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Facts()["slug"] != tt.slug {
				t.Errorf("slug %q, want %q (%s)", rep.Facts()["slug"], tt.slug, rep.Title)
			}
			if rep.Lang != tt.lang {
				t.Errorf("lang %q, want %q", rep.Lang, tt.lang)
			}
			if !strings.Contains(rep.Text(), tt.contains) {
				t.Errorf("reply lacks %q:\n%s", tt.contains, rep.Text())
			}
			if tt.slug == "" && (strings.Contains(rep.Body, "Technical risk") || strings.Contains(rep.Body, "天使轮")) {
				t.Errorf("no-answer shows an entry:\n%s", rep.Body)
			}
		})
	}
}

func TestEveryShippedTopicWorksThroughItsButtons(t *testing.T) {
	bot := shippedBot(t)
	for _, e := range bot.base.Entries {
		for _, lang := range []knowledge.Lang{knowledge.EN, knowledge.ZH} {
			rep, err := bot.Handle(context.Background(), Request{Kind: KindAction, ActionID: "topic:" + e.Slug, ActionValue: string(lang)})
			if err != nil || rep.Facts()["slug"] != e.Slug || rep.Lang != lang {
				t.Errorf("topic:%s (%s): %v %v %q", e.Slug, lang, rep.Meta, err, rep.Lang)
				continue
			}
			if len(rep.Buttons) < 4 {
				t.Errorf("topic:%s: only buttons %v", e.Slug, buttonIDs(rep))
			}
			for _, b := range rep.Buttons {
				if b.Label == "" || len(b.ID)+len(b.Value) > maxButtonID {
					t.Errorf("topic:%s: bad button %+v", e.Slug, b)
				}
				if strings.HasPrefix(b.ID, "topic:") && lang == knowledge.EN && strings.ContainsFunc(b.Label, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
					t.Errorf("topic:%s: English answer with a Chinese related label %q", e.Slug, b.Label)
				}
			}
		}
	}
}

func BenchmarkHandleShipped(b *testing.B) {
	bot := shippedBot(b)
	queries := []string{"risks", "融资", "how should we handle data privacy and copyright?", "what is the weather in Paris tomorrow", strings.Repeat("风险 risks ", 10_000)}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		bot.Handle(ctx, Request{Platform: "bench", User: "U", Kind: KindCommand, Text: queries[i%len(queries)]})
		i++
	}
}
