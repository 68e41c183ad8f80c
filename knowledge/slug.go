package knowledge

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Generated slugs stay short enough to type and to fit in button ids.
const (
	maxSlugRunes = 40
	maxGenBytes  = 60
)

// makeSlug turns a heading into a slug: Latin words lowercase and joined by "-", CJK kept
// as it is, punctuation dropped. It returns "" when the heading has no letters or digits.
func makeSlug(title string) string {
	// NFKC folds full-width Latin letters and digits ("ＧＰＴ４") to ASCII.
	s := strings.ToLower(norm.NFKC.String(title))
	s = strings.NewReplacer("'", "", "\u2019", "").Replace(s) // "don't" is one word
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) || unicode.IsUpper(r)
	})
	var b strings.Builder
	for _, w := range words {
		w = strings.TrimLeftFunc(w, unicode.IsMark) // a slug must not start with a combining mark
		if w == "" {
			continue
		}
		sep := 0
		if b.Len() > 0 {
			sep = 1
		}
		if fits(b.String(), w, sep) {
			if sep == 1 {
				b.WriteByte('-')
			}
			b.WriteString(w)
			continue
		}
		if b.Len() == 0 {
			b.WriteString(cut(w, maxSlugRunes, maxGenBytes))
		}
		break
	}
	return b.String()
}

func fits(cur, w string, sep int) bool {
	return utf8.RuneCountInString(cur)+sep+utf8.RuneCountInString(w) <= maxSlugRunes &&
		len(cur)+sep+len(w) <= maxGenBytes
}

// cut shortens s to at most n runes and max bytes, on a rune boundary.
func cut(s string, n, max int) string {
	count := 0
	for i, r := range s {
		if count == n || i+utf8.RuneLen(r) > max {
			return s[:i]
		}
		count++
	}
	return s
}

// uniqueSlug makes slug unique among seen, adding -2, -3…; an empty slug becomes
// "entry-N" after the heading's number or the entry's position.
func uniqueSlug(slug string, index int, number string, seen map[string]bool) string {
	if slug == "" {
		if number == "" {
			number = strconv.Itoa(index)
		}
		slug = cut("entry-"+number, maxSlugRunes, maxGenBytes)
	}
	try := slug
	for n := 2; seen[try]; n++ {
		suffix := "-" + strconv.Itoa(n)
		try = cut(slug, maxSlugRunes-len(suffix), maxGenBytes-len(suffix)) + suffix
	}
	seen[try] = true
	return try
}
