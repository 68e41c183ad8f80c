package search

import "math"

func (bd *builder) count(term int32, f field) {
	c := bd.counts[term]
	if c == nil {
		c = new([numFields]uint16)
		bd.counts[term] = c
	}
	if c[f] < math.MaxUint16 {
		c[f]++
	}
}

func (bd *builder) newTerm() int32 {
	bd.post = append(bd.post, nil)
	bd.exPost = append(bd.exPost, nil)
	return int32(len(bd.post) - 1)
}

// wordTerms are the two terms of an English word: the word without its plural ending, which
// keeps "marketing" apart from "market", and its Snowball stem, which joins "risky", "risks"
// and "risk". A query word counts through both.
type wordTerms struct{ light, stem int32 }

func (bd *builder) internWord(w string) wordTerms {
	ix := bd.ix
	if wt, ok := ix.words[w]; ok {
		return wt
	}
	intern := func(m map[string]int32, k string) int32 {
		id, ok := m[k]
		if !ok {
			id = bd.newTerm()
			m[k] = id
		}
		return id
	}
	wt := wordTerms{light: intern(ix.lights, lightStem(w)), stem: intern(ix.stems, stem(w))}
	ix.words[w] = wt
	return wt
}

func (bd *builder) internHan(r rune) int32 {
	id, ok := bd.ix.hans[r]
	if !ok {
		id = bd.newTerm()
		bd.ix.hans[r] = id
		bd.runes[id] = r
	}
	return id
}

func (bd *builder) internBigram(a, b rune) int32 {
	ix := bd.ix
	key := uint64(a)<<32 | uint64(b)
	id, ok := ix.bigrams[key]
	if !ok {
		id = bd.newTerm()
		ix.bigrams[key] = id
	}
	return id
}

func (bd *builder) internUni(r rune) int32 {
	id, ok := bd.ix.unis[r]
	if !ok {
		id = bd.newTerm()
		bd.ix.unis[r] = id
	}
	return id
}
