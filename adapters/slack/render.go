package slack

import (
	"strings"
	"unicode/utf8"

	slackgo "github.com/slack-go/slack"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/internal/clip"
)

// Slack's Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks), with the total kept
// well below the ~12k characters at which Slack answers msg_blocks_too_long.
const (
	maxBlocks        = 50
	maxSectionText   = 3000
	maxHeaderText    = 150
	maxButtonText    = 75
	maxActionID      = 255
	maxButtonValue   = 2000
	maxFieldText     = 2000
	maxFieldsPerSec  = 10
	maxActionsPerBlk = 25
	maxTotalText     = 11000
	maxFallbackText  = 300
)

// message is a rendered reply: Block Kit blocks plus the plain-text fallback that notifications show.
type message struct {
	Blocks []slackgo.Block
	Text   string
}

// render turns a neutral reply into Block Kit. It always returns at least one block: Slack clients
// and scripts expect Block Kit for every answer, the "no answer" and help included.
func render(r core.Reply, linkOK func(string) bool) message {
	var blocks []slackgo.Block
	total := 0
	if t := strings.TrimSpace(r.Title); t != "" {
		// plain_text renders no mention or link, so the title needs no escaping.
		t = truncate(strings.Join(strings.Fields(t), " "), maxHeaderText)
		blocks = append(blocks, slackgo.NewHeaderBlock(slackgo.NewTextBlockObject(slackgo.PlainTextType, t, false, false)))
		total += utf8.RuneCountInString(t)
	}
	// Blocks after the body are counted first so a long body never pushes the buttons out.
	tail := renderTail(r)
	tailLen := 0
	for _, b := range tail {
		tailLen += blockTextLen(b)
	}
	room := maxBlocks - len(blocks) - len(tail)
	budget := maxTotalText - total - tailLen
	if body := strings.TrimSpace(r.Body); body != "" && room > 0 {
		chunks := splitText(mrkdwn(body, linkOK), maxSectionText)
		for i, c := range chunks {
			n := utf8.RuneCountInString(c)
			if i >= room || n > budget {
				if budget > 20 && i < room {
					blocks = append(blocks, section(escaped.Truncate(c, budget-1)))
				}
				break
			}
			blocks = append(blocks, section(c))
			budget -= n
		}
	}
	blocks = append(blocks, tail...)
	if len(blocks) == 0 {
		blocks = append(blocks, section("…"))
	}
	return message{Blocks: blocks, Text: fallback(r)}
}

// renderTail renders fields, footer and buttons, which must survive any body length.
func renderTail(r core.Reply) []slackgo.Block {
	var out []slackgo.Block
	var fields []*slackgo.TextBlockObject
	for _, f := range r.Fields {
		name, value := strings.TrimSpace(f.Name), strings.TrimSpace(f.Value)
		if name == "" && value == "" {
			continue
		}
		text := escapeTrunc(value, maxFieldText-utf8.RuneCountInString(name)-4)
		if name != "" {
			text = "*" + escapeTrunc(name, 100) + "*\n" + text
		}
		fields = append(fields, slackgo.NewTextBlockObject(slackgo.MarkdownType, text, false, true))
		if len(fields) == maxFieldsPerSec {
			out = append(out, slackgo.NewSectionBlock(nil, fields, nil))
			fields = nil
		}
	}
	if len(fields) > 0 {
		out = append(out, slackgo.NewSectionBlock(nil, fields, nil))
	}
	if f := strings.TrimSpace(r.Footer); f != "" {
		text := escapeTrunc(plain(f), 2000)
		out = append(out, slackgo.NewContextBlock("", slackgo.NewTextBlockObject(slackgo.MarkdownType, text, false, true)))
	}
	out = append(out, renderButtons(r.Buttons)...)
	if len(out) > maxBlocks-2 {
		out = out[:maxBlocks-2]
	}
	return out
}

func renderButtons(buttons []core.Button) []slackgo.Block {
	var out []slackgo.Block
	var elems []slackgo.BlockElement
	seen := map[string]bool{}
	flush := func() {
		if len(elems) > 0 {
			out = append(out, slackgo.NewActionBlock("", elems...))
		}
		elems, seen = nil, map[string]bool{}
	}
	for _, b := range buttons {
		label := strings.TrimSpace(b.Label)
		if b.ID == "" || len(b.ID) > maxActionID || label == "" || len(b.Value) > maxButtonValue {
			continue // Slack would reject the whole message for one bad button
		}
		// action_id must be unique within its block.
		if seen[b.ID] || len(elems) == maxActionsPerBlk {
			flush()
		}
		seen[b.ID] = true
		text := slackgo.NewTextBlockObject(slackgo.PlainTextType, truncate(label, maxButtonText), false, false)
		el := slackgo.NewButtonBlockElement(b.ID, b.Value, text)
		switch b.Style {
		case core.StylePrimary, core.StyleSuccess:
			el.Style = slackgo.StylePrimary
		case core.StyleDanger:
			el.Style = slackgo.StyleDanger
		}
		elems = append(elems, el)
	}
	flush()
	return out
}

func section(mrkdwnText string) slackgo.Block {
	return slackgo.NewSectionBlock(slackgo.NewTextBlockObject(slackgo.MarkdownType, mrkdwnText, false, true), nil, nil)
}

func blockTextLen(b slackgo.Block) int {
	n := 0
	switch b := b.(type) {
	case *slackgo.SectionBlock:
		for _, f := range b.Fields {
			n += utf8.RuneCountInString(f.Text)
		}
		if b.Text != nil {
			n += utf8.RuneCountInString(b.Text.Text)
		}
	case *slackgo.ContextBlock:
		for _, e := range b.ContextElements.Elements {
			if t, ok := e.(*slackgo.TextBlockObject); ok {
				n += utf8.RuneCountInString(t.Text)
			}
		}
	case *slackgo.ActionBlock:
		n += 40 * len(b.Elements.ElementSet)
	}
	return n
}

// fallback is the notification text: the title, or the start of the body, escaped.
func fallback(r core.Reply) string {
	s := strings.TrimSpace(r.Title)
	if s == "" {
		s = strings.TrimSpace(plain(r.Body))
	}
	if s == "" {
		s = strings.TrimSpace(r.Footer)
	}
	if s == "" {
		s = "…"
	}
	return escapeTrunc(strings.Join(strings.Fields(s), " "), maxFallbackText)
}

// escapeTrunc escapes s and keeps the result within n runes, never cutting an entity.
func escapeTrunc(s string, n int) string {
	if n < 1 {
		n = 1
	}
	raw := s
	for range 4 {
		e := escape(raw)
		over := utf8.RuneCountInString(e) - n
		if over <= 0 {
			return e
		}
		raw = truncate(raw, max(1, utf8.RuneCountInString(raw)-over-1))
	}
	return escape(truncate(raw, max(1, n/5)))
}

// escaped counts runes, as Slack does, and cuts already escaped mrkdwn only where no entity
// (&amp;) or <url|text> link would be split.
var escaped = clip.Measure{Safe: safeCut}

// splitText cuts escaped mrkdwn into pieces of at most n runes at paragraph, line or word
// boundaries.
func splitText(s string, n int) []string { return escaped.Split(s, n) }

// safeCut moves a cut at i back before an unfinished entity or link, and onto a rune boundary.
func safeCut(head string, i int) int {
	if lt := strings.LastIndexByte(head[:i], '<'); lt > 0 && strings.IndexByte(head[lt:i], '>') < 0 {
		i = lt
	}
	if amp := strings.LastIndexByte(head[:i], '&'); amp > 0 && i-amp < 6 && strings.IndexByte(head[amp:i], ';') < 0 {
		i = amp
	}
	for i > 0 && i < len(head) && !utf8.RuneStart(head[i]) {
		i--
	}
	return i
}
