package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

func firstInvalid(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// splitLines normalises line ends, expands leading tabs and drops invisible control
// characters that would only break the YAML written from the entries.
func splitLines(s string) []string {
	s = strings.TrimPrefix(s, "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || r == '\uFEFF' || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(expandTabs(l), " \t\u3000")
	}
	return lines
}

func expandTabs(l string) string {
	n := 0
	for n < len(l) && (l[n] == '\t' || l[n] == ' ') {
		n++
	}
	if !strings.Contains(l[:n], "\t") {
		return l
	}
	return strings.ReplaceAll(l[:n], "\t", "    ") + l[n:]
}

// tidy joins a field's lines: blank runs collapse, the block is dedented, ends are trimmed.
func tidy(lines []string, inline bool) string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines, inline = lines[1:], false
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return ""
	}
	from := 0
	if inline {
		from = 1
	}
	indent := -1
	for _, l := range lines[from:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " "))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	var out []string
	blank := false
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			blank = true
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		if i >= from && indent > 0 {
			l = l[indent:]
		}
		if i == 0 {
			l = strings.TrimLeft(l, " \u3000")
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n")) // as Parse trims, so a round trip keeps the text
}

// detectLang decides a document's one language: Chinese labels or mostly Chinese text make
// it zh, anything else en.
func detectLang(lines []string) Lang {
	var cjk, latin, zhLabels, enLabels int
	for _, l := range lines {
		if m := labelRe.FindStringSubmatch(l); m != nil {
			if isCJK([]rune(m[1])[0]) {
				zhLabels++
			} else {
				enLabels++
			}
		}
		for _, r := range l {
			switch {
			case isCJK(r):
				cjk++
			case r < 0x80 && unicode.IsLetter(r):
				latin++
			}
		}
	}
	if zhLabels > enLabels || (zhLabels == enLabels && cjk > 0 && 3*cjk >= latin) {
		return ZH
	}
	if enLabels > 0 && cjk > 0 && cjk >= latin {
		return ZH // English labels around Chinese text: the content decides
	}
	return EN
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}
