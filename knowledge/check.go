package knowledge

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"

	textclip "github.com/bigmodel-bot/bigmodel-bot/internal/clip"
)

// slugProblem explains what is wrong with a slug, or returns "".
func slugProblem(s string) string {
	if s == "" {
		return "slug is empty"
	}
	if len(s) > maxSlugBytes {
		return "slug " + strconv.Quote(clip(s, 20)) + " is longer than " + strconv.Itoa(maxSlugBytes) + " bytes"
	}
	for i, r := range s {
		if unicode.IsUpper(r) {
			return "slug " + strconv.Quote(s) + " has capitals; slugs are lowercase"
		}
		if unicode.IsMark(r) && i > 0 {
			continue // combining accents and vowel signs belong to the letter before them
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' && r != '.' {
			return "slug " + strconv.Quote(s) + " may hold only letters, digits and \"-\""
		}
	}
	return ""
}

func unknownKey(key string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(strings.ToLower(key), k); d < bestD && d < utf8.RuneCountInString(key) {
			best, bestD = k, d
		}
	}
	msg := "unknown key " + strconv.Quote(clip(key, 30))
	if best != "" {
		return msg + "; did you mean " + strconv.Quote(best) + "?"
	}
	return msg + " (want one of " + strings.Join(known, ", ") + ")"
}

// editDistance is the Levenshtein distance, for "did you mean" on short key names; long ones
// are never near.
func editDistance(a, b string) int {
	if utf8.RuneCountInString(a) > 40 || utf8.RuneCountInString(b) > 40 {
		return 99
	}
	return levenshtein.ComputeDistance(a, b)
}

// clip shortens s to n runes for error messages.
func clip(s string, n int) string { return textclip.Runes(s, n+1) }
