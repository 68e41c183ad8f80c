package search

import (
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// TestPlainWords holds the shipped base to the ways people ask in plain words: everyday words
// for the base's terms, words of the domain that name no topic, topic words used in another
// sense. Each case stands for a rule of the scorer, not for a query set.
func TestPlainWords(t *testing.T) {
	ix := New(embedded(t))
	tests := []struct {
		name, query, want string // want "<nil>": no answer
	}{
		// Related words: the base says "staff", "morale", "advantages", "revenue".
		{"related word for an unknown word", "how do we keep our people motivated at an llm startup", "culture"},
		{"related word for a prose word", "what's good about an llm startup", "pros-cons"},
		{"related words in Chinese", "大模型公司怎么挣钱", "business-models"},
		// A plain word for the domain ("big", "公司") is not the rare word the base uses once.
		{"domain word in another entry's alias", "what are the main steps to train a big model", "training"},
		{"domain word in Chinese", "大模型创业公司", "<nil>"},
		// A hyphenated word is one idea, not its parts plus itself.
		{"known compound", "long-term outlook for llm startups", "outlook"},
		// A word that only frames the question does not name a topic.
		{"everyday word in another entry's keyword", "marketing plan for our llm startup", "marketing"},
		// Two related entries that split the evidence still answer.
		{"near entries", "what makes an llm startup successful", "success-factors"},
		// Without a word of the domain, a topic word among unknown words is another sense.
		{"topic word, weather", "what's the risk of rain tomorrow", "<nil>"},
		{"topic word, health", "risks of smoking", "<nil>"},
		{"topic word, country", "culture of Japan", "<nil>"},
		{"topic word with the domain", "company culture in Japan", "culture"},
		// Chinese the base does not know costs as unknown English words do, off the domain.
		{"topic word, country, zh", "日本的企业文化有什么特点", "<nil>"},
		{"topic word, shop, zh", "奶茶店的商业模式是怎样的", "<nil>"},
		{"topic word, stocks, zh", "股票投资的风险管理", "<nil>"},
		{"topic word with the domain, zh", "大模型公司的企业文化怎么建", "culture"},
		{"topic word with AI, zh", "AI创业公司怎么融资", "funding"},
		{"bare topic word, zh", "融资", "funding"},
		{"bare topic name, zh", "风险管理", "risk-management"},
		{"short question of known words, zh", "怎么融资", "funding"},
		{"short question, zh", "风险有哪些", "risks"},
		{"user's company, zh", "公司怎么才能活得久", "sustainability"},
		// "model" ending another topic's name is not the domain's "large model".
		{"domain word inside a name", "business model of a gym", "<nil>"},
		{"domain word beside a name", "business model of a large model startup", "business-models"},
		// A letter more turns a short word into another: "rain" is not "train".
		{"short word is no typo", "rain", "<nil>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ix.Search(tc.query)
			if got := slug(r.Best); got != tc.want {
				t.Errorf("%q answered %q (%.2f), want %q", tc.query, got, r.Score, tc.want)
			}
		})
	}
}

// TestRelatedWordsNeedTheBase checks that the related-word layer adds nothing a base lacks: on
// a base about something else, everyday words find nothing.
func TestRelatedWordsNeedTheBase(t *testing.T) {
	text := func(title, answer string, aliases ...string) *knowledge.Text {
		return &knowledge.Text{Title: title, Question: title + "?", Answer: answer, Aliases: aliases}
	}
	var es []*knowledge.Entry
	for _, e := range []struct{ slug, title, answer string }{
		{"sourdough", "Sourdough bread", "Flour, water, salt and a starter."},
		{"bagels", "Bagels", "Boiled, then baked."},
		{"rye", "Rye bread", "Dense and sour."},
	} {
		es = append(es, &knowledge.Entry{Slug: e.slug, Texts: map[knowledge.Lang]*knowledge.Text{
			knowledge.EN: text(e.title, e.answer, e.slug)}})
	}
	ix := New(knowledge.NewBase(es))
	for _, q := range []string{"how do we keep staff motivated", "what's good about it", "大模型公司怎么挣钱"} {
		if r := ix.Search(q); r.Best != nil {
			t.Errorf("%q answered %s (%.2f) on a bread base", q, r.Best.Slug, r.Score)
		}
	}
	if r := ix.Search("rye bread"); slug(r.Best) != "rye" {
		t.Errorf("rye bread answered %s", slug(r.Best))
	}
}

// TestCompoundParts finds the parts of a hyphenated word among the query's words.
func TestCompoundParts(t *testing.T) {
	toks := tokenize(nil, "long-term go-to-market")
	// long, term, longterm, go, to, market, gotomarket; "go" and "to" are stop words
	at := []wordAt{{tok: 0}, {tok: 1}, {tok: 5}}
	for _, tc := range []struct{ tok, from, first int }{
		{2, 0, 0},
		{6, 3, 2},
		{0, -1, -1}, // nothing before it
	} {
		from := partsFrom(toks, tc.tok)
		if from != tc.from {
			t.Errorf("parts of %q start at token %d, want %d", toks[tc.tok].word, from, tc.from)
		}
		if first := firstWordFrom(at, from); first != tc.first {
			t.Errorf("first word of the parts of %q is %d, want %d", toks[tc.tok].word, first, tc.first)
		}
	}
	ix := New(embedded(t))
	if r := ix.Search("go-to-market"); slug(r.Best) != "marketing" || r.Score < exactConfidence {
		t.Errorf("go-to-market answered %s (%.2f), want marketing by name", slug(r.Best), r.Score)
	}
}
