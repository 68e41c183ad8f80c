package search

import (
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// TestTaughtQuestions: what an owner taught is answered (also wrapped in filler or in
// Traditional characters), helps questions in the same words, refuses what was marked
// off-topic, and leaves the base itself untouched.
func TestTaughtQuestions(t *testing.T) {
	b := embedded(t)
	before := New(b)
	const paraphrase = "who holds the purse strings after the seed round closes?"
	if r := before.Search(paraphrase); r.Best != nil && r.Best.Slug == "funding" {
		t.Skipf("%q already answers funding: pick a question the base misses", paraphrase)
	}
	fundingExamples := len(entryOf(t, b, "funding").Texts[knowledge.EN].Examples)
	ix := NewTaught(b, Taught{
		Examples: map[string][]string{
			"funding":   {paraphrase},
			"no-longer": {"a topic that was removed from the base"},
		},
		OffTopic: []string{"what's the capital of France?", "法国的首都是哪里"},
	})
	for _, tc := range []struct {
		q, want string
	}{
		{paraphrase, "funding"},
		{"hey team, quick question: " + paraphrase + " thanks!", "funding"},
		{"WHO HOLDS THE PURSE STRINGS AFTER THE SEED ROUND CLOSES", "funding"},
		{"what's the capital of France?", ""},
		{"法國的首都是哪裡", ""},
		{"risks", "risks"},
	} {
		r := ix.Search(tc.q)
		got := ""
		if r.Best != nil {
			got = r.Best.Slug
		}
		if got != tc.want {
			t.Errorf("Search(%q) = %q (%.2f); want %q", tc.q, got, r.Score, tc.want)
		}
		if tc.want == "" && len(r.Alternatives) > 0 {
			t.Errorf("Search(%q) offers %d alternatives for a question taught off-topic", tc.q, len(r.Alternatives))
		}
	}
	if ex := ix.Explain(paraphrase); !ex.Taught {
		t.Errorf("Explain(%q).Taught = false", paraphrase)
	}
	if n := len(entryOf(t, b, "funding").Texts[knowledge.EN].Examples); n != fundingExamples {
		t.Errorf("the base's funding entry has %d examples after NewTaught; want %d as before", n, fundingExamples)
	}
	if r := ix.Search("a topic that was removed from the base"); r.Best != nil && r.Best.Slug == "no-longer" {
		t.Errorf("a question taught to a slug the base lacks answered it")
	}
}

func entryOf(t *testing.T, b *knowledge.Base, slug string) *knowledge.Entry {
	t.Helper()
	e, ok := b.Entry(slug)
	if !ok {
		t.Fatalf("the shipped base has no %q", slug)
	}
	return e
}
