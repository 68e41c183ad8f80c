package discord

import (
	"slices"

	"github.com/bwmarrin/discordgo"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/internal/clip"
)

// Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
const (
	maxTitle       = 256
	maxDescription = 4096
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFields      = 25
	maxFooter      = 1024 // Discord allows 2048; half keeps title+description+footer under maxMessage
	maxEmbeds      = 10
	maxMessage     = 6000 // all embeds of one message together
	maxCustomID    = 100
	maxLabel       = 80
	maxButtonsRow  = 5
	maxRows        = 5
	maxChoice      = 100
	maxChoices     = 25
)

const embedColor = 0x4F7CFF

// measure counts as Discord does against its limits: its clients count UTF-16 code units, so
// a character outside the BMP (most emoji) counts twice; counting the same way keeps every
// piece within the limit whichever way the server counts. A cut never leaves an escaping
// backslash at the end of a piece, away from the character it escapes.
var measure = clip.Measure{UTF16: true, Safe: func(head string, i int) int {
	for i > 1 && head[i-1] == '\\' {
		i--
	}
	return i
}}

// units is a string's length as Discord counts it.
func units(s string) int { return measure.Len(s) }

// splitText cuts s into pieces of at most max units at paragraph, line or word boundaries.
func splitText(s string, max int) []string { return measure.Split(s, max) }

// truncate shortens s to at most max units, marking the cut with an ellipsis.
func truncate(s string, max int) string { return measure.Truncate(s, max) }

// message is one Discord message worth of a rendered reply.
type message struct {
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent // action rows of buttons; nil on continuation messages
}

// noMentions stops Discord from turning any text of the message into a ping.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// render turns a reply into one or more messages within Discord's limits: the body split over
// embeds at paragraph, line or word boundaries, fields after it, the footer on the last embed.
// The first message is the reply proper: it carries the buttons and is the one an update
// replaces; any further messages continue its text. Every message has at least one embed.
func render(r core.Reply, links linkFilter) []message {
	var embeds []*discordgo.MessageEmbed
	size := 0 // units of the last embed
	newEmbed := func() *discordgo.MessageEmbed {
		e := &discordgo.MessageEmbed{Color: embedColor}
		embeds = append(embeds, e)
		size = 0
		return e
	}
	e := newEmbed()
	if r.Title != "" {
		e.Title = truncate(escapeInline(r.Title), maxTitle)
		size = units(e.Title)
	}
	for i, p := range splitText(escapeMarkdown(r.Body, links), maxDescription) {
		if i > 0 {
			e = newEmbed()
		}
		e.Description = p
		size += units(p)
	}
	for _, f := range r.Fields {
		name := truncate(escapeInline(f.Name), maxFieldName)
		value := truncate(escapeMarkdown(f.Value, links), maxFieldValue)
		if name == "" {
			name = zwsp // Discord rejects empty field names and values
		}
		if value == "" {
			value = zwsp
		}
		n := units(name) + units(value)
		if len(e.Fields) == maxFields || size+n > maxMessage-maxFooter-maxTitle {
			e = newEmbed()
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: value, Inline: f.Inline})
		size += n
	}
	if r.Footer != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: truncate(plain(r.Footer), maxFooter)}
	}
	if len(embeds) == 1 && e.Title == "" && e.Description == "" && len(e.Fields) == 0 {
		e.Description = core.NoticeDone.Text(r.Lang)
	}
	msgs := pack(embeds)
	msgs[0].Components = components(r.Buttons)
	return msgs
}

// pack groups embeds into messages of at most maxEmbeds embeds and maxMessage units.
func pack(embeds []*discordgo.MessageEmbed) []message {
	var out []message
	cur, size := message{}, 0
	for _, e := range embeds {
		n := embedUnits(e)
		if len(cur.Embeds) > 0 && (len(cur.Embeds) == maxEmbeds || size+n > maxMessage) {
			out = append(out, cur)
			cur, size = message{}, 0
		}
		cur.Embeds = append(cur.Embeds, e)
		size += n
	}
	return append(out, cur)
}

func embedUnits(e *discordgo.MessageEmbed) int {
	n := units(e.Title) + units(e.Description)
	for _, f := range e.Fields {
		n += units(f.Name) + units(f.Value)
	}
	if e.Footer != nil {
		n += units(e.Footer.Text)
	}
	return n
}

// customID joins a button's id and value as core.Button documents. A value that would push the
// id over Discord's 100 characters is dropped; a button whose id alone is too long is dropped.
func customID(b core.Button) (string, bool) {
	if b.ID == "" || len(b.ID) > maxCustomID {
		return "", false
	}
	if b.Value != "" && len(b.ID)+1+len(b.Value) <= maxCustomID {
		return b.ID + "|" + b.Value, true
	}
	return b.ID, true
}

// components lays buttons out in rows of five, at most five rows, skipping buttons Discord
// would reject (ids too long or repeated in the message).
func components(buttons []core.Button) []discordgo.MessageComponent {
	rows := []discordgo.MessageComponent{}
	var cur []discordgo.MessageComponent
	ids := make([]string, 0, len(buttons)) // at most 25 are kept: a scan is as quick as a map
	for _, b := range buttons {
		id, ok := customID(b)
		if !ok || slices.Contains(ids, id) {
			continue
		}
		ids = append(ids, id)
		label := truncate(plain(b.Label), maxLabel)
		if label == "" {
			label = "•"
		}
		cur = append(cur, discordgo.Button{Style: buttonStyle(b.Style), Label: label, CustomID: id})
		if len(cur) == maxButtonsRow {
			rows = append(rows, discordgo.ActionsRow{Components: cur})
			cur = nil
			if len(rows) == maxRows {
				return rows
			}
		}
	}
	if len(cur) > 0 {
		rows = append(rows, discordgo.ActionsRow{Components: cur})
	}
	return rows
}

func buttonStyle(s core.ButtonStyle) discordgo.ButtonStyle {
	switch s {
	case core.StylePrimary:
		return discordgo.PrimaryButton
	case core.StyleSuccess:
		return discordgo.SuccessButton
	case core.StyleDanger:
		return discordgo.DangerButton
	}
	return discordgo.SecondaryButton
}
