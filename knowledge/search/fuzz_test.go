package search

import (
	"testing"
	"unicode/utf8"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// FuzzSearch checks that no input makes Search, Complete or DetectLang panic or return
// something out of range. Seeds are in testdata/fuzz/FuzzSearch.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"risks", "我们怎么融资", "<!channel> risks", "@everyone 融资", "\xff\xfe", "marketting", "ｒｉｓｋｓ"} {
		f.Add(s)
	}
	ix := New(withExamples(miniBase(), miniExamples))
	shipped := New(embedded(f)) // anchors, related words and the rest of a full base
	f.Fuzz(func(t *testing.T, q string) {
		if r := shipped.Search(q); r.Score < 0 || r.Score > 1 || len(r.Alternatives) > 3 {
			t.Fatalf("shipped base: score %v, %d alternatives", r.Score, len(r.Alternatives))
		}
		r := ix.Search(q)
		if r.Score < 0 || r.Score > 1 {
			t.Fatalf("Score %v out of 0..1", r.Score)
		}
		if len(r.Alternatives) > 3 {
			t.Fatalf("%d alternatives", len(r.Alternatives))
		}
		for _, a := range r.Alternatives {
			if a.Entry == nil || a.Entry == r.Best {
				t.Fatalf("bad alternative %+v (best %v)", a, r.Best)
			}
		}
		if r.Lang != "" && r.Lang != knowledge.ZH && r.Lang != knowledge.EN {
			t.Fatalf("Lang %q", r.Lang)
		}
		if c := clean(q); !utf8.ValidString(c) || utf8.RuneCountInString(c) > maxQueryRunes {
			t.Fatalf("clean(%q) = %q", q, c)
		}
		if got := ix.Complete(q, knowledge.ZH, 3); len(got) > 3 {
			t.Fatalf("Complete gave %d entries for limit 3", len(got))
		}
		DetectLang(q)
	})
}

// FuzzExamples indexes any text as an example question and searches with it: a hostile knowledge
// file must not make New or Search panic.
func FuzzExamples(f *testing.F) {
	for _, s := range []string{"what could sink us", "公司快没钱了", "\xff\xfe", "<!channel> eat our lunch", "a a a a a a"} {
		f.Add(s, "risks")
	}
	f.Fuzz(func(t *testing.T, example, q string) {
		ex := map[string]map[knowledge.Lang][]string{"risks": {knowledge.EN: {example, example + " " + q}, knowledge.ZH: {example}}}
		ix := New(withExamples(miniBase(), ex))
		for _, s := range []string{example, q, example + q} {
			if r := ix.Search(s); r.Score < 0 || r.Score > 1 || len(r.Alternatives) > 3 {
				t.Fatalf("score %v, %d alternatives", r.Score, len(r.Alternatives))
			}
		}
	})
}
