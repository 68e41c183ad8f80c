package search

import (
	"strings"
	"testing"
)

// TestTyposOfNames misspells every one-word English slug and alias of the shipped base of five
// letters or more in the ways people do (a letter dropped, two swapped, one wrong) and expects
// its entry back.
func TestTyposOfNames(t *testing.T) {
	b := embedded(t)
	ix := New(b)
	n, ok := 0, 0
	for _, e := range b.Entries {
		tx, _ := e.In("en")
		for _, a := range append([]string{e.Slug}, tx.Aliases...) {
			a = strings.ToLower(a)
			if strings.ContainsAny(a, " -") || len(a) < 5 {
				continue
			}
			for _, typo := range []string{
				a[:2] + a[3:],                     // dropped
				a[:2] + a[3:4] + a[2:3] + a[4:],   // swapped
				a[:len(a)-2] + a[len(a)-1:],       // dropped near the end
				a[:3] + "x" + a[4:],               // wrong
				a[:len(a)/2] + "e" + a[len(a)/2:], // doubled or extra
			} {
				n++
				if r := ix.Search(typo); r.Best != nil && r.Best.Slug == e.Slug {
					ok++
				} else {
					t.Logf("%q answered %s (%.2f), want %s", typo, slug(r.Best), r.Score, e.Slug)
				}
			}
		}
	}
	if n == 0 || float64(ok) < 0.95*float64(n) {
		t.Errorf("%d of %d misspelt names found their entry, want 95%%", ok, n)
	}
}
