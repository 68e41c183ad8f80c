package knowledge

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Point is one top-level list item of an answer: "1. **数据预处理：** 对收集到的数据…" has
// Label "数据预处理" and Body "对收集到的数据…".
type Point struct {
	Label string
	Body  string
}

var (
	// itemRe matches a list item: "-", "*", "+", "•", "1.", "1)", "1、", "１．", "(1)", "（1）".
	itemRe = regexp.MustCompile(`^( *)(?:(?:[-*+•·]|\d{1,3}[.)])[ \t\x{3000}]+|(?:\d{1,3}[、．]|[０-９]{1,3}[.、．]|[（(]\d{1,3}[)）])[ \t\x{3000}]*)(.*)$`)
	// boldLabelRe matches "**标签：** 正文" and "**Label**: body".
	boldLabelRe = regexp.MustCompile(`^\*\*([^*]+?)\*\*[ \t]*(.*)$`)
)

// Points returns the top-level list items of the answer, in order. Items nested under one are
// joined into its Body; a paragraph between two lists is not a point.
func (t *Text) Points() []Point {
	var (
		out    []Point
		cur    *pointDraft
		base   = -1
		inList bool
	)
	flush := func() {
		if cur != nil {
			out = append(out, cur.point())
			cur = nil
		}
	}
	for _, l := range strings.Split(strings.ReplaceAll(t.Answer, "\t", "    "), "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		indent := len(l) - len(strings.TrimLeft(l, " "))
		if m := itemRe.FindStringSubmatch(l); m != nil {
			if base < 0 || indent < base {
				base = indent
			}
			if cur != nil && indent > base+1 {
				cur.children = append(cur.children, strings.TrimSpace(m[2]))
				continue
			}
			flush()
			cur, inList = &pointDraft{text: strings.TrimSpace(m[2])}, true
			continue
		}
		if cur != nil && inList && indent > base {
			// An indented line continues the item (or its last child).
			if n := len(cur.children); n > 0 {
				cur.children[n-1] = joinText(cur.children[n-1], strings.TrimSpace(l))
			} else {
				cur.text = joinText(cur.text, strings.TrimSpace(l))
			}
			continue
		}
		flush()
		inList = false
	}
	flush()
	return out
}

type pointDraft struct {
	text     string
	children []string
}

func (d *pointDraft) point() Point {
	label, body := splitLabel(d.text)
	for _, c := range d.children {
		body = joinText(body, c)
	}
	return Point{Label: label, Body: body}
}

// splitLabel takes a leading bold label that ends with a colon, inside or after the bold.
func splitLabel(s string) (label, body string) {
	m := boldLabelRe.FindStringSubmatch(s)
	if m == nil {
		return "", s
	}
	inner, rest := strings.TrimSpace(m[1]), m[2]
	switch {
	case strings.HasSuffix(inner, ":"), strings.HasSuffix(inner, "："):
		inner = strings.TrimRight(inner, ":：")
	case strings.HasPrefix(rest, ":"), strings.HasPrefix(rest, "："):
		rest = strings.TrimLeft(rest, ":：")
	default:
		return "", s // bold for emphasis, not a label
	}
	return strings.TrimSpace(inner), strings.TrimSpace(rest)
}

// joinText joins two pieces of running text: Chinese needs no space, a finished English
// sentence a space, and an unfinished phrase a semicolon.
func joinText(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	last, _ := utf8.DecodeLastRuneInString(a)
	switch {
	case last >= 0x2E80 || unicode.Is(unicode.Han, last):
		return a + b
	case strings.ContainsRune(".!?;:,", last):
		return a + " " + b
	}
	return a + "; " + b
}
