package search

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// TestEvalBase measures a team's base and its queries, written as ../shared/eval's are
// (query, expected title, kind), when -eval.kb and -eval.queries name them: top-1 answered,
// what ranking alone gets right, and off-topic refused. It prints; it does not judge.
var (
	evalKB      = flag.String("eval.kb", "", "a knowledge file to evaluate")
	evalQueries = flag.String("eval.queries", "", "its queries: query<TAB>expected title<TAB>kind")
	evalMisses  = flag.Bool("eval.misses", false, "print every miss")
)

func TestEvalBase(t *testing.T) {
	if *evalKB == "" {
		t.Skip("no -eval.kb")
	}
	b := evalBase(t)
	ix := New(b)
	raw, err := os.ReadFile(*evalQueries)
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]string{}
	for _, e := range b.Entries {
		byTitle[e.Slug] = e.Slug
		for _, tx := range e.Texts {
			byTitle[strings.TrimRight(tx.Title, "？?")] = e.Slug
		}
	}
	var posOK, posN, rankOK, negOK, negN int
	var confPos, confNeg []float64
	for _, line := range strings.Split(string(raw), "\n")[1:] {
		cols := strings.Split(line, "\t")
		if len(cols) < 2 || cols[0] == "" {
			continue
		}
		want := map[string]bool{}
		for _, h := range strings.Split(cols[1], "|") {
			if h = strings.TrimRight(strings.TrimSpace(h), "？?"); h != "" {
				want[byTitle[h]] = true
			}
		}
		ex := ix.Explain(cols[0])
		r := ex.Result
		got := slug(r.Best)
		top := ""
		if len(ex.Entries) > 0 {
			top = ex.Entries[0].Slug
		}
		kind := ""
		if len(cols) > 2 {
			kind = cols[2]
		}
		if len(want) == 0 {
			negN++
			if got == "" {
				negOK++
			} else if *evalMisses {
				fmt.Printf("NEG\t%s\t%q -> %s %.2f\n", kind, cols[0], got, r.Score)
			}
			if r.SmallTalk == "" && len(ex.Entries) > 0 {
				confNeg = append(confNeg, ex.Entries[0].Confidence)
			}
			continue
		}
		posN++
		if want[got] {
			posOK++
		}
		if want[top] || want[got] {
			rankOK++
			if len(ex.Entries) > 0 {
				confPos = append(confPos, ex.Entries[0].Confidence)
			}
		}
		if !want[got] && *evalMisses {
			fmt.Printf("MISS\t%s\t%q -> %q (top %s %.2f)\n", kind, cols[0], got, top, r.Score)
		}
	}
	sort.Float64s(confPos)
	sort.Float64s(confNeg)
	fmt.Printf("%s: answered right %d/%d, ranked right %d/%d, off-topic refused %d/%d\n", *evalKB, posOK, posN, rankOK, posN, negOK, negN)
	fmt.Printf("  confidence of right tops: %v\n  of off-topic tops: %v\n", round2(confPos), round2(confNeg))
}

func round2(xs []float64) []string {
	var out []string
	for _, x := range xs {
		out = append(out, fmt.Sprintf("%.2f", x))
	}
	return out
}

// TestExplainQueries prints Explain for each -explain.q query against -eval.kb.
var explainQ = flag.String("explain.q", "", "queries to explain, separated by ||")

func TestExplainQueries(t *testing.T) {
	if *explainQ == "" {
		t.Skip("no -explain.q")
	}
	ix := New(evalBase(t))
	for _, q := range strings.Split(*explainQ, "||") {
		ix.Explain(q).Write(os.Stdout)
		fmt.Println()
	}
}

// TestSweep prints, for a grid of params, how every development set fares: the two foreign
// bases named by -sweep.kbs (file.yaml=queries.tsv, comma-separated) and the shipped base's
// development sets. It prints; it does not judge.
var (
	sweepKBs = flag.String("sweep.kbs", "", "foreign bases to sweep over: kb.yaml=queries.tsv,...")
	sweepAt  = flag.Float64("sweep.at", 0, "evaluate this answerAt only, printing off-topic answers")
	sweepUnk = flag.Float64("sweep.unk", 1, "with -sweep.at: the unknownK")
	sweepEv  = flag.Float64("sweep.ev", 0.4, "with -sweep.at: the evidenceK")
)

type devSet struct {
	name string
	ix   *Index
	qs   []devQuery
}

type devQuery struct {
	q    string
	want map[string]bool
}

func TestSweep(t *testing.T) {
	if *sweepKBs == "" {
		t.Skip("no -sweep.kbs")
	}
	var sets []devSet
	for _, pair := range strings.Split(*sweepKBs, ",") {
		kb, qf, _ := strings.Cut(pair, "=")
		b, err := knowledge.Load([]string{kb})
		if err != nil {
			t.Fatal(err)
		}
		byTitle := map[string]string{}
		for _, e := range b.Entries {
			for _, tx := range e.Texts {
				byTitle[strings.TrimRight(tx.Title, "？?")] = e.Slug
			}
		}
		raw, err := os.ReadFile(qf)
		if err != nil {
			t.Fatal(err)
		}
		ds := devSet{name: kb, ix: New(b)}
		for _, line := range strings.Split(string(raw), "\n")[1:] {
			cols := strings.Split(line, "\t")
			if len(cols) < 2 || cols[0] == "" {
				continue
			}
			want := map[string]bool{}
			for _, h := range strings.Split(cols[1], "|") {
				if h = strings.TrimRight(strings.TrimSpace(h), "？?"); h != "" {
					want[byTitle[h]] = true
				}
			}
			ds.qs = append(ds.qs, devQuery{cols[0], want})
		}
		sets = append(sets, ds)
	}
	shipped := New(embedded(t))
	for _, f := range []string{"../testdata/queries.tsv", "../testdata/queries-paraphrase.tsv"} {
		ds := devSet{name: f, ix: shipped}
		for _, q := range readQueries(t, f) {
			want := map[string]bool{}
			if q.want != "" {
				want[q.want] = true
			}
			ds.qs = append(ds.qs, devQuery{q.query, want})
		}
		sets = append(sets, ds)
	}
	unks, ats, evs := []float32{1}, []float64{0.7, 0.8, 0.9, 1.0}, []float32{0.2, 0.25, 0.3}
	if *sweepAt > 0 {
		unks, ats, evs = []float32{float32(*sweepUnk)}, []float64{*sweepAt}, []float32{float32(*sweepEv)}
	}
	for _, unk := range unks {
		for _, at := range ats {
			for _, ev := range evs {
				line := fmt.Sprintf("unknownK %.1f calibrateK %.2f floor %.2f:", unk, at, ev)
				for _, ds := range sets {
					_ = unk
					ds.ix.p.calibrateK, ds.ix.p.answerFloor = at, float64(ev)
					ds.ix.calibrate()
					line += fmt.Sprintf(" (%.2f)", ds.ix.answerAt)
					var pos, posN, neg, negN int
					for _, q := range ds.qs {
						r := ds.ix.Search(q.q)
						if len(q.want) == 0 {
							negN++
							if r.Best == nil {
								neg++
							} else if *sweepAt > 0 {
								fmt.Printf("NEG %s: %q -> %s %.2f\n", ds.name, q.q, r.Best.Slug, r.Score)
							}
						} else {
							posN++
							if q.want[slug(r.Best)] {
								pos++
							}
						}
					}
					line += fmt.Sprintf("  %.0f/%.0f", 100*float64(pos)/float64(posN), 100*float64(neg)/float64(negN))
				}
				fmt.Println(line)
			}
		}
	}
}

// evalBase loads -eval.kb: a knowledge file, or "shipped" (or nothing) for the shipped base.
func evalBase(t *testing.T) *knowledge.Base {
	t.Helper()
	var b *knowledge.Base
	var err error
	if *evalKB == "" || *evalKB == "shipped" {
		b, err = knowledge.Embedded()
	} else {
		b, err = knowledge.Load([]string{*evalKB})
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}
