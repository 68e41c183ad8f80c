package quiz

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

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

// distractorCandidates lists the labelled points of other entries that are not also true of e:
// not from an entry related to e (related topics overlap in substance), and their normalised
// label neither equals, contains nor is contained in one of e's labels, nor shares a word
// (English) or a two-character term (Chinese) with one, in any language. It depends on the
// entry only, so NewBank computes it once for all of the entry's point questions.
func distractorCandidates(pc pointCache, b *knowledge.Base, e *knowledge.Entry, langs []knowledge.Lang) []ref {
	var cands []ref
	for _, o := range b.Entries {
		if o == e || slices.Contains(e.Related, o.Slug) || slices.Contains(o.Related, e.Slug) {
			continue
		}
		for _, j := range labelled(pc, o, langs) {
			if !overlaps(pc, e, o, j, langs) {
				cands = append(cands, ref{o.Slug, j})
			}
		}
	}
	return cands
}

// pointDistractors picks three of the candidates, shuffled by the question id, that do not read
// the same as each other. nil when there are not three.
func pointDistractors(pc pointCache, b *knowledge.Base, candidates []ref, langs []knowledge.Lang, id string) []ref {
	cands := slices.Clone(candidates)
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
		dl := pc.label(ops[j].Label)
		d, dt := dl.norm, dl.terms
		if d == "" {
			return true
		}
		for _, p := range ps {
			pl := pc.label(p.Label)
			if n := pl.norm; n != "" && (strings.Contains(n, d) || strings.Contains(d, n)) {
				return true
			}
			for t := range pl.terms {
				if dt[t] {
					return true
				}
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
			if ok && ok2 && pc.label(cps[c.point].Label).norm == pc.label(ops[o.point].Label).norm {
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

// stopWords are English words too common in labels to make two of them say the same thing.
var stopWords = map[string]bool{"with": true, "from": true, "that": true, "this": true, "into": true,
	"over": true, "more": true, "their": true, "such": true, "other": true, "level": true}

// terms returns the content terms of a label: English words of four letters or more (plural
// "s" dropped) and every pair of adjacent Han characters, so "Cost risk" and "Market risks",
// or "成本风险" and "成本控制", count as overlapping.
func terms(label string) map[string]bool {
	out := map[string]bool{}
	var han []rune
	flush := func() {
		for i := 0; i+1 < len(han); i++ {
			out[string(han[i:i+2])] = true
		}
		han = han[:0]
	}
	for _, w := range strings.FieldsFunc(norm.NFKC.String(label), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	}) {
		for _, r := range w {
			if unicode.Is(unicode.Han, r) {
				han = append(han, r)
			} else {
				flush()
			}
		}
		flush()
		w = strings.TrimSuffix(strings.ToLower(w), "s")
		if len(w) >= 4 && !stopWords[w] && !unicode.Is(unicode.Han, []rune(w)[0]) {
			out[w] = true
		}
	}
	return out
}
