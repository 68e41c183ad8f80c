package quiz

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// meta is what scripts see of a quiz message (the console's jsonl lines).
func meta(p Post) map[string]string {
	slot := ""
	if !p.Slot.IsZero() {
		slot = p.Slot.UTC().Format(time.RFC3339Nano)
	}
	return map[string]string{"quiz_post": strconv.FormatInt(p.ID, 10), "slot": slot, "question": p.Question}
}

// postReply renders the quiz post: question, options, buttons while open, tally in the footer.
func (e *Engine) postReply(p Post, answered int, closed bool) core.Reply {
	lang := p.Lang
	title := text(lang, msgTitleNow)
	if p.SubscriptionID != 0 {
		title = text(lang, msgTitleDaily)
	}
	r := core.Reply{Title: title, Visibility: core.Public, Lang: lang, Meta: meta(p)}
	q, err := e.bank.Question(p.Question, lang)
	if err != nil {
		r.Body = text(lang, msgQuestionGone)
		return r
	}
	var b strings.Builder
	b.WriteString(q.Prompt)
	if q.Context != "" {
		b.WriteString("\n\n" + q.Context)
	}
	id := strconv.FormatInt(p.ID, 10)
	tally := text(lang, msgTally, answered)
	if !q.Choice() {
		b.WriteString("\n\n" + text(lang, msgOpenHint))
		r.Body = b.String()
		if !closed {
			r.Buttons = []core.Button{{ID: "quiz:show:" + id, Label: text(lang, msgBtnShow), Style: core.StylePrimary}}
		}
		return r
	}
	opts, correct := q.Shuffled(p.ID)
	b.WriteString("\n")
	for i, o := range opts {
		fmt.Fprintf(&b, "\n- **%s.** %s", Letters[i], o)
		if !closed {
			r.Buttons = append(r.Buttons, core.Button{ID: "quiz:a:" + id + ":" + Letters[i], Label: Letters[i]})
		}
	}
	r.Body = b.String()
	if closed {
		r.Footer = text(lang, msgClosed, Letters[correct]+". "+opts[correct]) + " · " + tally
	} else {
		r.Footer = tally + " · " + text(lang, msgClosesAt, e.answerHow(p), e.formatTime(p.RevealAt))
	}
	return r
}

// answerHow is how to answer p by typing, in its platform's syntax: Discord's
// `/bigmodel quiz answer choice:A-D`, elsewhere core's `answer A-D`.
func (e *Engine) answerHow(p Post) string {
	if s, ok := e.syntaxes[p.Channel.Platform]; ok && s != nil {
		return s.Spell(core.CommandRef{ID: "answer", Arg: "A-D"}, p.Lang)
	}
	return text(p.Lang, msgAnswerText)
}

// revealReply is the answer posted under the quiz when it closes.
func (e *Engine) revealReply(p Post, answered, right int) core.Reply {
	lang := p.Lang
	// The reveal names its post as quiz_reveal, not quiz_post: scripts counting quiz posts (one
	// per slot) must not count it as a second post of the slot.
	r := core.Reply{Visibility: core.Public, Lang: lang, ThreadID: p.MessageID,
		Meta: map[string]string{"quiz_reveal": strconv.FormatInt(p.ID, 10), "question": p.Question}}
	q, err := e.bank.Question(p.Question, lang)
	if err != nil {
		r.Body = text(lang, msgQuestionGone)
		return r
	}
	if !q.Choice() {
		r.Title = text(lang, msgRevealOpen)
		r.Body = q.Answer
		return r
	}
	opts, correct := q.Shuffled(p.ID)
	choice := Letters[correct] + ". " + opts[correct]
	if answered == 0 {
		r.Body = text(lang, msgRevealNobody, choice)
	} else {
		r.Body = text(lang, msgRevealChoice, choice, right, answered, right*100/answered)
	}
	if q.Explanation != "" {
		r.Body += "\n\n" + q.Explanation
	}
	return r
}

// formatTime shows t in the engine's default zone.
func (e *Engine) formatTime(t time.Time) string {
	t = t.In(e.zone)
	return t.Format("2006-01-02 15:04") + " " + offsetName(t)
}

// offsetName names t's zone by its offset ("UTC", "UTC+8", "UTC+5:30", "UTC-5"). Abbreviations
// mislead: Asia/Shanghai's "CST" reads as US Central time, and many zones have none.
func offsetName(t time.Time) string {
	_, off := t.Zone()
	if off == 0 {
		return "UTC"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	s := fmt.Sprintf("UTC%s%d", sign, off/3600)
	if m := off % 3600 / 60; m != 0 {
		s += fmt.Sprintf(":%02d", m)
	}
	return s
}

// refOf points at p's message.
func refOf(p Post) core.MessageRef { return core.MessageRef{Channel: p.Channel, ID: p.MessageID} }
