package clip

import (
	"strings"
	"unicode/utf8"
)

// Measure is how a platform counts text against its length limits and where its markup lets
// a cut fall. The zero value counts runes and cuts anywhere between them.
type Measure struct {
	// UTF16 counts a character outside the BMP (most emoji) twice, as Discord's clients do.
	UTF16 bool
	// Safe moves a cut at byte i of head back to where the markup allows one (before an
	// unfinished entity, say); nil: i as it is. A result of 0 means no safe cut was found.
	Safe func(head string, i int) int
}

// Len is s's length as m counts it.
func (m Measure) Len(s string) int {
	if !m.UTF16 {
		return utf8.RuneCountInString(s)
	}
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// prefix returns the byte length of the longest prefix of s at most max long.
func (m Measure) prefix(s string, max int) int {
	if len(s) <= max {
		return len(s) // never more characters than bytes
	}
	n := 0
	for i, r := range s {
		w := 1
		if m.UTF16 && r >= 0x10000 {
			w = 2
		}
		if n+w > max {
			return i
		}
		n += w
	}
	return len(s)
}

func (m Measure) safe(head string, i int) int {
	if m.Safe == nil {
		return i
	}
	return m.Safe(head, i)
}

// Split cuts s into pieces at most max long, preferring paragraph, then line, then word
// boundaries in the second half of a piece (earlier would make a run of small pieces), and
// keeping a line's indentation when a piece starts with it.
func (m Measure) Split(s string, max int) []string {
	var out []string
	s = strings.TrimLeft(s, " \t\n")
	for s != "" {
		n := m.prefix(s, max)
		if n == 0 {
			_, n = utf8.DecodeRuneInString(s) // one character wider than max: alone, to go on
		}
		if n == len(s) {
			if s = strings.TrimRight(s, " \t\n"); s != "" {
				out = append(out, s)
			}
			break
		}
		cut := m.bestCut(s[:n])
		if piece := strings.TrimRight(s[:cut], " \t\n"); piece != "" {
			out = append(out, piece)
		}
		rest := s[cut:]
		if rest != "" && rest[0] != '\n' {
			rest = strings.TrimLeft(rest, " \t") // a word boundary; indentation comes after a \n
		}
		s = strings.TrimLeft(rest, "\n")
	}
	return out
}

func (m Measure) bestCut(head string) int {
	half := len(head) / 2
	for _, sep := range []string{"\n\n", "\n", " "} {
		if i := strings.LastIndex(head, sep); i > half {
			if c := m.safe(head, i); c > 0 {
				return c
			}
		}
	}
	if c := m.safe(head, len(head)); c > 0 {
		return c
	}
	return len(head)
}

// Truncate shortens s to at most max, at a word boundary when one is near the end, and marks
// the cut with an ellipsis.
func (m Measure) Truncate(s string, max int) string {
	if len(s) <= max || m.Len(s) <= max {
		return s
	}
	if max <= 1 {
		return Runes("…", max)
	}
	w := s[:m.prefix(s, max-1)]
	if i := strings.LastIndexAny(w, " \n"); i > len(w)*3/4 {
		w = w[:i]
	}
	if c := m.safe(w, len(w)); c > 0 {
		w = w[:c]
	}
	return strings.TrimRight(w, " \n") + "…"
}
