package search

import (
	"testing"
	"unicode/utf8"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// FuzzSearch checks that no input makes Search, Explain, Complete or DetectLang panic or
// return something out of range. Seeds are in testdata/fuzz/FuzzSearch.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"risks", "我们怎么融资", "<!channel> risks", "@everyone 融資", "\xff\xfe", "marketting", "ｒｉｓｋｓ", "风验 融姿", "`code` https://x.y :tada: 🙏"} {
		f.Add(s)
	}
	ix := New(miniBase())
	shipped := New(embedded(f))
	f.Fuzz(func(t *testing.T, q string) {
		for _, ix := range []*Index{ix, shipped} {
			r := ix.Search(q)
			if r.Score < 0 || r.Score > 1 || len(r.Alternatives) > 3 {
				t.Fatalf("score %v, %d alternatives", r.Score, len(r.Alternatives))
			}
			for _, a := range r.Alternatives {
				if a.Entry == nil || a.Entry == r.Best {
					t.Fatalf("bad alternative %+v (best %v)", a, r.Best)
				}
			}
			if r.Best != nil && r.SmallTalk != "" {
				t.Fatalf("an answer and small talk at once: %+v", r)
			}
			if r.Lang != "" && r.Lang != knowledge.ZH && r.Lang != knowledge.EN {
				t.Fatalf("Lang %q", r.Lang)
			}
			if ex := ix.Explain(q); slug(ex.Result.Best) != slug(r.Best) {
				t.Fatalf("Explain answered %q, Search %q", slug(ex.Result.Best), slug(r.Best))
			}
			if got := ix.Complete(q, knowledge.ZH, 3); len(got) > 3 {
				t.Fatalf("Complete gave %d entries for limit 3", len(got))
			}
		}
		DetectLang(q)
	})
}

// FuzzNormalize checks the normaliser: valid UTF-8 out, bounded, idempotent, and never a
// mention, link or control character left.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"<@U123> hi", "<!channel|x>", "@everyone", "融資 商業模式", "```x```", "https://a.b/c?d", ":+1:", "\x00\x1f\u200b", "ＡＢＣ１２３"} {
		f.Add(s)
	}
	nz, err := newNormalizer()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := nz.query(s)
		if !utf8.ValidString(out) || utf8.RuneCountInString(out) > maxQueryRunes*2 {
			t.Fatalf("query(%q) = %q", s, out)
		}
		for _, r := range out {
			if r < ' ' || r == 0x7f {
				t.Fatalf("control character %U left in %q", r, out)
			}
		}
	})
}

// FuzzSound checks the pinyin path: any two characters, any base word, no panic, and a match
// always shares a character with the query word.
func FuzzSound(f *testing.F) {
	f.Add("风验", "风险")
	f.Add("案列", "案例")
	f.Add("\xff", "a")
	f.Fuzz(func(t *testing.T, q, word string) {
		var si soundIndex
		si.add(word, 0)
		var rd readings
		m, ok := si.lookup(q, &rd, func(a, b int32) bool { return a < b })
		if !ok {
			return
		}
		qr, wr := []rune(q), []rune(m.word)
		if len(qr) != 2 || len(wr) != 2 || qr[0] != wr[0] && qr[1] != wr[1] {
			t.Fatalf("%q matched %q", q, m.word)
		}
	})
}
