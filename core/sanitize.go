package core

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bigmodel-bot/bigmodel-bot/internal/clip"
)

// maxInput bounds the bytes of user text the bot looks at: no command or question is longer,
// and cutting first keeps every later step cheap on hostile input.
const maxInput = 4 << 10

// maxEcho bounds the runes of user text the bot repeats back.
const maxEcho = 100

// clean makes user text safe to work on: at most maxInput bytes of valid UTF-8, no control or
// format characters, no platform mention tokens (<!channel>, <@U123>, @everyone), single spaces.
func clean(s string) string {
	if len(s) > maxInput {
		s = s[:maxInput]
	}
	s = strings.ToValidUTF8(s, " ")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '<' {
			if n := mentionToken(s[i:]); n > 0 {
				b.WriteByte(' ')
				i += n
				continue
			}
		}
		switch {
		case r == '\uFFFD', unicode.IsControl(r), unicode.IsSpace(r):
			b.WriteByte(' ')
		case unicode.Is(unicode.Cf, r):
			// Zero-width and bidi-override characters only hide what the text says.
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return dropBroadcasts(strings.Join(strings.Fields(b.String()), " "))
}

// mentionToken returns the length of a Slack or Discord mention token at the start of s
// (<!channel>, <!here|here>, <@U123|bob>, <#C1|general>, <@&123>, <!subteam^S1>), or 0.
func mentionToken(s string) int {
	if len(s) < 3 || (s[1] != '!' && s[1] != '@' && s[1] != '#') {
		return 0
	}
	end := strings.IndexByte(s, '>')
	if end < 0 || end > 120 || strings.ContainsAny(s[1:end], " <") {
		return 0
	}
	return end + 1
}

// dropBroadcasts removes the words that would ping a whole channel if a platform rendered them.
func dropBroadcasts(s string) string {
	if !strings.Contains(s, "@") && !strings.Contains(s, "＠") {
		return s
	}
	words := strings.Fields(s)
	kept := words[:0]
	for _, w := range words {
		switch strings.ToLower(strings.TrimLeft(w, "@＠")) {
		case "everyone", "here", "channel":
			if strings.TrimLeft(w, "@＠") != w {
				continue
			}
		}
		kept = append(kept, w)
	}
	return strings.Join(kept, " ")
}

// shorten cuts s to at most maxEcho runes, marking the cut, so echoed user text stays short.
func shorten(s string) string { return clip.Runes(s, maxEcho+1) }
