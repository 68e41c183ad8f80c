package slack

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bigmodel-bot/bigmodel-bot/internal/clip"
)

// escaper defuses the three characters Slack reads as markup, so user or file text can never
// become <!channel>, <@U123> or a disguised link.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escape returns s with & < > replaced by entities.
func escape(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	return escaper.Replace(s)
}

var unescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// unescapeEntities reverses what Slack does to user text before delivering it.
func unescapeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return unescaper.Replace(s)
}

// linkPattern matches [text](url) in already escaped text; the url may not hold a | or space,
// which would break Slack's <url|text> form.
var linkPattern = regexp.MustCompile(`\[([^\[\]\n|]{1,300})\]\((https?://[^\s()|]+)\)`)

// mrkdwn converts the Markdown subset of core.Reply bodies to Slack mrkdwn. Every character that
// came in is escaped first; links become <url|text> only when linkOK accepts the url (knowledge
// base links), otherwise they stay visible text, which verbatim text objects never auto-link.
func mrkdwn(md string, linkOK func(string) bool) string {
	var b strings.Builder
	b.Grow(len(md) + len(md)/8)
	for i, line := range strings.Split(md, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		writeLine(&b, line, linkOK)
	}
	return b.String()
}

func writeLine(b *strings.Builder, line string, linkOK func(string) bool) {
	line = strings.TrimRight(line, " \t\r")
	indent := 0
	for indent < len(line) && (line[indent] == ' ' || line[indent] == '\t') {
		if line[indent] == '\t' {
			indent += 3 // counted as four with the increment below
		}
		indent++
	}
	rest := line[min(indent, len(line)):]
	level := indent / 2
	switch {
	case strings.HasPrefix(rest, "- "), strings.HasPrefix(rest, "* "), strings.HasPrefix(rest, "+ "):
		b.WriteString(strings.Repeat("    ", level))
		if level == 0 {
			b.WriteString("• ")
		} else {
			b.WriteString("◦ ")
		}
		rest = rest[2:]
	case strings.HasPrefix(rest, "#"):
		h := strings.TrimLeft(rest, "#")
		if strings.HasPrefix(h, " ") {
			rest = "**" + strings.TrimSpace(h) + "**"
		}
	default:
		if level > 0 {
			b.WriteString(strings.Repeat("    ", level))
		}
	}
	writeInline(b, escape(rest), linkOK)
}

// writeInline converts links and **bold** in one escaped line.
func writeInline(b *strings.Builder, s string, linkOK func(string) bool) {
	if strings.Contains(s, "](") {
		s = linkPattern.ReplaceAllStringFunc(s, func(m string) string {
			sub := linkPattern.FindStringSubmatch(m)
			text, u := sub[1], sub[2]
			if linkOK != nil && linkOK(unescapeEntities(u)) {
				return "<" + u + "|" + text + ">"
			}
			return text + " (" + u + ")"
		})
	}
	for {
		i := strings.Index(s, "**")
		if i < 0 {
			break
		}
		j := strings.Index(s[i+2:], "**")
		if j < 0 {
			break
		}
		inner := strings.TrimSpace(s[i+2 : i+2+j])
		b.WriteString(s[:i])
		if inner == "" {
			b.WriteString(s[i : i+2+j+2])
		} else {
			// Slack only sees *bold* next to spaces or punctuation; a zero-width space gives
			// Chinese text, which has no spaces, that boundary.
			if r, _ := utf8.DecodeLastRuneInString(s[:i]); i > 0 && !isBoundary(r) {
				b.WriteString("\u200b")
			}
			b.WriteByte('*')
			b.WriteString(inner)
			b.WriteByte('*')
			if r, _ := utf8.DecodeRuneInString(s[i+2+j+2:]); i+2+j+2 < len(s) && !isBoundary(r) {
				b.WriteString("\u200b")
			}
		}
		s = s[i+2+j+2:]
	}
	b.WriteString(s)
}

func isBoundary(r rune) bool {
	return unicode.IsSpace(r) || (r < 128 && unicode.IsPunct(r))
}

// plain makes a Markdown string readable as plain text: bold markers dropped, links as text (url).
func plain(md string) string {
	s := strings.ReplaceAll(md, "**", "")
	if strings.Contains(s, "](") {
		s = linkPattern.ReplaceAllString(s, "$1 ($2)")
	}
	return s
}

// truncate cuts s to at most n runes, at a space when one is near the end, and marks the cut.
func truncate(s string, n int) string { return clip.Measure{}.Truncate(s, n) }
