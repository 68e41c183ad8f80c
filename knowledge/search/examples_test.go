package search

import (
	"fmt"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// withExamples copies b with example questions added to some entries, by slug and language.
func withExamples(b *knowledge.Base, ex map[string]map[knowledge.Lang][]string) *knowledge.Base {
	var es []*knowledge.Entry
	for _, e := range b.Entries {
		c := *e
		c.Texts = map[knowledge.Lang]*knowledge.Text{}
		for l, t := range e.Texts {
			tc := *t
			tc.Examples = ex[e.Slug][l]
			c.Texts[l] = &tc
		}
		es = append(es, &c)
	}
	return knowledge.NewBase(es)
}

var miniExamples = map[string]map[knowledge.Lang][]string{
	"funding": {
		knowledge.EN: {"we are running out of cash, what now", "where do people find backers for an AI company"},
		knowledge.ZH: {"公司账上快没钱了怎么办", "去哪儿找人投钱"},
	},
	"risks": {
		knowledge.EN: {"what could sink a small AI company", "big tech could eat our lunch, should we worry"},
		knowledge.ZH: {"什么事会让我们翻车", "大厂会不会把我们挤死"},
	},
	"risk-management": {
		knowledge.EN: {"what is our plan b if the cloud goes down", "who keeps an eye on what could go wrong"},
	},
	"sustainability": {
		knowledge.EN: {"how do we stay in business for decades", "is our carbon footprint a problem"},
	},
}

// TestExamplesTeachEverydayWords: a question in the everyday words of an entry's examples finds
// it, where the formal text alone does not.
func TestExamplesTeachEverydayWords(t *testing.T) {
	plain := New(miniBase())
	ix := New(withExamples(miniBase(), miniExamples))
	tests := []struct{ query, want string }{
		{"what could sink a small AI startup", "risks"},
		{"we're running out of cash", "funding"},
		{"公司快没钱了", "funding"},
		{"大厂会挤死我们吗", "risks"},
		{"plan b if our cloud goes down", "risk-management"},
		{"can we stay in business for decades", "sustainability"},
	}
	for _, tc := range tests {
		if got := slug(ix.Search(tc.query).Best); got != tc.want {
			t.Errorf("%q answered %s, want %s", tc.query, got, tc.want)
		}
		if got := slug(plain.Search(tc.query).Best); got == tc.want {
			t.Errorf("%q answered %s without examples too: the case does not test them", tc.query, got)
		}
	}
}

// TestExamplesStayOffTopic: the everyday words of the examples do not make text about something
// else match.
func TestExamplesStayOffTopic(t *testing.T) {
	ix := New(withExamples(miniBase(), miniExamples))
	for _, q := range []string{
		"what's for lunch",
		"where do we eat lunch today",
		"is the cloud going to rain",
		"running out of coffee",
		"今天中午吃什么",
	} {
		if r := ix.Search(q); r.Best != nil {
			t.Errorf("%q answered %s (%.2f), want no answer", q, r.Best.Slug, r.Score)
		}
	}
}

// TestExampleWords: a word in every entry's examples weighs little, and the examples' words
// never become the base's anchors, which would make a query about anything "about the base".
func TestExampleWords(t *testing.T) {
	var es []*knowledge.Entry
	topics := []string{"pricing", "hiring", "security", "marketing", "funding", "training", "legal", "support", "culture", "growth"}
	for _, topic := range topics {
		es = append(es, &knowledge.Entry{Slug: topic, Texts: map[knowledge.Lang]*knowledge.Text{knowledge.EN: {
			Title:    fmt.Sprintf("%s at an LLM startup", topic),
			Answer:   fmt.Sprintf("How an LLM startup handles %s.", topic),
			Examples: []string{fmt.Sprintf("honestly, how does our business do %s", topic), "honestly what about " + topic + " in our business"},
		}}})
	}
	es[0].Texts[knowledge.EN].Examples = append(es[0].Texts[knowledge.EN].Examples, "what do we charge per seat")
	ix := New(knowledge.NewBase(es))
	term := func(w string) int32 {
		wt, _ := ix.lookupWord(w)
		if wt.stem < 0 {
			t.Fatalf("%q is not indexed", w)
		}
		return wt.stem
	}
	if common, rare := ix.exampleIDF(term("honestly")), ix.exampleIDF(term("seat")); common > rare/5 {
		t.Errorf("a word in every entry's examples weighs %.2f, one in one entry's %.2f", common, rare)
	}
	if ix.anchor[term("business")] {
		t.Error(`"business", in every entry's examples, is an anchor`)
	}
	if !ix.anchor[term("startup")] {
		t.Error(`"startup", in every entry's title, is no anchor`)
	}
	for _, q := range []string{"business plan for my bakery", "honestly"} {
		if r := ix.Search(q); r.Best != nil {
			t.Errorf("%q answered %s (%.2f), want no answer", q, r.Best.Slug, r.Score)
		}
	}
	if got := slug(ix.Search("what should we charge per seat at our llm startup").Best); got != "pricing" {
		t.Errorf("per-seat question answered %s, want pricing", got)
	}
}
