package knowledge

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/unicode/norm"
)

// Generated slugs stay short enough to type and to fit in button ids.
const (
	maxSlugRunes = 40
	maxGenBytes  = 60
)

// makeSlug turns a heading into a slug: Latin words lowercase and joined by "-", Chinese
// romanised (see romanise), punctuation dropped. It returns "" when the heading has no letters
// or digits. The heading stays the entry's title and alias, so it still finds the entry.
func makeSlug(title string) string {
	// NFKC folds full-width Latin letters and digits ("ＧＰＴ４") to ASCII.
	s := romanise(strings.ToLower(norm.NFKC.String(title)))
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

// pinyinArgs reads a character without tones; its first reading is taken for polyphones.
var pinyinArgs = pinyin.NewArgs()

// maxSpelledOut is the longest run of Chinese characters a slug spells out in full pinyin
// ("风险" → fengxian); a longer one becomes its initials ("什么是手冲咖啡" → smsscf), so a slug
// stays short enough to type on any keyboard.
const maxSpelledOut = 4

// romanise replaces each run of Chinese characters in s by its pinyin, set off from Latin
// letters around it by spaces (word breaks for makeSlug).
func romanise(s string) string {
	var out strings.Builder
	run := []rune{}
	flush := func() {
		if len(run) == 0 {
			return
		}
		out.WriteByte(' ')
		for _, r := range run {
			py := pinyin.SinglePinyin(r, pinyinArgs)
			switch {
			case len(py) == 0:
			case len(run) <= maxSpelledOut:
				out.WriteString(py[0])
			default:
				out.WriteString(py[0][:1])
			}
		}
		out.WriteByte(' ')
		run = run[:0]
	}
	for _, r := range s {
		if unicode.Is(unicode.Han, r) && len(pinyin.SinglePinyin(r, pinyinArgs)) > 0 {
			run = append(run, r)
			continue
		}
		flush()
		out.WriteRune(r)
	}
	flush()
	return out.String()
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
