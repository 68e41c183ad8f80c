package search

import "unicode/utf8"

// How much a term read indirectly counts against one the query has as the base has it.
const (
	typoK      = 0.8  // an English word one or two letters off a word of the base
	sameSoundK = 0.8  // a Chinese word with the syllables of a word of the base
	nearSoundK = 0.5  // one character the same, the other sounding close
	unigramK   = 0.25 // a single Chinese character: a bigram says more
)

// maxTypoLookups bounds the English words one query tries as typos: nobody misspells more
// words than this in a question, and each costs a look through the base's words.
const maxTypoLookups = 8

// maxQueryTerms bounds the terms one query is read as: a question has far fewer, and a paste
// past this says nothing more about what it asks.
const maxQueryTerms = 64

// qterm is one term of a query as matching weighs it.
type qterm struct {
	id     int32   // the base's term, or -1 for a word the base lacks
	factor float32 // how much of the term's weight counts (typos and sounds count less)
	weight float32 // what the term adds to the query's total weight
	from   string  // the query's word or characters
	to     string  // the base's word it was read as, when not the same
	kind   kind
	half   uint8 // 1: the stem of a word also read as written, 2: the word as written
	part   bool  // part of a hyphenated word
}

// readQuery turns a normalised query's pieces into weighted terms: known ones as they are,
// English typos and Chinese words that sound like the base's ones corrected at a discount, and
// words the base lacks kept as unknown, to count against every entry. Each term counts once.
func (ix *Index) readQuery(dst []qterm, pieces []piece, rd *readings) []qterm {
	seen := func(id int32, from string) bool {
		for _, t := range dst {
			if id >= 0 && t.id == id || id < 0 && t.id < 0 && t.from == from {
				return true
			}
		}
		return false
	}
	sounded, typed := 0, 0
	for i, p := range pieces {
		if len(dst) == maxQueryTerms {
			break
		}
		if repeated(pieces[:i], p) {
			continue // read once: a word said twice is not corrected twice
		}
		id, known := ix.terms[p.key]
		t := qterm{id: id, factor: 1, from: p.surface, kind: p.kind}
		switch {
		case known && p.kind == kindBigram && p.partStop && !ix.declared[id]:
			continue // "业有", "些风": the base has them only where a stop word meets a word
		case known:
		case p.form:
			continue // the stem says whether the base knows the word
		case p.kind == kindUnigram, p.kind == kindBigram && p.partStop:
			continue // a character or stop-word pair the base lacks says nothing on its own
		case p.kind == kindWord && typed == maxTypoLookups:
			t.id = -1
		case p.kind == kindWord:
			typed++
			if id, w, ok := ix.fuzzy.lookup(p.surface); ok {
				t.id, t.factor, t.to = id, typoK, w
			} else {
				t.id = -1
			}
		case p.kind == kindBigram && ix.junction(pieces, i):
			continue // two words of the base side by side ("浓缩" and "萃取" in "浓缩萃取")
		case p.kind == kindBigram && sounded == maxSoundLookups:
			t.id = -1
		case p.kind == kindBigram:
			sounded++
			more := func(a, b int32) bool {
				return len(ix.post[a]) > len(ix.post[b]) || len(ix.post[a]) == len(ix.post[b]) && a < b
			}
			if m, ok := ix.soundIndex().lookup(p.surface, rd, more); ok {
				t.id, t.to, t.factor = m.term, m.word, nearSoundK
				if m.same {
					t.factor = sameSoundK
				}
			} else {
				t.id = -1
			}
		}
		if p.form {
			t.from = "=" + t.from // apart from the stem's term in the query's terms
		}
		if p.half {
			t.half = 1
			if p.form {
				t.half = 2
			}
		}
		if seen(t.id, t.from) {
			continue
		}
		switch {
		case t.id < 0:
			t.weight = ix.unknown
		case p.kind == kindUnigram:
			t.weight = unigramK * ix.idf[t.id]
			t.factor *= unigramK
		default:
			t.weight = ix.idf[t.id]
		}
		if p.compound && t.id >= 0 {
			dst = dropUnknownParts(dst)
		}
		if p.half && t.id >= 0 && (p.form || i+1 < len(pieces) && ix.has(pieces[i+1].key)) {
			t.weight, t.factor = t.weight/2, t.factor/2
		}
		t.part = p.part
		dst = append(dst, t)
	}
	return dst
}

// dropUnknownParts removes the unknown parts of the hyphenated word just read, from the end.
func dropUnknownParts(dst []qterm) []qterm {
	out := len(dst)
	for k := len(dst) - 1; k >= 0 && dst[k].part; k-- {
		if dst[k].id < 0 {
			copy(dst[k:], dst[k+1:])
			out--
			dst = dst[:out]
		}
	}
	return dst
}

// junction reports whether the bigram pieces[i] is where two words the base has meet: the
// bigrams on both sides of it are known, so it is no word the base lacks.
func (ix *Index) junction(pieces []piece, i int) bool {
	prev, next := -1, -1
	for k := i - 1; k >= 0 && pieces[k].kind != kindWord; k-- {
		if pieces[k].kind == kindBigram {
			prev = k
			break
		}
	}
	for k := i + 1; k < len(pieces) && pieces[k].kind != kindWord; k++ {
		if pieces[k].kind == kindBigram {
			next = k
			break
		}
	}
	if prev < 0 || next < 0 {
		return false
	}
	// Adjacent means sharing a character: the previous bigram ends where this one starts.
	if lastRune(pieces[prev].surface) != firstRune(pieces[i].surface) || lastRune(pieces[i].surface) != firstRune(pieces[next].surface) {
		return false
	}
	_, kp := ix.terms[pieces[prev].key]
	_, kn := ix.terms[pieces[next].key]
	return kp && kn
}

func (ix *Index) has(key string) bool {
	_, ok := ix.terms[key]
	return ok
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// soundIndex returns the sound index, building it on first use from the base's bigrams.
func (ix *Index) soundIndex() *soundIndex {
	ix.soundsOnce.Do(func() {
		for id, key := range ix.keys {
			if utf8.RuneCountInString(key) == 2 && isHan(firstRune(key)) {
				ix.sounds.add(key, int32(id))
			}
		}
		ix.sounds.finish()
	})
	return &ix.sounds
}

// repeated reports whether p was read already, among the last maxQueryTerms pieces.
func repeated(before []piece, p piece) bool {
	for k := len(before) - 1; k >= 0 && k >= len(before)-4*maxQueryTerms; k-- {
		if before[k].key == p.key && before[k].surface == p.surface && before[k].form == p.form {
			return true
		}
	}
	return false
}
