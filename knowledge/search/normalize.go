package search

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/unicode/norm"
)

// Bounds on the work one query can cause: chat messages that matter are short, and anything
// past these limits is a paste that matching cannot improve on.
const (
	maxQueryBytes = 2048
	maxQueryRunes = 512
)

// normalizer turns raw chat text into what matching reads: lower case, half-width, Simplified
// Chinese, without mentions, links, code, emoji or control characters.
type normalizer struct {
	t2s *opencc.OpenCC
	// same holds characters that Traditional-to-Simplified leaves as they are, learnt from
	// the base (learn) and only read afterwards: text of nothing but these needs no conversion,
	// which is most of a Simplified base and of its users' questions.
	same map[rune]bool
}

func newNormalizer() (*normalizer, error) {
	cc, err := opencc.New("t2s")
	if err != nil {
		return nil, fmt.Errorf("load the Traditional-to-Simplified dictionaries: %w", err)
	}
	return &normalizer{t2s: cc}, nil
}

// query normalises a query, bounded: only its first maxQueryBytes and maxQueryRunes count.
func (n *normalizer) query(s string) string {
	if len(s) > maxQueryBytes {
		s = s[:maxQueryBytes]
	}
	return n.text(s, maxQueryRunes)
}

// text normalises s, keeping at most maxRunes characters.
func (n *normalizer) text(s string, maxRunes int) string {
	if !isASCII(s) {
		s = norm.NFKC.String(s)
	}
	s = strip(s, maxRunes)
	if n != nil && n.t2s != nil && n.needsConversion(s) {
		// The dictionaries map Traditional words and characters to Simplified ones; text that is
		// Simplified already comes back as it was.
		if out, err := n.t2s.Convert(s); err == nil {
			s = out
		}
	}
	return s
}

// strip lower-cases s and replaces by a space what names no topic: chat mentions, links,
// code spans, emoji and other symbols, control characters and invalid UTF-8.
func strip(s string, maxRunes int) string {
	var b strings.Builder
	b.Grow(len(s))
	runes := 0
	for i := 0; i < len(s) && runes < maxRunes; {
		if n := skipLen(s[i:]); n > 0 {
			i += n
			b.WriteByte(' ')
			runes++ // the space counts, or skipped spans could stretch the text past maxRunes
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		runes++
		switch {
		case r >= 0x4E00 && r <= 0x9FFF: // the common Chinese characters, most of a Chinese text
			b.WriteRune(r)
		case r == utf8.RuneError && size <= 1, unicode.IsControl(r), unicode.Is(unicode.Cf, r),
			unicode.Is(unicode.So, r), unicode.Is(unicode.Sk, r), unicode.Is(unicode.Co, r),
			unicode.Is(unicode.Cs, r), isEmojiPart(r):
			b.WriteByte(' ')
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// isEmojiPart reports variation selectors and skin-tone modifiers, which follow emoji.
func isEmojiPart(r rune) bool {
	return r >= 0xFE00 && r <= 0xFE0F || r >= 0x1F3FB && r <= 0x1F3FF || r >= 0xE0020 && r <= 0xE007F
}

// skipLen is the length of a span at the start of s that names no topic, or 0: a Slack or
// Discord mention (<!channel>, <@U123>, <#C1|general>, <@!42>, <:smile:123>), a link
// (<https://…|label>, https://…, www.…), a broadcast (@everyone, @here, @channel), a code
// span (`…`, at most 200 bytes) or an emoji shortcode (:tada:).
func skipLen(s string) int {
	switch s[0] {
	case '<':
		if len(s) >= 3 && strings.ContainsRune("@#!:a", rune(s[1])) || hasPrefixFold(s[1:], "http") || hasPrefixFold(s[1:], "mailto:") {
			if end := strings.IndexByte(s, '>'); end > 0 && end <= 256 {
				return end + 1
			}
		}
	case '@':
		for _, w := range [...]string{"@everyone", "@here", "@channel"} {
			if hasPrefixFold(s, w) {
				return len(w)
			}
		}
	case '`':
		if end := strings.IndexByte(s[1:], '`'); end >= 0 && end <= 200 {
			n := end + 2
			for n < len(s) && s[n] == '`' {
				n++ // the rest of a ``` fence
			}
			return n
		}
	case ':':
		return shortcodeLen(s)
	case 'h', 'H', 'w', 'W':
		if hasPrefixFold(s, "https://") || hasPrefixFold(s, "http://") || hasPrefixFold(s, "www.") {
			n := 0
			for n < len(s) && s[n] > ' ' && s[n] < utf8.RuneSelf {
				n++
			}
			return n
		}
	}
	return 0
}

// shortcodeLen is the length of an emoji shortcode such as :tada: or :+1: at the start of s.
func shortcodeLen(s string) int {
	for n := 1; n < len(s) && n <= 40; n++ {
		c := s[n]
		switch {
		case c == ':':
			if n > 1 {
				return n + 1
			}
			return 0
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_', c == '+', c == '-':
		default:
			return 0
		}
	}
	return 0
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// needsConversion reports whether s has a Chinese character not known to stay the same.
func (n *normalizer) needsConversion(s string) bool {
	for _, r := range s {
		if isHan(r) && !n.same[r] {
			return true
		}
	}
	return false
}

// learn converts each distinct Chinese character of texts on its own, once, and remembers
// those that stay the same. It must run before the normalizer is shared.
func (n *normalizer) learn(texts []string) {
	if n.same == nil {
		n.same = map[rune]bool{}
	}
	var chars []rune
	seen := map[rune]bool{}
	for _, t := range texts {
		for _, r := range t {
			if isHan(r) && !seen[r] && !n.same[r] {
				seen[r] = true
				chars = append(chars, r)
			}
		}
	}
	if len(chars) == 0 {
		return
	}
	var b strings.Builder
	for _, r := range chars {
		b.WriteRune(r)
		b.WriteByte('\n') // apart, so no two characters are read as one word
	}
	out, err := n.t2s.Convert(b.String())
	if err != nil {
		return
	}
	conv := strings.Split(out, "\n")
	if len(conv) < len(chars) {
		return
	}
	for i, r := range chars {
		if conv[i] == string(r) {
			n.same[r] = true
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if isHan(r) {
			return true
		}
	}
	return false
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
