package search

import (
	"cmp"
	"slices"
)

// wordAt is where an English word's token, terms and phrase units start.
type wordAt struct{ tok, term, unit int }

// maxUniShare: a character alone counts only if at most 1/maxUniShare of the entries have it.
const maxUniShare = 4

// compoundPartK is what the parts of a known hyphenated word still count.
const compoundPartK = 0.25

// partsFrom returns the token where the parts of the compound at token i start: its parts are
// the words just before it that, joined, spell it. It returns -1 when there are none.
func partsFrom(toks []token, i int) int {
	n := len(toks[i].word)
	start := -1
	for k := i - 1; k >= 0 && n > 0 && toks[k].word != "" && !toks[k].compound; k-- {
		n -= len(toks[k].word)
		start = k
	}
	return start
}

// firstWordFrom returns the first of the words at that starts at token start or later, or -1.
func firstWordFrom(at []wordAt, start int) int {
	first := -1
	for k := len(at) - 1; start >= 0 && k >= 0 && at[k].tok >= start; k-- {
		first = k
	}
	return first
}

// queryTerms turns the tokens into phrase units and distinct weighted terms, and returns what
// the words the base does not know cost.
func (ix *Index) queryTerms(sc *scratch) float32 {
	sc.units, sc.terms = sc.units[:0], sc.terms[:0]
	sc.relTerms, sc.relSpans = sc.relTerms[:0], sc.relSpans[:0]
	sc.wordAt = sc.wordAt[:0]
	sc.words, sc.guessed, sc.nword, sc.exOnly = 0, 0, 0, 0
	sc.seg = ix.dict.segment(sc.seg[:0], sc.toks)
	onlyEnd := rune(-1) // the last character of the last bigram only examples have
	sc.weakAt, sc.weakTok = sc.weakAt[:0], sc.weakTok[:0]
	sc.domainAt, sc.domainFree = sc.domainAt[:0], false
	sc.hanFlags = classifyHan(sc.hanFlags[:0], sc.toks, sc.seg, func(i int, a, b rune) bool {
		id, ok := ix.bigrams[uint64(a)<<32|uint64(b)]
		rel := len(sc.relTerms)
		if ok && (len(ix.postings(id)) > 0 || len(ix.examplePostings(id)) > 0) {
			sc.terms = append(sc.terms, qterm{id: id, factor: ix.genericFactor(id), word: sc.nextWord()})
			// Overlapping bigrams ("快花", "花完") are one word of the examples, counted once.
			if ix.ex.only != nil && ix.ex.only[id] {
				if a != onlyEnd {
					sc.countExampleOnly(ix, id)
				}
				onlyEnd = b
			}
		}
		if !ok {
			id = -1
		}
		// "挣钱" stands for "赚钱", which the base has.
		related := ix.addRelatedHan(sc, a, b, id)
		sc.domainFree = sc.domainFree || ok && ix.domain[id]
		if ix.weakAnchor(id) || ix.anyWeakAnchor(sc.relTerms[rel:]) {
			sc.weakTok = append(sc.weakTok, int32(i-1))
		}
		return related || ok
	})
	sc.hanSpan, sc.hanWords = hanStretches(sc.hanSpan[:0], sc.toks, sc.hanFlags, ix.p.everydayOOV)
	sc.hanOld = 0
	var penalty float32
	fuzzyLeft := maxFuzzyWords
	for i, t := range sc.toks {
		if t.word == "" {
			switch f := sc.hanFlags[i]; {
			case f&hanContent != 0:
				u, ok := ix.hans[t.han]
				if !ok {
					u = -1
				}
				if len(sc.weakTok) > 0 && sc.weakTok[0] == int32(i) {
					sc.weakTok = sc.weakTok[1:]
					sc.weakAt = append(sc.weakAt, weakAnchorAt{unit: int32(len(sc.units)), n: 2})
				}
				sc.units = append(sc.units, u)
			case f&hanFiller == 0:
				// A character of no word the base knows: it breaks phrases and counts against
				// every match, like an unknown English word. Alone it may still mean what it
				// means in the base's words ("钱" in "找钱", "练" in "训练"), weakly.
				sc.units = append(sc.units, -1)
				// Only a character of few entries says something alone, and bounds the work.
				c := ix.p.oovHan
				if id, ok := ix.unis[t.han]; ok && len(ix.postings(id)) > 0 && len(ix.postings(id)) <= max(1, len(ix.entries)/maxUniShare) {
					sc.terms = append(sc.terms, qterm{id: id, factor: ix.p.hanUniK, word: sc.nextWord()})
					c *= ix.p.hanUniOOV
				}
				penalty += c
				if sc.hanSpan[i] >= 2 {
					sc.hanOld += c // a word's worth, off the domain (unknownPenalty)
				}
			}
			continue
		}
		if isStopWord(t.word) {
			continue
		}
		if t.compound {
			// Only a help: an unknown compound's parts have already been counted. A known one
			// weighs as much as a word, which counts through two terms, and stands for its
			// parts: "long-term" is one idea, not "long" and "term" and "long-term".
			if wt, ok := ix.words[t.word]; ok {
				if k := firstWordFrom(sc.wordAt, partsFrom(sc.toks, i)); k >= 0 {
					for j := sc.wordAt[k].term; j < len(sc.terms); j++ {
						sc.terms[j].factor *= compoundPartK
					}
					sc.units = sc.units[:sc.wordAt[k].unit]
				}
				sc.units = append(sc.units, wt.light)
				sc.terms = append(sc.terms, qterm{id: wt.light, factor: 2, word: sc.nextWord()})
				sc.domainFree = sc.domainFree || ix.domain[wt.light]
			}
			continue
		}
		sc.wordAt = append(sc.wordAt, wordAt{tok: i, term: len(sc.terms), unit: len(sc.units)})
		sc.words++
		wt, st := ix.lookupWord(t.word)
		factor := float32(1)
		known := wt.light >= 0 || wt.stem >= 0
		// A word the base has only in prose ("problems") says little there: the words it
		// stands for ("challenges") count in full.
		weak := known && (wt.stem < 0 || !ix.isName[wt.stem])
		rel := len(sc.relTerms)
		related := ix.addRelated(sc, t.word, st, wt, !known, weak)
		weakAnchor := ix.anyWeakAnchor(sc.relTerms[rel:])
		if related && !known {
			// A plain word for one the base has: it counts through that word, and breaks
			// phrases as an unknown word does.
			if weakAnchor {
				sc.weakAt = append(sc.weakAt, weakAnchorAt{unit: int32(len(sc.units)), n: 1})
			}
			sc.units = append(sc.units, -1)
			continue
		}
		// Examples are written as users type, typos and all ("outlok"): a word only they have
		// may still be a typo of a name.
		if (!known || ix.exampleOnly(wt)) && fuzzyLeft > 0 {
			fuzzyLeft--
			if fw, ok := ix.fuzzy.lookup(t.word); ok {
				wt, factor = fw, ix.p.fuzzyFactor
				sc.guessed++
			}
		}
		if wt.stem >= 0 && ix.domain[wt.stem] || wt.light >= 0 && ix.domain[wt.light] {
			sc.domainAt = append(sc.domainAt, int32(len(sc.units)))
		}
		if weakAnchor || ix.weakAnchor(wt.stem) || ix.weakAnchor(wt.light) {
			sc.weakAt = append(sc.weakAt, weakAnchorAt{unit: int32(len(sc.units)), n: 1})
		}
		sc.units = append(sc.units, wt.stem)
		if wt.light < 0 && wt.stem < 0 {
			if isEverydayWord(t.word) {
				penalty += ix.p.everydayOOV * ix.p.oovWord
			} else {
				penalty += ix.p.oovWord
			}
			continue
		}
		if isEverydayWord(t.word) {
			// It frames the question; that the base has it somewhere says little.
			factor *= ix.p.everydayK
		}
		word := sc.nextWord()
		if wt.light >= 0 {
			sc.terms = append(sc.terms, qterm{id: wt.light, factor: factor * ix.p.lightK * ix.genericFactor(wt.stem), word: word})
		}
		if wt.stem >= 0 {
			sc.terms = append(sc.terms, qterm{id: wt.stem, factor: factor * ix.p.stemK * ix.genericFactor(wt.stem), word: word})
			sc.countExampleOnly(ix, wt.stem)
		}
	}
	// A word typed twice is one word.
	slices.SortFunc(sc.terms, func(a, b qterm) int {
		if c := cmp.Compare(a.id, b.id); c != 0 {
			return c
		}
		return cmp.Compare(b.factor, a.factor) // the strongest reading of a term first
	})
	sc.terms = slices.CompactFunc(sc.terms, func(a, b qterm) bool { return a.id == b.id })
	return penalty
}

// lookupWord maps an English query word to its terms: as written in the base, or by its plural
// or its stem. Terms the base does not know are -1. It also returns the word's stem when it
// had to compute it ("" otherwise), for the related words.
func (ix *Index) lookupWord(w string) (wt wordTerms, st string) {
	if wt, ok := ix.words[w]; ok {
		return wt, ""
	}
	light := lightStem(w)
	if wt, ok := ix.words[light]; ok {
		return wt, "" // a plural of a word the base has: "VCs"
	}
	wt = wordTerms{light: -1, stem: -1}
	if id, ok := ix.lights[light]; ok {
		wt.light = id
	}
	st = stem(w)
	if id, ok := ix.stems[st]; ok {
		wt.stem = id
	}
	return wt, st
}
