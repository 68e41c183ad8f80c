// Tools for tuning the index by hand; they run only when asked with their flags.

package search

import (
	"flag"
	"fmt"
	"sort"
	"testing"
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

var debugQuery = flag.String("debug.query", "", "print the evidence for one query")

// TestDebugQuery prints every candidate's evidence for -debug.query; it does nothing without it.
func TestDebugQuery(t *testing.T) {
	if *debugQuery == "" {
		t.Skip("no -debug.query")
	}
	ix := New(embedded(t))
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
