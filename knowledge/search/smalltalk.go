package search

import "strings"

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
