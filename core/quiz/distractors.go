package quiz

import (
	"slices"
	"strings"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// labelled returns the indexes of the points that have a label in every language of langs.
func labelled(pc pointCache, e *knowledge.Entry, langs []knowledge.Lang) []int {
	var out []int
	n := -1
	for _, l := range langs {
		if ps, ok := pc.get(e, l); ok && (n < 0 || len(ps) < n) {
			n = len(ps)
		}
	}
	for i := 0; i < n; i++ {
		ok := true
		for _, l := range langs {
			if ps, has := pc.get(e, l); has && ps[i].Label == "" {
				ok = false
			}
		}
		if ok {
			out = append(out, i)
		}
	}
	return out
}

// pointDistractors picks three labelled points of other entries that are not also true of e:
// their normalised label is neither equal to, nor contained in, nor containing one of e's
// labels, in any language. nil when there are not three.
func pointDistractors(pc pointCache, b *knowledge.Base, e *knowledge.Entry, langs []knowledge.Lang, id string) []ref {
	var cands []ref
	for _, o := range b.Entries {
		if o == e {
			continue
		}
		for _, j := range labelled(pc, o, langs) {
			if !overlaps(pc, e, o, j, langs) {
				cands = append(cands, ref{o.Slug, j})
			}
		}
	}
	r := rng("distractors", id)
	r.Shuffle(len(cands), func(a, b int) { cands[a], cands[b] = cands[b], cands[a] })
	var out []ref
	for _, c := range cands {
		if !clashes(pc, b, c, out, langs) {
			out = append(out, c)
		}
		if len(out) == 3 {
			return out
		}
	}
	return nil
}

// overlaps reports whether point j of o says the same as one of e's labels in some language.
func overlaps(pc pointCache, e, o *knowledge.Entry, j int, langs []knowledge.Lang) bool {
	for _, l := range langs {
		ps, ok := pc.get(e, l)
		ops, ok2 := pc.get(o, l)
		if !ok || !ok2 {
			continue
		}
		d := normalize(ops[j].Label)
		if d == "" {
			return true
		}
		for _, p := range ps {
			if n := normalize(p.Label); n != "" && (strings.Contains(n, d) || strings.Contains(d, n)) {
				return true
			}
		}
	}
	return false
}

// clashes reports whether c reads the same as a distractor already chosen.
func clashes(pc pointCache, b *knowledge.Base, c ref, chosen []ref, langs []knowledge.Lang) bool {
	ce, _ := b.Entry(c.slug)
	for _, o := range chosen {
		oe, _ := b.Entry(o.slug)
		for _, l := range langs {
			cps, ok := pc.get(ce, l)
			ops, ok2 := pc.get(oe, l)
			if ok && ok2 && normalize(cps[c.point].Label) == normalize(ops[o.point].Label) {
				return true
			}
		}
	}
	return false
}

func hasExplanation(e *knowledge.Entry, langs []knowledge.Lang) bool {
	for _, l := range langs {
		if t, ok := e.Texts[l]; ok && strings.TrimSpace(t.Explanation) == "" {
			return false
		}
	}
	return true
}

// topicDistractors picks three other entries whose titles differ from e's in every language.
func topicDistractors(b *knowledge.Base, e *knowledge.Entry, id string) []ref {
	var cands []ref
	for _, o := range b.Entries {
		if o != e {
			cands = append(cands, ref{slug: o.Slug})
		}
	}
	r := rng("distractors", id)
	r.Shuffle(len(cands), func(a, b int) { cands[a], cands[b] = cands[b], cands[a] })
	seen := map[string]bool{}
	for _, t := range e.Texts {
		seen[normalize(t.Title)] = true
	}
	var out []ref
	for _, c := range cands {
		o, _ := b.Entry(c.slug)
		dup := false
		for _, t := range o.Texts {
			dup = dup || seen[normalize(t.Title)]
		}
		if dup {
			continue
		}
		for _, t := range o.Texts {
			seen[normalize(t.Title)] = true
		}
		if out = append(out, c); len(out) == 3 {
			break
		}
	}
	for _, c := range cands {
		// Fewer than four distinct titles: fill up with the other entries, still never e.
		if len(out) == 3 {
			break
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
