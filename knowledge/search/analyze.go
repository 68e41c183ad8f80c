package search

import (
	"strings"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// kind tells how a term was read from text.
type kind uint8

const (
	kindWord    kind = iota // an English (or other Latin-script) word, stemmed
	kindBigram              // two adjacent Chinese characters
	kindUnigram             // one Chinese character
)

// piece is one term of analysed text, with what it was read from.
type piece struct {
	key     string // the index key: a stem, two characters, or "u" and one character
	surface string // the word or characters as they stood in the normalised text
	kind    kind
	// partStop marks a bigram with a stop character in it: a query counts it only when the
	// base has it, so "的商" neither helps nor costs.
	partStop bool
	// half marks the two readings of an English word whose stem says less than the word:
	// "marketing" is read as the stem "market" and the form "=marketing", each at half weight,
	// so an entry with the word itself beats one with only its stem.
	half bool
	form bool // the form of a half: it counts only where the base has it
	// part marks a part of a hyphenated word, compound the whole ("on-call"), which follows
	// its parts: a part the base lacks costs nothing when the whole is known ("on-cal")
	part, compound bool
}

// analyze splits normalised text into terms: English words not on the stop list, stemmed;
// Chinese as overlapping bigrams and single characters, minus stop words. Word order is kept.
func (wl *wordLists) analyze(dst []piece, s string) []piece {
	chain := -1 // where the current hyphenated word starts
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isHan(r):
			j := i
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if !isHan(r2) {
					break
				}
				j += n
			}
			dst = wl.hanRun(dst, s[i:j])
			i = j
		case isWordRune(r):
			j := wordEnd(s, i+size)
			hyphen := j+1 < len(s) && s[j] == '-' && isWordRune(rune(s[j+1]))
			if w := wordOf(s[i:j]); w != "" && !wl.stopEN[w] {
				at := len(dst)
				dst = wl.appendWord(dst, w, w)
				for k := at; k < len(dst); k++ {
					dst[k].part = hyphen || chain >= 0
				}
			}
			// A hyphenated word is also a word of its own: "on-call" says more than "call".
			if hyphen {
				if chain < 0 {
					chain = i
				}
			} else if chain >= 0 {
				at := len(dst)
				dst = wl.appendWord(dst, strings.ReplaceAll(s[chain:j], "-", ""), s[chain:j])
				for k := at; k < len(dst); k++ {
					dst[k].compound = true
				}
				chain = -1
			}
			i = j
		default:
			if r != '-' {
				chain = -1
			}
			i += size
		}
	}
	return dst
}

// appendWord adds the pieces of an English word: its stem, and its form when that differs.
func (wl *wordLists) appendWord(dst []piece, w, surface string) []piece {
	st, form := wl.stem(w), pluralStem(w)
	if st == form {
		return append(dst, piece{key: st, surface: surface, kind: kindWord})
	}
	return append(dst, piece{key: st, surface: surface, kind: kindWord, half: true},
		piece{key: "=" + form, surface: surface, kind: kindWord, half: true, form: true})
}

// wordOf trims a possessive and a contraction: "team's" is "team", "what're" is "what".
func wordOf(w string) string {
	w = strings.TrimSuffix(w, "'s")
	if k := strings.IndexByte(w, '\''); k >= 0 {
		w = w[:k]
	}
	if utf8.RuneCountInString(w) < 2 {
		return "" // a letter or a digit alone: list numbers, "2+2", "a"
	}
	return w
}

// pluralStem strips an English plural ending and nothing else: "risks" -> "risk",
// "strategies" -> "strategy", but "marketing" stays apart from "market". Names are compared
// this way, as users type them.
func pluralStem(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes")):
		return w[:len(w)-2]
	case len(w) > 2 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}

// stem is the Snowball stem of w, from the base's words when it is one of them. The cache is
// filled while the index is built and only read once it is frozen: Search runs concurrently.
func (wl *wordLists) stem(w string) string {
	if st, ok := wl.stems[w]; ok {
		return st
	}
	st := stem(w)
	if !wl.frozen {
		wl.stems[w] = st
	}
	return st
}

// stem maps an English word to its Snowball stem, so "risks", "risk" and "risky" meet.
func stem(w string) string {
	if len(w) < 3 || !isASCII(w) {
		return w
	}
	return english.Stem(w, false)
}

// hanRun reads a stretch of Chinese characters: every bigram and every character, each
// marked where a stop word ("请问", "怎么", "的") covers part of it. Stop words are found
// longest first, from the left.
func (wl *wordLists) hanRun(dst []piece, run string) []piece {
	stop, off := wl.stopSpansOf(run)
	for i := range stop {
		if i > 0 && !(stop[i-1] && stop[i]) {
			bi := run[off[i-1]:off[i+1]]
			dst = append(dst, piece{key: bi, surface: bi, kind: kindBigram, partStop: stop[i-1] || stop[i]})
		}
		if !stop[i] {
			// A character alone is its own key: it cannot be a bigram or an English word.
			ch := run[off[i]:off[i+1]]
			dst = append(dst, piece{key: ch, surface: ch, kind: kindUnigram})
		}
	}
	return dst
}

// contentKey is what text says once stop words are gone: its English words stemmed and its
// Chinese characters outside stop words, each stretch a word, joined by spaces. Names are
// compared this way, so "what exactly is an LLM?" names the entry called "LLM", and
// "大模型创业有哪些风险" the one titled "大模型创业的风险". fix, when set, replaces words (typos).
func (wl *wordLists) contentKey(s string, fix map[string]string) string {
	var out []string
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isHan(r):
			j := i
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if !isHan(r2) {
					break
				}
				j += n
			}
			out = wl.hanContent(out, s[i:j], fix)
			i = j
		case isWordRune(r):
			j := wordEnd(s, i+size)
			if w := wordOf(s[i:j]); w != "" && !wl.stopEN[w] {
				if f, ok := fix[w]; ok {
					w = f
				}
				out = append(out, pluralStem(w))
			}
			i = j
		default:
			i += size
		}
	}
	return strings.Join(out, " ")
}

// hanContent appends the stretches of a run of Chinese characters between its stop words,
// with the Chinese words of fix replaced.
func (wl *wordLists) hanContent(out []string, run string, fix map[string]string) []string {
	stop, off := wl.stopSpansOf(run)
	start := -1
	for i := 0; i <= len(stop); i++ {
		if i < len(stop) && !stop[i] {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			w := run[off[start]:off[i]]
			for from, to := range fix {
				if hasHan(from) {
					w = strings.ReplaceAll(w, from, to)
				}
			}
			out = append(out, w)
			start = -1
		}
	}
	return out
}

// stopSpansOf marks, by character, what stop words cover in a run of Chinese characters,
// longest first from the left, and gives each character's byte offset in run (and the end).
func (wl *wordLists) stopSpansOf(run string) (stop []bool, off []int) {
	for i := range run {
		off = append(off, i)
	}
	off = append(off, len(run))
	n := len(off) - 1
	stop = make([]bool, n)
	for i := 0; i < n; {
		k := 0
		for m := min(wl.maxZH, n-i); m >= 1; m-- {
			if wl.stopZH[run[off[i]:off[i+m]]] {
				k = m
				break
			}
		}
		if k == 0 {
			i++
			continue
		}
		for j := i; j < i+k; j++ {
			stop[j] = true
		}
		i += k
	}
	return stop, off
}

// wordEnd is where the word that goes on at i ends: letters and digits, and apostrophes
// inside it ("what's").
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) && !(r == '\'' && i+1 < len(s) && isWordRune(rune(s[i+1]))) {
			break
		}
		i += n
	}
	return i
}
