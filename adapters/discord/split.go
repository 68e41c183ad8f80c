package discord

import (
	"strings"
	"unicode/utf8"
)

// units is a string's length as Discord counts it against its limits. Discord's clients count
// UTF-16 code units, so a character outside the BMP (most emoji) counts twice; counting the same
// way keeps every piece within the limit whichever way the server counts.
func units(s string) int {
	if isASCII(s) {
		return len(s)
	}
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// prefixLen returns the byte length of the longest prefix of s that has at most max units.
func prefixLen(s string, max int) int {
	if len(s) <= max {
		return len(s) // a string never has more units than bytes
	}
	n := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > max {
			return i
		}
		n += w
	}
	return len(s)
}

// splitText cuts s into pieces of at most max units, preferring to cut between paragraphs, then
// lines, then words, and never inside a character or right after an escaping backslash.
func splitText(s string, max int) []string {
	s = strings.TrimSpace(s)
	var out []string
	for s != "" {
		n := prefixLen(s, max)
		if n == len(s) {
			out = append(out, s)
			break
		}
		cut := bestCut(s[:n])
		if cut <= 0 {
			cut = n
			for cut > 1 && s[cut-1] == '\\' { // keep "\*" together
				cut--
			}
		}
		piece := strings.TrimRight(s[:cut], " \t\n")
		if piece != "" {
			out = append(out, piece)
		}
		s = strings.TrimLeft(s[cut:], " \t\n")
	}
	return out
}

// bestCut finds where to end a piece within w: after the last paragraph break, else the last
// line break, else the last space, provided the piece keeps at least a quarter of w (a cut near
// the start would make a run of tiny pieces).
func bestCut(w string) int {
	min := len(w) / 4
	for _, sep := range []string{"\n\n", "\n", " "} {
		if i := strings.LastIndex(w, sep); i > min {
			return i
		}
	}
	return 0
}

// truncate shortens s to at most max units, cutting at a word boundary when one is near and
// marking the cut with an ellipsis.
func truncate(s string, max int) string {
	if len(s) <= max || units(s) <= max {
		return s
	}
	if max < 2 {
		return ""
	}
	w := s[:prefixLen(s, max-1)]
	if i := strings.LastIndexAny(w, " \n"); i > len(w)*3/4 {
		w = w[:i]
	}
	for len(w) > 0 && w[len(w)-1] == '\\' {
		w = w[:len(w)-1]
	}
	w = strings.TrimRight(w, " \n")
	if !utf8.ValidString(w) {
		w = strings.ToValidUTF8(w, "")
	}
	return w + "…"
}
