// Package clip shortens text that is shown back to people: user input echoed in a reply or an
// error, a description with a platform's length limit.
package clip

import "unicode/utf8"

// Runes shortens s to at most n runes, the last of them an ellipsis when it cut; s as it is
// when it fits. Invalid UTF-8 counts a rune per bad byte, so the cut never splits a character.
func Runes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	kept := 0
	for i := range s {
		if kept == n-1 {
			return s[:i] + "…"
		}
		kept++
	}
	return s
}
