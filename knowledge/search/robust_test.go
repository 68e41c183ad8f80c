package search

import (
	"fmt"
	"testing"

	"github.com/longbridgeapp/opencc"
)

// ownSets are the project's query sets on the shipped base that padding and script changes
// are measured over.
var ownSets = []string{"../testdata/queries.tsv", "../testdata/queries-heldout.tsv", "../testdata/holdout-outsider.tsv"}

// keeps measures how many of the queries the index answers correctly still get the same
// answer once changed by change; it logs the ones that do not.
func keeps(t *testing.T, ix *Index, change func(lang, q string) string) (kept, n int) {
	t.Helper()
	for _, path := range ownSets {
		for _, q := range readQueries(t, path) {
			if q.want == "" || slug(ix.Search(q.query).Best) != q.want {
				continue
			}
			n++
			changed := change(q.lang, q.query)
			if got := slug(ix.Search(changed).Best); got == q.want {
				kept++
			} else {
				t.Logf("%q answered %s, but %q answered %q", q.query, q.want, changed, got)
			}
		}
	}
	return kept, n
}

// TestPaddingKeepsTheAnswer wraps correctly answered questions in the filler people type
// around them: greetings, mentions, please and thanks, 请问一下……呢？谢谢. At least 98% must
// keep their answer.
func TestPaddingKeepsTheAnswer(t *testing.T) {
	ix := New(embedded(t))
	wraps := map[string][]string{
		"en": {"hey, quick question: %s thanks!", "<@U04HR2K9Q> pls %s 🙏", "hi team, noob question, %s? thx", "sorry to bother, %s"},
		"zh": {"请问一下，%s呢？谢谢", "麻烦问下%s啊", "<@U123> 你好，想问一下%s吧", "哈喽，%s？谢谢啦"},
	}
	i := 0
	kept, n := keeps(t, ix, func(lang, q string) string {
		ws := wraps[lang]
		if ws == nil {
			ws = wraps["en"]
		}
		i++
		return fmt.Sprintf(ws[i%len(ws)], q)
	})
	t.Logf("padding: %d of %d correctly answered queries keep their answer", kept, n)
	if n == 0 || float64(kept) < 0.98*float64(n) {
		t.Errorf("padding kept %d of %d answers, want at least 98%%", kept, n)
	}
}

// TestTraditionalKeepsTheAnswer converts correctly answered Chinese questions to Traditional
// characters with OpenCC's s2t: at least 98% must keep their answer.
func TestTraditionalKeepsTheAnswer(t *testing.T) {
	ix := New(embedded(t))
	s2t, err := opencc.New("s2t")
	if err != nil {
		t.Fatal(err)
	}
	kept, n := keeps(t, ix, func(lang, q string) string {
		if lang != "zh" {
			return q
		}
		out, err := s2t.Convert(q)
		if err != nil {
			t.Fatalf("s2t %q: %v", q, err)
		}
		return out
	})
	t.Logf("traditional: %d of %d correctly answered queries keep their answer", kept, n)
	if n == 0 || float64(kept) < 0.98*float64(n) {
		t.Errorf("Traditional kept %d of %d answers, want at least 98%%", kept, n)
	}
}
