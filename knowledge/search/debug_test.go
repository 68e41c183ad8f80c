package search

import (
	"flag"
	"fmt"
	"sort"
	"testing"
)

var debugQuery = flag.String("debug.query", "", "print the evidence for one query")

// TestDebugQuery prints every candidate's evidence for -debug.query; it does nothing without it.
func TestDebugQuery(t *testing.T) {
	if *debugQuery == "" {
		t.Skip("no -debug.query")
	}
	ix := New(embedded(t))
	sc := ix.pool.Get().(*scratch)
	sc.toks = tokenize(sc.toks[:0], clean(*debugQuery))
	pen := ix.queryTerms(sc)
	var total float32
	for _, q := range sc.terms {
		total += ix.idf[q.id] * q.factor
		fmt.Printf("term %d idf %.2f factor %.2f df %d\n", q.id, ix.idf[q.id], q.factor, len(ix.postings(q.id)))
		for _, p := range ix.postings(q.id) {
			sc.scores[p.entry()] += ix.idf[q.id] * q.factor * p.w()
		}
	}
	fmt.Printf("units %v penalty %.2f total %.2f\n", sc.units, pen, total)
	ix.matchPhrases(sc, pen == 0)
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
