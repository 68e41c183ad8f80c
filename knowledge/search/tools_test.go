// Tools for tuning the index by hand; they run only when asked with their flags.

package search

import (
	"flag"
	"fmt"
	"sort"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

var sweep = flag.Bool("sweep", false, "print accuracy over a grid of tuning parameters")

// TestSweep prints, for a grid of parameters, the accuracy on the even and the odd half of the
// development set and on -queries.file2, to see whether a setting that helps one half helps the
// others. It runs only with -sweep.
func TestSweep(t *testing.T) {
	if !*sweep {
		t.Skip("no -sweep")
	}
	b := embedded(t)
	dev := readQueries(t, "../testdata/queries.tsv")
	hold := readQueries(t, "../testdata/queries-heldout.tsv")
	eval := func(ix *Index, qs []labelled, keep func(int) bool) string {
		var on, onOK, off, offOK int
		for i, q := range qs {
			if !keep(i) {
				continue
			}
			r := ix.Search(q.query)
			got := ""
			if r.Best != nil {
				got = r.Best.Slug
			}
			if q.want == "" {
				off++
				if got == "" {
					offOK++
				}
				continue
			}
			on++
			if got == q.want {
				onOK++
			}
		}
		return fmt.Sprintf("%3d/%3d %2d/%2d", onOK, on, offOK, off)
	}
	all := func(int) bool { return true }
	for _, lk := range []float32{0.3, 0.5, 0.75, 1} {
		for _, oov := range []float32{2.5, 3.5} {
			p := defaultParams()
			p.lightK, p.oovWordK = lk, oov
			ix := newIndex(b, p)
			fmt.Printf("light %.2f oov %.1f | even %s | odd %s | heldout %s\n", lk, oov,
				eval(ix, dev, func(i int) bool { return i%2 == 0 }),
				eval(ix, dev, func(i int) bool { return i%2 == 1 }),
				eval(ix, hold, all))
		}
	}
}

var (
	debugQuery = flag.String("debug.query", "", "print the evidence for one query")
	debugBase  = flag.String("debug.base", "", "a knowledge file to debug with instead of the shipped base")
)

// TestDebugQuery prints every candidate's evidence for -debug.query; it does nothing without it.
func TestDebugQuery(t *testing.T) {
	if *debugQuery == "" {
		t.Skip("no -debug.query")
	}
	b := embedded(t)
	if *debugBase != "" {
		var err error
		if b, err = knowledge.Load([]string{*debugBase}); err != nil {
			t.Fatal(err)
		}
	}
	ix := New(b)
	sc := ix.pool.Get().(*scratch)
	sc.toks = tokenize(sc.toks[:0], clean(*debugQuery))
	ev := ix.gather(sc)
	for _, q := range sc.terms {
		fmt.Printf("term %d idf %.2f factor %.2f df %d\n", q.id, ix.idf[q.id], q.factor, len(ix.postings(q.id)))
	}
	fmt.Printf("units %v related %v penalty %.2f total %.2f anchored %v\n", sc.units, sc.relTerms, ev.penalty, ev.total, ev.anchored)
	type row struct {
		slug  string
		s, ph float32
		exact bool
	}
	var rows []row
	for i, e := range ix.entries {
		if sc.scores[i] > 0 || sc.phrase[i] > 0 {
			rows = append(rows, row{e.Slug, sc.scores[i], sc.phrase[i], sc.exact[i]})
		}
	}
	sort.Slice(rows, func(a, b int) bool { return rows[a].s+0.5*rows[a].ph > rows[b].s+0.5*rows[b].ph })
	for _, r := range rows {
		fmt.Printf("%-20s terms %.2f phrase %.2f exact %v\n", r.slug, r.s, r.ph, r.exact)
	}
	r := ix.Search(*debugQuery)
	fmt.Printf("result %v %.2f\n", r.Best != nil, r.Score)
}

var exSweep = flag.Bool("sweep.examples", false, "print accuracy over a grid of the examples' parameters")

// TestExampleSweep prints, for a grid of the examples' parameters, top-1 accuracy (zh, en) and
// off-topic refusals on each query set. It runs only with -sweep.examples.
func TestExampleSweep(t *testing.T) {
	if !*exSweep {
		t.Skip("no -sweep.examples")
	}
	b := embedded(t)
	sets := []string{"queries", "queries-heldout", "holdout", "queries-paraphrase", "holdout-fresh"}
	qs := map[string][]labelled{}
	for _, s := range sets {
		qs[s] = readQueries(t, "../testdata/"+s+".tsv")
	}
	eval := func(ix *Index, qs []labelled) string {
		var n, ok [3]int
		for _, q := range qs {
			k := map[string]int{"zh": 0}[q.lang]
			if q.lang != "zh" {
				k = 1
			}
			if q.want == "" {
				k = 2
			}
			n[k]++
			if r := ix.Search(q.query); slug(r.Best) == q.want || q.want == "" && r.Best == nil {
				ok[k]++
			}
		}
		return fmt.Sprintf("%3.0f %3.0f %3.0f", 100*float64(ok[0])/float64(n[0]), 100*float64(ok[1])/float64(n[1]), 100*float64(ok[2])/float64(n[2]))
	}
	for _, k := range []float32{0.25, 0.5, 1, 2} {
		for _, coef := range []float64{0.5, 1} {
			for _, wmin := range []float32{0.5, 0.6} {
				p := defaultParams()
				p.exampleK, p.exampleCoef, p.exampleAnchor = k, coef, wmin
				ix := newIndex(b, p)
				line := fmt.Sprintf("k %.2f coef %.1f anchor %.2f |", k, coef, wmin)
				for _, s := range sets {
					line += " " + eval(ix, qs[s]) + " |"
				}
				fmt.Println(line)
			}
		}
	}
}
