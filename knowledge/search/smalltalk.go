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

// dropSmallTalk blanks out greetings, thanks and goodbyes in a query, so that "hey team,
// what are the risks? thx" is matched as "what are the risks". English phrases go as whole
// words; Chinese ones of two characters or more wherever they are (a single character such
// as 早 is a word too often: 早期).
func (wl *wordLists) dropSmallTalk(q string) string {
	type span struct{ start, end int }
	var words []span // English words, by byte offsets
	var out []byte
	for i := 0; i < len(q); {
		r, size := utf8.DecodeRuneInString(q[i:])
		if isWordRune(r) || r == '\'' {
			j := i
			for j < len(q) {
				r2, n := utf8.DecodeRuneInString(q[j:])
				if !isWordRune(r2) && r2 != '\'' {
					break
				}
				j += n
			}
			words = append(words, span{i, j})
			i = j
			continue
		}
		i += size
	}
	blank := make([]bool, len(q))
	for i := 0; i < len(words); {
		n := 0
		for k := min(len(words)-i, wl.maxSm); k >= 1; k-- {
			parts := make([]string, k)
			for m := 0; m < k; m++ {
				parts[m] = q[words[i+m].start:words[i+m].end]
			}
			if fillerIntents[wl.small[strings.Join(parts, " ")]] {
				n = k
				break
			}
		}
		if n == 0 {
			i++
			continue
		}
		for b := words[i].start; b < words[i+n-1].end; b++ {
			blank[b] = true
		}
		i += n
	}
	for p, in := range wl.small {
		if !fillerIntents[in] || utf8.RuneCountInString(p) < 2 || !hasHan(p) {
			continue
		}
		for off := 0; ; {
			k := strings.Index(q[off:], p)
			if k < 0 {
				break
			}
			for b := off + k; b < off+k+len(p); b++ {
				blank[b] = true
			}
			off += k + len(p)
		}
	}
	changed := false
	for _, b := range blank {
		changed = changed || b
	}
	if !changed {
		return q
	}
	for i := 0; i < len(q); i++ {
		if blank[i] {
			if i == 0 || !blank[i-1] {
				out = append(out, ' ')
			}
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}
