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
	writeEscaped(&b, s, false, nil)
	return plain(b.String())
}

// linkFilter says which link targets may stay behind a masked [text](url) link.
type linkFilter func(url string) bool

// escapeMarkdown keeps the small Markdown subset core.Reply promises (**bold**, "- " and "1. "
// lists, paragraphs, and [text](https://…) links whose URL links allows) and escapes everything
// else Discord would interpret: italics, strikethrough, spoilers, code, quotes, headings, and
// "<@id>"-style mentions, channel links and timestamps. A link links refuses shows as typed,
// its URL in plain view: text echoed from a user cannot disguise where a link goes.
func escapeMarkdown(s string, links linkFilter) string {
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
		escapeLine(&b, line, links)
	}
	return plain(b.String())
}

func escapeLine(b *strings.Builder, line string, links linkFilter) {
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
	writeEscaped(b, rest, true, links)
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

// special marks the bytes writeEscaped has to look at: Markdown characters, and the first
// letter of a bare URL. Everything else is copied in runs.
var special = func() (t [256]bool) {
	for i := 0; i < len(markdownSpecial); i++ {
		t[markdownSpecial[i]] = true
	}
	t['h'], t['H'] = true, true
	return t
}()

// writeEscaped copies s, escaping Markdown characters; with keep it leaves "**", bare URLs and
// the links that links allows working.
func writeEscaped(b *strings.Builder, s string, keep bool, links linkFilter) {
	start := 0 // s[start:i] is pending plain text
	for i := 0; i < len(s); {
		c := s[i]
		if !special[c] {
			i++
			continue
		}
		b.WriteString(s[start:i])
		switch {
		case c == 'h' || c == 'H':
			n := 1
			if keep && isURLStart(s[i:]) {
				n = urlLen(s[i:])
			}
			b.WriteString(s[i : i+n])
			i += n
		case keep && c == '*' && i+1 < len(s) && s[i+1] == '*':
			b.WriteString("**")
			i += 2
		case keep && c == '[' && links != nil && linkAllowed(s[i:], links):
			i += writeLink(b, s[i:])
		default:
			b.WriteByte('\\')
			b.WriteByte(c)
			i++
		}
		start = i
	}
	b.WriteString(s[start:])
}

// maxLinkText is the longest link text looked for.
const maxLinkText = 512

// linkAllowed reports whether s starts with a "[text](http…)" link to a URL links allows.
func linkAllowed(s string, links linkFilter) bool {
	n := linkLen(s)
	if n == 0 {
		return false
	}
	end := strings.Index(s, "](")
	return links(s[end+2 : n-1])
}

// linkLen returns the length of the "[text](http…)" link that starts s, or 0.
func linkLen(s string) int {
	w := s
	if len(w) > maxLinkText {
		w = w[:maxLinkText] // bounds the work a run of "[" can cause
	}
	end := strings.Index(w, "](")
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
	return end + 2 + n + 1
}

// writeLink writes the link at the start of s (linkLen(s) > 0) with its text escaped and
// returns the bytes consumed.
func writeLink(b *strings.Builder, s string) int {
	n := linkLen(s)
	end := strings.Index(s, "](")
	b.WriteByte('[')
	writeEscaped(b, s[1:end], false, nil)
	b.WriteString(s[end:n])
	return n
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
