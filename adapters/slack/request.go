package slack

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxInboundText bounds what is passed to core; longer input is cut (search truncates anyway).
const maxInboundText = 4000

// cleanText turns Slack's wire form of user text into what the user typed: <@U1|ann> becomes
// @ann, <#C1|general> #general, <!here> @here, <https://x|y> y (https://x), and &amp; &lt; &gt;
// become & < >. The result is plain text for core; adapters escape it again on the way out.
// Invalid UTF-8 and control characters are dropped.
func cleanText(s string) string {
	if plainASCII(s) {
		return strings.TrimSpace(s) // the common case: a typed topic, nothing to resolve
	}
	if len(s) > 4*maxInboundText {
		s = s[:4*maxInboundText]
	}
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	b.Grow(len(s))
	for {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			break
		}
		gt := strings.IndexByte(s[lt:], '>')
		if gt < 0 {
			break
		}
		b.WriteString(s[:lt])
		b.WriteString(resolveToken(s[lt+1 : lt+gt]))
		s = s[lt+gt+1:]
	}
	b.WriteString(s)
	out := unescapeEntities(b.String())
	out = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, out)
	out = strings.TrimSpace(out)
	if utf8.RuneCountInString(out) > maxInboundText {
		out = string([]rune(out)[:maxInboundText])
	}
	return out
}

// resolveToken renders the inside of one <…> token as readable text.
func resolveToken(tok string) string {
	ref, label, hasLabel := strings.Cut(tok, "|")
	switch {
	case strings.HasPrefix(ref, "@"):
		if hasLabel && label != "" {
			return "@" + strings.TrimPrefix(label, "@")
		}
		return ref
	case strings.HasPrefix(ref, "#"):
		if hasLabel && label != "" {
			return "#" + strings.TrimPrefix(label, "#")
		}
		return ref
	case strings.HasPrefix(ref, "!"):
		if hasLabel && label != "" {
			return label
		}
		name, _, _ := strings.Cut(ref[1:], "^")
		return "@" + name
	}
	if hasLabel && label != "" && label != ref {
		return label + " (" + ref + ")"
	}
	return ref
}

// stripLeadingMention removes the bot's own <@UBOT> (or, when the bot's id is not known yet,
// whatever mention opens the text: app_mention text always starts with the bot's mention).
func stripLeadingMention(text, botID string) string {
	t := strings.TrimLeft(text, " ")
	if !strings.HasPrefix(t, "<@") {
		return text
	}
	end := strings.IndexByte(t, '>')
	if end < 0 {
		return text
	}
	id, _, _ := strings.Cut(t[2:end], "|")
	if botID != "" && id != botID {
		return text
	}
	return t[end+1:]
}

// removeMentionsOf drops every <@id> and <@id|name> of the given user from text.
func removeMentionsOf(text, id string) string {
	if id == "" {
		return text
	}
	for _, open := range []string{"<@" + id + ">", "<@" + id + "|"} {
		for {
			i := strings.Index(text, open)
			if i < 0 {
				break
			}
			end := strings.IndexByte(text[i:], '>')
			if end < 0 {
				break
			}
			text = text[:i] + text[i+end+1:]
		}
	}
	return text
}

// plainASCII reports whether s is short printable ASCII with nothing cleanText would change
// besides the surrounding spaces.
func plainASCII(s string) bool {
	if len(s) > maxInboundText {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || c == '<' || c == '&' {
			return false
		}
	}
	return true
}
