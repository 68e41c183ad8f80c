package knowledge

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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

// editDistance is the Levenshtein distance, for "did you mean" on short key names.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 40 || len(rb) > 40 {
		return 99
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// clip shortens s to n runes for error messages.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
