package search

import (
	"strings"
	"unicode/utf8"
)

// smallTalk returns the intent of a query that is only small talk ("hi", "thanks!", "good
// morning everyone", "你是谁"), or "". Small talk may come with filler and stop words around
// it, but a query with anything else in it is a question, and is searched.
func (wl *wordLists) smallTalk(q string) string {
	var words []string // English words and runs of Chinese characters, in order
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	prevHan := false
	for _, r := range q {
		han := isHan(r)
		switch {
		case han || isWordRune(r) || r == '\'':
			if han != prevHan {
				flush()
			}
			b.WriteRune(r)
			prevHan = han
		default:
			flush()
		}
	}
	flush()
	if len(words) == 0 {
		return ""
	}
	intent := ""
	for i := 0; i < len(words); {
		n, in := wl.smallTalkAt(words[i:])
		switch {
		case n > 0:
			if intent == "" {
				intent = in
			}
			i += n
		case wl.stopEN[words[i]]:
			i++
		case isHan([]rune(words[i])[0]) && wl.smallTalkHan(words[i], &intent):
			i++
		default:
			return ""
		}
	}
	return intent
}

// smallTalkAt matches the longest small-talk phrase of English words at the start of words.
func (wl *wordLists) smallTalkAt(words []string) (int, string) {
	for n := min(len(words), wl.maxSm); n >= 1; n-- {
		if in, ok := wl.small[strings.Join(words[:n], " ")]; ok {
			return n, in
		}
	}
	return 0, ""
}

// smallTalkHan reports whether a run of Chinese characters is made only of small-talk
// phrases and stop words, setting intent from the first phrase when it is still empty.
func (wl *wordLists) smallTalkHan(run string, intent *string) bool {
	rs := []rune(run)
	found := false
	for i := 0; i < len(rs); {
		n := 0
		for k := min(len(rs)-i, wl.maxSm); k >= 1; k-- {
			s := string(rs[i : i+k])
			if in, ok := wl.small[s]; ok {
				if *intent == "" {
					*intent = in
				}
				n, found = k, true
				break
			}
			if wl.stopZH[s] {
				n = k
				break
			}
		}
		if n == 0 {
			return false
		}
		i += n
	}
	return found || *intent != ""
}

// fillerIntents are the small talk that may wrap a question ("hi team, … thanks!").
var fillerIntents = map[string]bool{"greeting": true, "thanks": true, "bye": true}

// dropSmallTalk blanks out the greetings, thanks and goodbyes that wrap a query, so that
// "hey team, what are the risks? thx" is matched as "what are the risks". Only the ends are
// cut, phrase after phrase (stop words between them go too): inside a question "morning"
// or "great" may be what it asks about.
func (wl *wordLists) dropSmallTalk(q string) string {
	units := splitUnits(q)
	lo, hi := 0, len(units) // units[lo:hi] stay
	for lo < hi {
		if n := wl.fillerAt(units[lo:hi], true); n > 0 {
			lo += n
			continue
		}
		break
	}
	for lo < hi {
		if n := wl.fillerAt(units[lo:hi], false); n > 0 {
			hi -= n
			continue
		}
		break
	}
	if lo == 0 && hi == len(units) {
		return q
	}
	if lo >= hi {
		return ""
	}
	return q[units[lo].start:units[hi-1].end]
}

// unit is an English word or one Chinese character of a query, by byte offsets.
type unit struct {
	start, end int
	text       string
	han        bool
}

func splitUnits(q string) []unit {
	var out []unit
	for i := 0; i < len(q); {
		r, size := utf8.DecodeRuneInString(q[i:])
		switch {
		case isHan(r):
			out = append(out, unit{i, i + size, q[i : i+size], true})
			i += size
		case isWordRune(r) || r == '\'':
			j := i
			for j < len(q) {
				r2, n := utf8.DecodeRuneInString(q[j:])
				if !isWordRune(r2) && r2 != '\'' {
					break
				}
				j += n
			}
			out = append(out, unit{i, j, q[i:j], false})
			i = j
		default:
			i += size
		}
	}
	return out
}

// fillerAt is how many units at the front (or back) of us make one filler phrase, the
// longest first; 0 if none. Chinese needs two characters: 早 alone is a word too often.
func (wl *wordLists) fillerAt(us []unit, front bool) int {
	for k := min(len(us), wl.maxSm); k >= 1; k-- {
		part := us[:k]
		if !front {
			part = us[len(us)-k:]
		}
		var b strings.Builder
		for i, u := range part {
			if i > 0 && !(u.han && part[i-1].han) {
				b.WriteByte(' ')
			}
			b.WriteString(u.text)
		}
		if in, ok := wl.small[b.String()]; ok && fillerIntents[in] && (!part[0].han || k >= 2) {
			return k
		}
		// A stop word next to the phrase goes with it ("hi" "there", "谢谢" "啦").
		if k == 1 && (!part[0].han && wl.stopEN[part[0].text] || part[0].han && wl.stopZH[part[0].text]) && len(us) > 1 {
			if n := wl.fillerAt(map[bool][]unit{true: us[1:], false: us[:len(us)-1]}[front], front); n > 0 {
				return 1 + n
			}
		}
	}
	return 0
}
