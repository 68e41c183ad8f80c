package discord

import "strings"

// zwsp after "@" keeps "@everyone" and "@here" readable but inert, even where allowed_mentions
// would not apply (a client quoting the message, a copy into another channel).
const zwsp = "\u200b"

// markdownSpecial are the characters Discord's Markdown gives a meaning. A backslash before any
// punctuation hides itself, so escaping one that turns out harmless shows nothing extra.
const markdownSpecial = "\\*_~|`<>#[]"

// plain neutralises mass mentions in text Discord shows without Markdown: footers, button
// labels, autocomplete choices.
func plain(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	s = strings.ReplaceAll(s, "@everyone", "@"+zwsp+"everyone")
	return strings.ReplaceAll(s, "@here", "@"+zwsp+"here")
}

// escapeInline escapes every Markdown character: embed titles and field names, where nothing
// from users or knowledge files should format.
func escapeInline(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	writeEscaped(&b, s, false)
	return plain(b.String())
}

// escapeMarkdown keeps the small Markdown subset core.Reply promises (**bold**, "- " and "1. "
// lists, [text](https://…) links, paragraphs) and escapes everything else Discord would
// interpret: italics, strikethrough, spoilers, code, quotes, headings, and "<@id>"-style
// mentions, channel links and timestamps.
func escapeMarkdown(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/16)
	for i := 0; len(s) > 0; i++ {
		line := s
		if j := strings.IndexByte(s, '\n'); j >= 0 {
			line, s = s[:j], s[j+1:]
		} else {
			s = ""
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		escapeLine(&b, line)
	}
	return plain(b.String())
}

func escapeLine(b *strings.Builder, line string) {
	rest := strings.TrimLeft(line, " \t")
	b.WriteString(line[:len(line)-len(rest)])
	if m := listMarker(rest); m != "" {
		if m[0] == '*' || m[0] == '+' {
			b.WriteString("- ") // a "*" bullet could pair with a later "*" as italics
		} else {
			b.WriteString(m)
		}
		rest = rest[len(m):]
	} else if strings.HasPrefix(rest, "-") {
		b.WriteString(`\-`) // "-# " is subtext, "---" may become a rule
		rest = rest[1:]
	}
	writeEscaped(b, rest, true)
}

// listMarker returns the list marker ("- ", "12. ") that starts s, or "".
func listMarker(s string) string {
	if len(s) >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ' {
		return s[:2]
	}
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' ' {
		return s[:i+2]
	}
	return ""
}

// writeEscaped copies s, escaping Markdown characters; with keep it leaves "**", links to
// http(s) URLs and bare URLs working.
func writeEscaped(b *strings.Builder, s string, keep bool) {
	for i := 0; i < len(s); {
		c := s[i]
		if keep {
			if c == '*' && i+1 < len(s) && s[i+1] == '*' {
				b.WriteString("**")
				i += 2
				continue
			}
			if c == '[' {
				if n := writeLink(b, s[i:]); n > 0 {
					i += n
					continue
				}
			}
			if (c == 'h' || c == 'H') && isURLStart(s[i:]) {
				n := urlLen(s[i:])
				b.WriteString(s[i : i+n])
				i += n
				continue
			}
		}
		if strings.IndexByte(markdownSpecial, c) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
		i++
	}
}

// writeLink writes a "[text](http…)" link at the start of s with its text escaped and returns
// the bytes consumed, or 0 when s does not start with such a link.
func writeLink(b *strings.Builder, s string) int {
	end := strings.Index(s, "](")
	if end < 0 || strings.ContainsAny(s[1:end], "[]\n") {
		return 0
	}
	u := s[end+2:]
	if !isURLStart(u) {
		return 0
	}
	n := urlLen(u)
	if n >= len(u) || u[n] != ')' || strings.ContainsAny(u[:n], "()") {
		return 0
	}
	b.WriteByte('[')
	writeEscaped(b, s[1:end], false)
	b.WriteString("](")
	b.WriteString(u[:n])
	b.WriteByte(')')
	return end + 2 + n + 1
}

func isURLStart(s string) bool {
	return len(s) > 8 && (strings.EqualFold(s[:8], "https://") || strings.EqualFold(s[:7], "http://"))
}

// urlLen is the length of the URL at the start of s: up to white space or a closing bracket.
func urlLen(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', ')', '<', '>':
			return i
		}
	}
	return len(s)
}
