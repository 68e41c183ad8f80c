package search

import (
	"slices"
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/unicode/norm"
)

// Chinese typed through a pinyin IME goes wrong by sound, one character of a word at a time:
// the right syllable, the wrong character (融姿 for 融资, 报消 for 报销), or a syllable off
// (风验 for 风险, 案列 for 案例). soundIndex finds the base's two-character word that a word it
// lacks sounds like, with one character in common. Every lookup is by key, so its cost does
// not grow with the base.
type soundIndex struct {
	bySound map[soundKey][]int32 // a character kept, its place, the other's syllable -> bigram terms
	words   map[int32]string     // bigram term -> its two characters
	sylID   map[string]uint16    // every toneless syllable of the base's words -> its number
	syls    []string             // by number
	near    [][]uint16           // by number: the syllables that sound close (closeSyllables)
	readings
}

// soundKey says "a word with char at pos, whose other character reads syllable syl".
type soundKey struct {
	char rune
	pos  uint8
	syl  uint16
}

// readings caches the toneless readings of characters.
type readings map[rune][]string

// maxSoundLookups bounds the words one query tries by sound; nobody mistypes more.
const maxSoundLookups = 8

func (rd *readings) of(r rune) []string {
	if *rd == nil {
		*rd = readings{}
	}
	if p, ok := (*rd)[r]; ok {
		return p
	}
	p := toneless(r)
	(*rd)[r] = p
	return p
}

// toneless reads a character's syllables from the pinyin library's table ("zhòng,chóng" for
// 重) without their tone marks: the marks decompose (NFD) and are dropped. The library's own
// styles do the same with regular expressions, a hundred times slower.
func toneless(r rune) []string {
	raw, ok := pinyin.PinyinDict[int(r)]
	if !ok {
		return nil
	}
	var out []string
	for _, syl := range strings.Split(raw, ",") {
		var b strings.Builder
		for _, c := range norm.NFD.String(syl) {
			if !unicode.Is(unicode.Mn, c) {
				b.WriteRune(c)
			}
		}
		if t := b.String(); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func (si *soundIndex) add(word string, term int32) {
	rs := []rune(word)
	if len(rs) != 2 {
		return
	}
	if si.words == nil {
		si.bySound, si.words, si.sylID = map[soundKey][]int32{}, map[int32]string{}, map[string]uint16{}
	}
	if _, ok := si.words[term]; ok {
		return
	}
	si.words[term] = word
	for pos := range 2 {
		for _, syl := range si.of(rs[1-pos]) {
			id, ok := si.sylID[syl]
			if !ok {
				id = uint16(len(si.syls))
				si.sylID[syl] = id
				si.syls = append(si.syls, syl)
			}
			k := soundKey{rs[pos], uint8(pos), id}
			si.bySound[k] = append(si.bySound[k], term)
		}
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
	consider := func(ts []int32, same bool) {
		for _, t := range ts {
			if si.words[t] == word {
				continue
			}
			if best.term < 0 || same && !best.same || same == best.same && better(t, best.term) {
				best = soundMatch{term: t, word: si.words[t], same: same}
			}
		}
	}
	for pos := range 2 {
		for _, syl := range readingsOf(si, rd, rs[1-pos]) {
			if id, ok := si.sylID[syl]; ok {
				consider(si.bySound[soundKey{rs[pos], uint8(pos), id}], true)
			}
		}
	}
	if best.term >= 0 {
		return best, true
	}
	for pos := range 2 {
		for _, syl := range readingsOf(si, rd, rs[1-pos]) {
			for _, id := range si.nearOf(syl) {
				consider(si.bySound[soundKey{rs[pos], uint8(pos), id}], false)
			}
		}
	}
	return best, best.term >= 0
}

// finish works out which of the base's syllables sound close to which, once.
func (si *soundIndex) finish() {
	si.near = make([][]uint16, len(si.syls))
	for i, a := range si.syls {
		for j, b := range si.syls {
			if i != j && closeSyllables(a, b) {
				si.near[i] = append(si.near[i], uint16(j))
			}
		}
	}
}

// nearOf lists the base's syllables that sound close to syl.
func (si *soundIndex) nearOf(syl string) []uint16 {
	if id, ok := si.sylID[syl]; ok && int(id) < len(si.near) {
		return si.near[id]
	}
	var out []uint16
	for j, b := range si.syls {
		if closeSyllables(syl, b) {
			out = append(out, uint16(j))
		}
	}
	return out
}

// readingsOf reads r from the index's cache, filled at build time, or else from the query's.
func readingsOf(si *soundIndex, rd *readings, r rune) []string {
	if p, ok := si.readings[r]; ok {
		return p
	}
	return rd.of(r)
}

// closeSyllables reports whether two syllables sound close: one letter apart ("li", "lie"),
// or with the same final of two letters or more ("xian", "yan": -ian).
func closeSyllables(a, b string) bool {
	if osaDistance(a, b, 1) <= 1 {
		return true
	}
	fa := final(a)
	return len(fa) > 1 && fa == final(b)
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
