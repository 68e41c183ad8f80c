package search

import (
	"bufio"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// half restricts TestQueries to the even or odd lines of the set, to tune on one half and check
// that the result carries over to the other.
var (
	half        = flag.String("queries.half", "", "evaluate only the even or odd query lines")
	queriesFile = flag.String("queries.file", "../testdata/queries.tsv", "the query set TestQueries evaluates")
)

type labelled struct {
	line  int
	lang  string
	query string
	want  string
}

func readQueries(t testing.TB, path string) []labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 3 {
			t.Fatalf("%s:%d: want lang<TAB>query<TAB>slug, got %q", path, n, line)
		}
		out = append(out, labelled{line: n, lang: parts[0], query: parts[1], want: parts[2]})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return out
}

func embedded(t testing.TB) *knowledge.Base {
	t.Helper()
	b, err := knowledge.Embedded()
	if err != nil {
		t.Fatalf("load the shipped base: %v", err)
	}
	return b
}

// floors are the least top-1 accuracy a query set must keep on its on-topic Chinese and English
// (with mixed) queries, and the least share of its off-topic queries refused.
type floors struct{ zh, en, off float64 }

// TestQueries measures the index on the development set against the shipped base: top-1
// accuracy on the on-topic queries of each language, and how often off-topic text is refused.
func TestQueries(t *testing.T) {
	evaluate(t, *queriesFile, floors{0.94, 0.92, 0.91})
}

// TestParaphrases measures everyday paraphrases: long, chatty questions are the weak spot of
// a word-based index, and this keeps what was won.
func TestParaphrases(t *testing.T) {
	evaluate(t, "../testdata/queries-paraphrase.tsv", floors{0.82, 0.72, 0.86})
}

// TestHeldOutQueries does the same on queries written apart from the development set and not
// tuned on. It guards against losing the ground gained, and its log shows the misses.
func TestHeldOutQueries(t *testing.T) {
	evaluate(t, "../testdata/queries-heldout.tsv", floors{0.95, 0.86, 0.86})
}

// TestIndependentHoldouts measures sets written by others. The floors are what the index
// reaches, less a margin; several are below the 95% the product wants, and say so.
func TestIndependentHoldouts(t *testing.T) {
	t.Run("holdout", func(t *testing.T) {
		evaluate(t, "../testdata/holdout.tsv", floors{0.97, 0.85, 0.93})
	})
	t.Run("fresh", func(t *testing.T) {
		evaluate(t, "../testdata/holdout-fresh.tsv", floors{0.72, 0.61, 0.86})
	})
	// Written by an engineer who never saw the base's aliases, keywords, examples or the
	// matcher, from the seed document and the slug list only; measured once, never tuned on.
	t.Run("outsider", func(t *testing.T) {
		evaluate(t, "../testdata/holdout-outsider.tsv", floors{0.93, 0.90, 0.85})
	})
}

func evaluate(t *testing.T, path string, want floors) {
	b := embedded(t)
	ix := New(b)
	qs := readQueries(t, path)
	for _, q := range qs {
		if _, ok := b.Entry(q.want); q.want != "" && !ok {
			t.Fatalf("%s:%d: unknown slug %q", path, q.line, q.want)
		}
	}
	type tally struct{ ok, n int }
	var zh, en, off tally
	for i, q := range qs {
		if *half == "even" && i%2 == 1 || *half == "odd" && i%2 == 0 {
			continue
		}
		r := ix.Search(q.query)
		got := ""
		if r.Best != nil {
			got = r.Best.Slug
		}
		tl := &en
		switch {
		case q.want == "":
			tl = &off
		case q.lang == "zh":
			tl = &zh
		}
		tl.n++
		if got == q.want {
			tl.ok++
			continue
		}
		var alts []string
		for _, a := range r.Alternatives {
			alts = append(alts, a.Entry.Slug)
		}
		t.Logf("%s:%d: %q: got %q (%.2f, alternatives %v), want %q", path, q.line, q.query, got, r.Score, alts, q.want)
	}
	rate := func(x tally) float64 { return float64(x.ok) / float64(max(x.n, 1)) }
	t.Logf("top-1 zh %d/%d (%.1f%%), en %d/%d (%.1f%%); off-topic refused %d/%d (%.1f%%)",
		zh.ok, zh.n, 100*rate(zh), en.ok, en.n, 100*rate(en), off.ok, off.n, 100*rate(off))
	if rate(zh) < want.zh || rate(en) < want.en {
		t.Errorf("top-1 accuracy zh %.1f%%, en %.1f%%, want at least %.0f%% and %.0f%%",
			100*rate(zh), 100*rate(en), 100*want.zh, 100*want.en)
	}
	if rate(off) < want.off {
		t.Errorf("off-topic refused %.1f%%, want at least %.0f%%", 100*rate(off), 100*want.off)
	}
}

// TestChineseOnlyBase keeps only the Chinese of the shipped base, as an imported Chinese
// document gives: the Chinese queries of the development set must still find their entries.
func TestChineseOnlyBase(t *testing.T) {
	var es []*knowledge.Entry
	for _, e := range embedded(t).Entries {
		es = append(es, &knowledge.Entry{Slug: e.Slug, Texts: map[knowledge.Lang]*knowledge.Text{knowledge.ZH: e.Texts[knowledge.ZH]}})
	}
	ix := New(knowledge.NewBase(es))
	ok, n := 0, 0
	for _, q := range readQueries(t, "../testdata/queries.tsv") {
		if q.lang != "zh" {
			continue
		}
		r := ix.Search(q.query)
		n++
		if slug(r.Best) == q.want {
			ok++
		} else {
			t.Logf("%q answered %q, want %q", q.query, slug(r.Best), q.want)
		}
	}
	if float64(ok) < 0.9*float64(n) {
		t.Errorf("Chinese-only base: %d of %d Chinese queries right, want 90%%", ok, n)
	}
}
