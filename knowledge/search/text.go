package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Bounds on the work one query can cause: chat messages that matter are short, and anything
// past these limits is a paste that matching cannot improve on.
const (
	maxQueryBytes = 2048
	maxQueryRunes = 512
)

// clean prepares a query for matching: a bounded prefix of it, normalized.
func clean(s string) string {
	if len(s) > maxQueryBytes {
		s = s[:maxQueryBytes]
	}
	return normalize(s, maxQueryRunes)
}

// normalize applies NFKC (full-width Latin becomes ASCII) and lower case, removes chat
// mentions, turns invalid UTF-8 and control characters into spaces, and stops after maxRunes.
func normalize(s string, maxRunes int) string {
	if !isASCII(s) {
		s = norm.NFKC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	runes := 0
	for i := 0; i < len(s) && runes < maxRunes; {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			r = ' '
		case r == '<':
			if n := mentionLen(s[i:]); n > 0 {
				i += n
				b.WriteByte(' ')
				runes++ // the space counts, or mentions could stretch the text past maxRunes
				continue
			}
		case r == '@':
			if n := broadcastLen(s[i:]); n > 0 {
				i += n
				b.WriteByte(' ')
				runes++
				continue
			}
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			r = ' '
		}
		i += size
		runes++
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// mentionLen is the length of a Slack or Discord mention at the start of s (<!channel>, <@U123>,
// <#C1|general>, <@!42>, <@&7>) or of a Slack link (<https://…|label>), or 0. Mentions name
// people and channels, not topics.
func mentionLen(s string) int {
	if len(s) < 3 || (s[1] != '@' && s[1] != '#' && s[1] != '!' && !strings.HasPrefix(s[1:], "http")) {
		return 0
	}
	end := strings.IndexByte(s, '>')
	if end < 0 || end > 128 {
		return 0
	}
	return end + 1
}

// broadcastLen is the length of "@everyone", "@here" or "@channel" at the start of s, or 0.
func broadcastLen(s string) int {
	for _, w := range [...]string{"@everyone", "@here", "@channel"} {
		if len(s) >= len(w) && strings.EqualFold(s[:len(w)], w) {
			return len(w)
		}
	}
	return 0
}

// isHan reports whether r is a Chinese character.
func isHan(r rune) bool {
	return r >= 0x2E80 && unicode.Is(unicode.Han, r)
}

// isWordRune reports whether r belongs to a non-Chinese word (Latin letters, digits, ...).
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !isHan(r)
}

// token is one unit of cleaned text: a word of letters and digits, or one Chinese character.
// run numbers the stretches of consecutive Chinese characters so bigrams never cross a gap.
type token struct {
	word     string // set for words
	han      rune   // set for Chinese characters
	run      int
	compound bool // a hyphenated word joined ("gotomarket"), after its parts
}

// tokenize splits cleaned text into tokens, appending to dst. Apostrophes stay inside words
// ("what's") and a trailing possessive is dropped. A hyphenated word gives its parts and then
// the whole, so "go-to-market" is found though "go" and "to" say nothing alone.
func tokenize(dst []token, s string) []token {
	run := 0
	prevHan := false
	chain := -1 // where the current hyphenated word starts
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isHan(r):
			if !prevHan {
				run++
			}
			dst = append(dst, token{han: r, run: run})
			prevHan = true
			i += size
		case isWordRune(r):
			j := i + size
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if !isWordRune(r2) && !(r2 == '\'' && j+1 < len(s) && isWordRune(rune(s[j+1]))) {
					break
				}
				j += n
			}
			w := strings.TrimSuffix(s[i:j], "'s")
			if k := strings.IndexByte(w, '\''); k >= 0 {
				w = w[:k] // "what're", "don't": the part before the apostrophe carries the meaning
			}
			dst = append(dst, token{word: w})
			prevHan = false
			if j+1 < len(s) && s[j] == '-' && isWordRune(rune(s[j+1])) {
				if chain < 0 {
					chain = i
				}
			} else if chain >= 0 {
				dst = append(dst, token{word: strings.ReplaceAll(s[chain:j], "-", ""), compound: true})
				chain = -1
			}
			i = j
		default:
			prevHan = false
			i += size
		}
	}
	return dst
}

// Flags of a Chinese character in its context.
const (
	hanContent uint8 = 1 << iota // part of a bigram that carries meaning
	hanFiller                    // a particle, or part of a question word ("什么", "如何")
	// hanGlue marks filler that is glue by itself: a particle, or part of a listed question
	// word. Filler without it is a character only next to a particle ("本" in "日本的"), which
	// may be part of a word the base does not know.
	hanGlue
)

// classifyHan flags each token (0 for words): a Chinese character is content when it is part of
// a bigram known reports as meaningful, filler when it is a particle or part of a filler
// bigram and of no meaningful one. Characters that are neither are words the index does not
// know. Chinese has no spaces, so this is how "怎么" in "大模型怎么训练" drops out while "训练" stays.
//
// known gets the index of the pair's second token. seg, when given, holds the dictionary word of each token (see hanDict.segment); a bigram
// across the edge of a word is skipped.
func classifyHan(flags []uint8, toks []token, seg []int32, known func(i int, a, b rune) bool) []uint8 {
	for range toks {
		flags = append(flags, 0)
	}
	for i, t := range toks {
		if t.han == 0 {
			continue
		}
		if isHanStop(t.han) {
			flags[i] |= hanFiller | hanGlue
		}
		if i == 0 || toks[i-1].han == 0 || toks[i-1].run != t.run {
			continue
		}
		if seg != nil && seg[i-1] != seg[i] {
			continue
		}
		a := toks[i-1].han
		switch {
		case isHanFillerPair(a, t.han):
			flags[i-1] |= hanFiller | hanGlue
			flags[i] |= hanFiller | hanGlue
		case isHanStopBigram(a, t.han):
			flags[i-1] |= hanFiller
			flags[i] |= hanFiller
		case known(i, a, t.han):
			flags[i-1] |= hanContent
			flags[i] |= hanContent
		}
	}
	return flags
}
