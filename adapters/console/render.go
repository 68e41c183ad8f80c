package console

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// ANSI styles, used only when Color is set.
const (
	bold  = "\x1b[1m"
	dim   = "\x1b[2m"
	reset = "\x1b[0m"
)

// maxPressable bounds the remembered buttons; older ones are forgotten when it is reached.
const maxPressable = 256

var (
	boldRE = regexp.MustCompile(`\*\*([^*\n]+?)\*\*`)
	linkRE = regexp.MustCompile(`\[([^\]\n]+)\]\(([^)\s]+)\)`)
	codeRE = regexp.MustCompile("`([^`\n]+)`")
)

// jsonLine is one line of the jsonl format, as DESIGN.md fixes it; id is added for posts and
// updates so scripts can pair them.
type jsonLine struct {
	Type    string            `json:"type"`
	ID      string            `json:"id,omitempty"`
	Channel string            `json:"channel"`
	Text    string            `json:"text"`
	Buttons []jsonButton      `json:"buttons"`
	Meta    map[string]string `json:"meta"`
}

type jsonButton struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// write renders r as kind ("reply", "post", "update") and flushes it, under the write lock.
func (c *Console) write(kind, id, channel string, r core.Reply) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.remember(r.Buttons)
	var err error
	if c.format == FormatJSONL {
		err = c.writeJSON(kind, id, channel, r)
	} else {
		if c.prompting {
			c.out.WriteString("\n") // the post interrupts the prompt
		}
		err = c.writeText(kind, id, r)
		if err == nil && c.prompting {
			_, err = c.out.WriteString(c.promptText())
		}
	}
	if err == nil {
		err = c.out.Flush()
	}
	if err != nil {
		return fmt.Errorf("console: write %s: %w", kind, err)
	}
	return nil
}

// remember keeps the shown buttons pressable by typing "!<id>".
func (c *Console) remember(buttons []core.Button) {
	if c.pressed == nil || len(c.pressed)+len(buttons) > maxPressable {
		c.pressed = make(map[string]string)
	}
	for _, b := range buttons {
		c.pressed[b.ID] = b.Value
	}
}

func (c *Console) writeJSON(kind, id, channel string, r core.Reply) error {
	line := jsonLine{Type: kind, Channel: channel, Text: plain(r), Buttons: []jsonButton{}, Meta: r.Facts()}
	if kind != "reply" {
		line.ID = id
	}
	for _, b := range r.Buttons {
		line.Buttons = append(line.Buttons, jsonButton{ID: b.ID, Label: b.Label})
	}
	enc := json.NewEncoder(c.out)
	enc.SetEscapeHTML(false)
	return enc.Encode(line)
}

// plain renders r as plain text: Markdown markers removed, lists and paragraphs kept.
func plain(r core.Reply) string {
	return strings.TrimSpace(markdown(r.Text(), false))
}

func (c *Console) writeText(kind, id string, r core.Reply) error {
	var b strings.Builder
	if kind != "reply" {
		b.WriteString(style(c.color, dim, "── "+header(kind, id, r)+" ──") + "\n")
	}
	if c.sameAsShown(kind, id, r) {
		b.WriteString(style(c.color, dim, markdown(safe(r.Footer), false)) + "\n")
	} else {
		b.WriteString(Text(r, c.color))
	}
	b.WriteString("\n")
	_, err := c.out.WriteString(b.String())
	return err
}

// header names a post or update in text format by the number a user types: "quiz #2" for
// the quiz whose buttons are !quiz:a:2:…, "answer to quiz #2" for its reveal.
func header(kind, id string, r core.Reply) string {
	switch {
	case kind == "post" && r.Meta["quiz_post"] != "":
		return "quiz #" + id
	case kind == "post" && r.Meta["quiz_reveal"] != "":
		return "answer to quiz #" + r.Meta["quiz_reveal"]
	}
	return kind + " #" + id
}

// sameAsShown reports whether an update leaves the message's title and body as they were last
// printed, and remembers them for posts and updates; c.mu is held.
func (c *Console) sameAsShown(kind, id string, r core.Reply) bool {
	if kind == "reply" {
		return false
	}
	key := r.Title + "\x00" + r.Body
	same := kind == "update" && r.Footer != "" && c.shownText[id] == key
	if c.shownText == nil || len(c.shownText) >= maxPressable {
		c.shownText = make(map[string]string)
	}
	c.shownText[id] = key
	return same
}

// Text renders a reply as the console shows it: title, body and fields with the Markdown
// markers removed (bold in ANSI when color is set), the buttons one can press by typing
// "!<id>", and the footer. Control characters from users or knowledge files are dropped.
func Text(r core.Reply, color bool) string {
	var b strings.Builder
	if r.Title != "" {
		b.WriteString(style(color, bold, safe(r.Title)) + "\n\n")
	}
	if r.Body != "" {
		b.WriteString(markdown(safe(r.Body), color) + "\n")
	}
	colon := ": "
	if r.Lang == "zh" {
		colon = "：" // a full-width colon carries its own space
	}
	for _, f := range r.Fields {
		b.WriteString(style(color, bold, safe(f.Name)+colon) + markdown(safe(f.Value), color) + "\n")
	}
	hint := buttonHint(r.Buttons)
	if hint != "" {
		b.WriteString("\n" + style(color, dim, hint) + "\n")
	}
	if r.Footer != "" {
		if hint == "" {
			b.WriteString("\n")
		}
		b.WriteString(style(color, dim, markdown(safe(r.Footer), false)) + "\n")
	}
	return b.String()
}

// buttonHint names the buttons worth pressing in a terminal (feedback buttons are left out to
// keep it short) and how: type "!" and the id.
func buttonHint(buttons []core.Button) string {
	var parts []string
	for _, b := range buttons {
		if strings.HasPrefix(b.ID, "fb:") {
			continue
		}
		parts = append(parts, "[!"+safe(b.ID)+"] "+safe(b.Label))
	}
	return strings.Join(parts, "  ")
}

func style(color bool, s, text string) string {
	if !color || text == "" {
		return text
	}
	return s + text + reset
}

// markdown turns the reply Markdown subset into terminal text: bold and `code` via ANSI when
// color is on (else just their text), links as "text (url)".
func markdown(s string, color bool) string {
	s = linkRE.ReplaceAllString(s, "$1 ($2)")
	if color {
		s = codeRE.ReplaceAllString(s, bold+"$1"+reset)
		return boldRE.ReplaceAllString(s, bold+"$1"+reset)
	}
	s = codeRE.ReplaceAllString(s, "$1")
	return boldRE.ReplaceAllString(s, "$1")
}

// safe drops control characters other than newlines and tabs, so text from knowledge files
// or users cannot move the cursor or recolour the terminal.
func safe(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}
