package search

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// Tools for working on the matcher; each skips unless its flags are given.
var (
	evalKB      = flag.String("eval.kb", "", "a knowledge file to evaluate, or shipped")
	evalQueries = flag.String("eval.queries", "", "its queries: query<TAB>expected title or slug<TAB>kind")
	evalMisses  = flag.Bool("eval.misses", false, "print every miss")
	explainQ    = flag.String("explain.q", "", "queries to explain, separated by ||")
	sweepKBs    = flag.String("sweep.kbs", "", "foreign bases to sweep over: kb.yaml=queries.tsv,...")
)

// evalBase loads -eval.kb: a knowledge file, or "shipped" (or nothing) for the shipped base.
func evalBase(t *testing.T, path string) *knowledge.Base {
	t.Helper()
	var b *knowledge.Base
	var err error
	if path == "" || path == "shipped" {
		b, err = knowledge.Embedded()
	} else {
		b, err = knowledge.Load([]string{path})
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// slugsOf maps every entry's slug and titles (without a final question mark) to its slug.
func slugsOf(b *knowledge.Base) map[string]string {
	out := map[string]string{}
	for _, e := range b.Entries {
		out[e.Slug] = e.Slug
		for _, tx := range e.Texts {
			out[strings.TrimRight(tx.Title, "？?")] = e.Slug
		}
	}
	return out
}

// TestEvalBase measures -eval.kb on -eval.queries (written as ../shared/eval's are): top-1
// answered and what ranking alone gets right, off-topic refused. It prints; it does not judge.
func TestEvalBase(t *testing.T) {
	if *evalKB == "" {
		t.Skip("no -eval.kb")
	}
	b := evalBase(t, *evalKB)
	ix := New(b)
	var posOK, posN, rankOK, negOK, negN int
	for _, q := range readTeamQueries(t, *evalQueries, slugsOf(b)) {
		ex := ix.Explain(q.query)
		got, top := slug(ex.Result.Best), ""
		if len(ex.Entries) > 0 {
			top = ex.Entries[0].Slug
		}
		switch {
		case len(q.want) == 0:
			negN++
			if got == "" {
				negOK++
			} else if *evalMisses {
				fmt.Printf("NEG\t%s\t%q -> %s %.2f\n", q.kind, q.query, got, ex.Result.Score)
			}
		default:
			posN++
			if q.want[got] {
				posOK++
			} else if *evalMisses {
				fmt.Printf("MISS\t%s\t%q -> %q (top %s %.2f)\n", q.kind, q.query, got, top, ex.Result.Score)
			}
			if q.want[top] || q.want[got] {
				rankOK++
			}
		}
	}
	fmt.Printf("%s: answered right %d/%d, ranked right %d/%d, off-topic refused %d/%d\n", *evalKB, posOK, posN, rankOK, posN, negOK, negN)
}

// TestExplainQueries prints Explain for each -explain.q query against -eval.kb.
func TestExplainQueries(t *testing.T) {
	if *explainQ == "" {
		t.Skip("no -explain.q")
	}
	ix := New(evalBase(t, *evalKB))
	for _, q := range strings.Split(*explainQ, "||") {
		ix.Explain(q).Write(os.Stdout)
		fmt.Println()
	}
}

// TestSweep prints, for a grid of the calibration's numbers, how every development set fares:
// the foreign bases named by -sweep.kbs and the shipped base's development sets.
func TestSweep(t *testing.T) {
	if *sweepKBs == "" {
		t.Skip("no -sweep.kbs")
	}
	type set struct {
		ix *Index
		qs []teamQuery
	}
	var sets []set
	for _, pair := range strings.Split(*sweepKBs, ",") {
		kb, qf, _ := strings.Cut(pair, "=")
		b := evalBase(t, kb)
		sets = append(sets, set{New(b), readTeamQueries(t, qf, slugsOf(b))})
	}
	shipped := New(embedded(t))
	for _, f := range []string{"../testdata/queries.tsv", "../testdata/queries-paraphrase.tsv"} {
		s := set{ix: shipped}
		for _, q := range readQueries(t, f) {
			tq := teamQuery{query: q.query, want: map[string]bool{}}
			if q.want != "" {
				tq.want[q.want] = true
			}
			s.qs = append(s.qs, tq)
		}
		sets = append(sets, s)
	}
	for _, k := range []float64{0.7, 0.8, 0.9, 1.0} {
		for _, floor := range []float64{0.2, 0.25, 0.3} {
			line := fmt.Sprintf("calibrateK %.2f floor %.2f:", k, floor)
			for _, s := range sets {
				s.ix.p.calibrateK, s.ix.p.answerFloor = k, floor
				s.ix.calibrate()
				on, off := measureTeam(t, s.ix, s.qs)
				line += fmt.Sprintf(" (%.2f) %.0f/%.0f", s.ix.answerAt, 100*on, 100*off)
			}
			fmt.Println(line)
		}
	}
	shipped.p = defaultParams
}
