package search

import (
	"flag"
	"fmt"
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
	var hold []labelled
	if *queriesFile2 != "" {
		hold = readQueries(t, *queriesFile2)
	}
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
	for _, at := range []float64{0.25, 0.30, 0.35} {
		for _, oov := range []float32{1.2, 1.8, 2.4, 3.0} {
			for _, pw := range []float32{0.3, 0.5, 0.8} {
				for _, ss := range []float64{1.0, 1.5} {
					p := defaultParams()
					p.answerAt, p.oovWordK, p.phraseWeight, p.strengthScale = at, oov, pw, ss
					ix := newIndex(b, p)
					fmt.Printf("at %.2f oov %.1f pw %.1f ss %.1f | even %s | odd %s | hold %s\n", at, oov, pw, ss,
						eval(ix, dev, func(i int) bool { return i%2 == 0 }),
						eval(ix, dev, func(i int) bool { return i%2 == 1 }),
						eval(ix, hold, func(int) bool { return true }))
				}
			}
		}
	}
}
