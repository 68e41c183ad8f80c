package discord

import "github.com/bigmodel-bot/bigmodel-bot/internal/clip"

// measure counts as Discord does against its limits: its clients count UTF-16 code units, so
// a character outside the BMP (most emoji) counts twice; counting the same way keeps every
// piece within the limit whichever way the server counts. A cut never leaves an escaping
// backslash at the end of a piece, away from the character it escapes.
var measure = clip.Measure{UTF16: true, Safe: func(head string, i int) int {
	for i > 1 && head[i-1] == '\\' {
		i--
	}
	return i
}}

// units is a string's length as Discord counts it.
func units(s string) int { return measure.Len(s) }

// splitText cuts s into pieces of at most max units at paragraph, line or word boundaries.
func splitText(s string, max int) []string { return measure.Split(s, max) }

// truncate shortens s to at most max units, marking the cut with an ellipsis.
func truncate(s string, max int) string { return measure.Truncate(s, max) }
