package slack

import "strings"

// maxInbound bounds the bytes of user text translated, so hostile input costs little; core
// reads at most 4 KB of what it is given, and cleans it as it does every platform's text.
const maxInbound = 16 << 10

// cleanText turns Slack's wire form of user text into what the user typed: <@U1|ann> becomes
// @ann, <#C1|general> #general, <!here> @here, <https://x|y> y (https://x), and &amp; &lt; &gt;
// become & < >. The result is plain text for core; adapters escape it again on the way out.
func cleanText(s string) string {
	if len(s) > maxInbound {
		s = s[:maxInbound]
	}
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s) // the common case: a typed topic, nothing to resolve
	}
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
	return strings.TrimSpace(unescapeEntities(b.String()))
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
