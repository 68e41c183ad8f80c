package discord

import (
	"strconv"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// appendResponse writes r as JSON: byte for byte what encoding/json (without HTML escaping)
// writes for the responses this package builds, but without reflection, which on the HTTP path
// cost as much as decoding the request.
func appendResponse(b []byte, r *response) []byte {
	b = append(b, `{"type":`...)
	b = strconv.AppendInt(b, int64(r.Type), 10)
	switch d := r.Data.(type) {
	case *messageData:
		b = append(b, `,"data":`...)
		b = appendMessage(b, d)
	case flagsData:
		b = append(b, `,"data":{`...)
		if d.Flags != 0 {
			b = append(b, `"flags":`...)
			b = strconv.AppendInt(b, int64(d.Flags), 10)
		}
		b = append(b, '}')
	case choicesData:
		b = append(b, `,"data":{"choices":`...)
		if d.Choices == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, '[')
			for i, c := range d.Choices {
				if i > 0 {
					b = append(b, ',')
				}
				v, _ := c.Value.(string)
				b = append(b, `{"name":`...)
				b = appendString(b, c.Name)
				b = append(b, `,"value":`...)
				b = appendString(b, v)
				b = append(b, '}')
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	return append(b, "}\n"...)
}

func appendMessage(b []byte, d *messageData) []byte {
	b = append(b, `{"embeds":`...)
	if d.Embeds == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, e := range d.Embeds {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendEmbed(b, e)
		}
		b = append(b, ']')
	}
	b = append(b, `,"components":`...)
	if d.Components == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, r := range d.Components {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"type":`...)
			b = strconv.AppendInt(b, int64(r.Type), 10)
			b = append(b, `,"components":`...)
			b = appendButtons(b, r.Components)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"allowed_mentions":`...)
	if am := d.AllowedMentions; am == nil {
		b = append(b, "null"...)
	} else {
		b = appendMentions(b, am)
	}
	if d.Flags != 0 {
		b = append(b, `,"flags":`...)
		b = strconv.AppendInt(b, int64(d.Flags), 10)
	}
	return append(b, '}')
}

func appendButtons(b []byte, bs []button) []byte {
	if bs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, x := range bs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"type":`...)
		b = strconv.AppendInt(b, int64(x.Type), 10)
		b = append(b, `,"style":`...)
		b = strconv.AppendInt(b, int64(x.Style), 10)
		b = append(b, `,"label":`...)
		b = appendString(b, x.Label)
		b = append(b, `,"custom_id":`...)
		b = appendString(b, x.CustomID)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendMentions writes the allowed_mentions this package sends: parse types and the replied
// user flag (it never lists roles or users).
func appendMentions(b []byte, am *discordgo.MessageAllowedMentions) []byte {
	b = append(b, `{"parse":`...)
	if am.Parse == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, p := range am.Parse {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, string(p))
		}
		b = append(b, ']')
	}
	b = append(b, `,"replied_user":`...)
	b = strconv.AppendBool(b, am.RepliedUser)
	return append(b, '}')
}

// appendEmbed writes the parts of an embed render sets: title, description, color, footer
// text and fields.
func appendEmbed(b []byte, e *discordgo.MessageEmbed) []byte {
	b = append(b, '{')
	sep := false
	field := func(name string) {
		if sep {
			b = append(b, ',')
		}
		sep = true
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, `":`...)
	}
	if e.Title != "" {
		field("title")
		b = appendString(b, e.Title)
	}
	if e.Description != "" {
		field("description")
		b = appendString(b, e.Description)
	}
	if e.Color != 0 {
		field("color")
		b = strconv.AppendInt(b, int64(e.Color), 10)
	}
	if e.Footer != nil {
		field("footer")
		b = append(b, '{')
		if e.Footer.Text != "" {
			b = append(b, `"text":`...)
			b = appendString(b, e.Footer.Text)
		}
		b = append(b, '}')
	}
	if len(e.Fields) > 0 {
		field("fields")
		b = append(b, '[')
		for i, f := range e.Fields {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = appendString(b, f.Name)
			b = append(b, `,"value":`...)
			b = appendString(b, f.Value)
			if f.Inline {
				b = append(b, `,"inline":true`...)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string the way encoding/json does without HTML escaping:
// quotes, backslashes and control characters escaped, invalid UTF-8 as U+FFFD, and U+2028 and
// U+2029 escaped (JavaScript would read them as line ends).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
