package search

import (
	"strings"
	"unicode/utf8"
)

// smallTalk returns the intent of a query that is only small talk ("hi", "thanks!", "good
// morning everyone", "你是谁"), or "". Small talk may come with stop words around it, but a
// query with anything else in it is a question, and is searched.
func (wl *wordLists) smallTalk(us []unit) string {
	intent := ""
	for i := 0; i < len(us); {
		n, in := wl.phraseAt(us[i:])
		switch {
		case n > 0 && in != "":
			if intent == "" {
				intent = in
			}
		case n > 0: // a stop word
		default:
			return ""
		}
		i += n
	}
	return intent
}

// phraseAt matches the longest small-talk phrase, or else stop word, at the start of us: how
// many units it takes and, for a phrase, its intent.
func (wl *wordLists) phraseAt(us []unit) (int, string) {
	for k := min(len(us), wl.maxSm); k >= 1; k-- {
		text := joinUnits(us[:k])
		if in, ok := wl.small[text]; ok {
			return k, in
		}
		if us[0].han && wl.stopZH[text] || k == 1 && !us[0].han && wl.stopEN[text] {
			return k, ""
		}
	}
	return 0, ""
}

// joinUnits writes units as phrases are written: English words apart, Chinese characters
// together.
func joinUnits(us []unit) string {
	if len(us) == 1 {
		return us[0].text
	}
	var b strings.Builder
	for i, u := range us {
		if i > 0 && !(u.han && us[i-1].han) {
			b.WriteByte(' ')
		}
		b.WriteString(u.text)
	}
	return b.String()
}

// isFiller tells the small talk that may wrap a question ("hi team, … thanks!").
func isFiller(intent string) bool {
	return intent == SmallTalkGreeting || intent == SmallTalkThanks || intent == SmallTalkBye
}

// dropSmallTalk blanks out the greetings, thanks and goodbyes that wrap a query, so that
// "hey team, what are the risks? thx" is matched as "what are the risks". Only the ends are
// cut, phrase after phrase (stop words between them go too): inside a question "morning"
// or "great" may be what it asks about.
func (wl *wordLists) dropSmallTalk(q string, units []unit) string {
	if len(units) == 0 {
		return q
	}
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

// fillerAt is how many units at the front (or back) of us make filler: a greeting, thanks
// or goodbye phrase, the longest first, with the stop words next to it ("hi" "there", "谢谢"
// "啦"); 0 if none. Chinese needs two characters: 早 alone is a word too often.
func (wl *wordLists) fillerAt(us []unit, front bool) int {
	at := func(i int) unit { // the i-th unit from the end being cut
		if front {
			return us[i]
		}
		return us[len(us)-1-i]
	}
	stops := 0
	for stops < len(us) && wl.isStop(at(stops)) {
		stops++
	}
	for _, skip := range [2]int{0, stops} {
		if skip == len(us) {
			continue
		}
		if n := wl.phraseFrom(us, skip, front); n > 0 {
			return skip + n
		}
		if stops == 0 {
			break
		}
	}
	return 0
}

// phraseFrom is the length of the longest filler phrase that ends (or, from the back, starts)
// skip units from the end of us being cut, or 0.
func (wl *wordLists) phraseFrom(us []unit, skip int, front bool) int {
	rest := us[skip:]
	if !front {
		rest = us[:len(us)-skip]
	}
	first := rest[0]
	if !front {
		first = rest[len(rest)-1]
	}
	if !wl.ends[first.text] {
		return 0
	}
	for k := min(len(rest), wl.maxSm); k >= 1; k-- {
		part := rest[:k]
		if !front {
			part = rest[len(rest)-k:]
		}
		if !wl.ends[part[0].text] || !wl.ends[part[k-1].text] {
			continue // no phrase starts and ends so; the join below is what costs
		}
		if in, ok := wl.small[joinUnits(part)]; ok && isFiller(in) && (!part[0].han || k >= 2) {
			return k
		}
	}
	return 0
}

func (wl *wordLists) isStop(u unit) bool {
	if u.han {
		return wl.stopZH[u.text]
	}
	return wl.stopEN[u.text]
}
