package search

import (
	"strings"
	"testing"
)

// TestNamesFindTheirEntry types every slug, title and alias of the shipped base as a query:
// each must answer its own entry. An alias two entries share may answer either or neither.
func TestNamesFindTheirEntry(t *testing.T) {
	b := embedded(t)
	ix := New(b)
	owners := map[string]map[string]bool{}
	add := func(name, slug string) {
		k := strings.ToLower(strings.TrimSpace(name))
		if owners[k] == nil {
			owners[k] = map[string]bool{}
		}
		owners[k][slug] = true
	}
	for _, e := range b.Entries {
		add(e.Slug, e.Slug)
		for _, tx := range e.Texts {
			add(tx.Title, e.Slug)
			for _, a := range tx.Aliases {
				add(a, e.Slug)
			}
		}
	}
	for name, slugs := range owners {
		r := ix.Search(name)
		if len(slugs) > 1 {
			if r.Best != nil && !slugs[r.Best.Slug] {
				t.Errorf("%q (shared by %v) answered %s", name, slugs, r.Best.Slug)
			}
			continue
		}
		if r.Best == nil || !slugs[r.Best.Slug] {
			t.Errorf("%q answered %s (%.2f), want %v", name, slug(r.Best), r.Score, slugs)
		}
	}
}
