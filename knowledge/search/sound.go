package search

import (
	"strings"

	"github.com/mozillazg/go-pinyin"
)

// Chinese typed through a pinyin IME goes wrong by sound, one character of a word at a time:
// the right syllable, the wrong character (融姿 for 融资, 报消 for 报销), or a syllable off
// (风验 for 风险, 案列 for 案例). soundIndex finds the base's two-character word that a word it
// lacks sounds like, with one character in common.
type soundIndex struct {
	byChar map[rune][]int32 // a character -> the bigram terms that have it
	words  map[int32]string // bigram term -> its two characters
	readings
}

// readings caches the toneless readings of characters: the pinyin library parses its
// tables with regular expressions on every call.
type readings map[rune][]string

// Bounds: a character in very many words of a large base is tried against the first of them.
const maxSoundCandidates = 4096

func (rd *readings) of(r rune) []string {
	if *rd == nil {
		*rd = readings{}
	}
	if p, ok := (*rd)[r]; ok {
		return p
	}
	a := pinyin.NewArgs()
	a.Heteronym = true
	a.Fallback = func(rune, pinyin.Args) []string { return nil }
	p := pinyin.SinglePinyin(r, a)
	(*rd)[r] = p
	return p
}

func (si *soundIndex) add(word string, term int32) {
	rs := []rune(word)
	if len(rs) != 2 {
		return
	}
	if si.words == nil {
		si.byChar, si.words = map[rune][]int32{}, map[int32]string{}
	}
	if _, ok := si.words[term]; ok {
		return
	}
	si.words[term] = word
	si.of(rs[0])
	si.of(rs[1])
	si.byChar[rs[0]] = append(si.byChar[rs[0]], term)
	if rs[1] != rs[0] {
		si.byChar[rs[1]] = append(si.byChar[rs[1]], term)
	}
}

// soundMatch is a word of the base that a query word sounds like.
type soundMatch struct {
	term int32
	word string
	same bool // the other character has the same syllable; else one that sounds close
}

// lookup finds the base's word that word sounds most like; better is how to choose among
// several (the caller prefers the more frequent). The readings cache is not safe for
// concurrent use, so a query looks characters up through its own readings.
func (si *soundIndex) lookup(word string, rd *readings, better func(a, b int32) bool) (soundMatch, bool) {
	rs := []rune(word)
	if len(rs) != 2 || si.words == nil {
		return soundMatch{}, false
	}
	best := soundMatch{term: -1}
	consider := func(m soundMatch) {
		if best.term < 0 || m.same && !best.same || m.same == best.same && better(m.term, best.term) {
			best = m
		}
	}
	for pos := 0; pos < 2; pos++ {
		keep, other := rs[pos], rs[1-pos]
		cands := si.byChar[keep]
		if len(cands) > maxSoundCandidates {
			cands = cands[:maxSoundCandidates]
		}
		for _, t := range cands {
			w := []rune(si.words[t])
			if w[pos] != keep || w[1-pos] == other {
				continue
			}
			if same, near := sounds(readingsOf(si, rd, other), readingsOf(si, rd, w[1-pos])); same || near {
				consider(soundMatch{term: t, word: si.words[t], same: same})
			}
		}
	}
	return best, best.term >= 0
}

// readingsOf reads r from the index's cache, filled at build time, or else from the query's.
func readingsOf(si *soundIndex, rd *readings, r rune) []string {
	if p, ok := si.readings[r]; ok {
		return p
	}
	return rd.of(r)
}

// sounds compares two characters' readings: same when they have a reading in common, near
// when readings are one letter apart ("li", "lie") or share a final ("xian", "yan": -ian).
func sounds(a, b []string) (same, near bool) {
	for _, x := range a {
		for _, y := range b {
			switch {
			case x == y:
				return true, false
			case osaDistance(x, y, 1) <= 1 || final(x) == final(y) && len(final(x)) > 1:
				near = true
			}
		}
	}
	return false, near
}

// final strips the initial consonant of a toneless syllable, writing y- and w- syllables as
// the finals they spell ("yan" -> "ian", "wu" -> "u").
func final(s string) string {
	for _, in := range [...]string{"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s"} {
		if strings.HasPrefix(s, in) {
			return s[len(in):]
		}
	}
	switch {
	case strings.HasPrefix(s, "yu"):
		return "v" + s[2:]
	case strings.HasPrefix(s, "yi"), strings.HasPrefix(s, "wu"):
		return s[1:]
	case strings.HasPrefix(s, "y"):
		return "i" + s[1:]
	case strings.HasPrefix(s, "w"):
		return "u" + s[1:]
	}
	return s
}
