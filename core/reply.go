package core

import (
	"maps"
	"strings"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// Visibility says who sees a reply.
type Visibility int

// Visibilities.
const (
	Ephemeral Visibility = iota // only the requesting user (where the platform supports it)
	Public                      // everyone in the channel
)

// ButtonStyle hints how prominent a button is; adapters map it to their own styles.
type ButtonStyle int

// Button styles.
const (
	StyleDefault ButtonStyle = iota
	StylePrimary
	StyleSuccess
	StyleDanger
)

// Button is a pressable action on a reply. ID routes the press back to the bot (it comes back as
// Request.ActionID) and carries everything needed to handle it after a restart; Value is extra
// state (Request.ActionValue). Adapters that have a single id field (Discord's custom_id, 100
// chars) join them as ID + "|" + Value, so keep both short.
type Button struct {
	ID    string
	Label string
	Value string
	Style ButtonStyle
}

// Field is a short labelled value shown beside the body.
type Field struct {
	Name   string
	Value  string
	Inline bool
}

// Reply is a neutral rich message. Body is a small Markdown subset: **bold**, numbered and
// bulleted lists (nested by two or more spaces of indent), [text](url) links and paragraphs.
// All of Title, Body, Fields and Footer may hold text that came from users or knowledge files:
// adapters escape them for their platform.
type Reply struct {
	Title      string
	Body       string
	Fields     []Field
	Buttons    []Button
	Footer     string
	Visibility Visibility
	Lang       knowledge.Lang
	// Replace asks the adapter to replace the message the action came from instead of sending a
	// new one (the language toggle, a closed quiz).
	Replace bool
	// ThreadID, when set, asks for the reply in the thread of (Slack) or as a reply to (Discord)
	// that message.
	ThreadID string
	// IdempotencyKey, when set, marks the message so a retry after an unknown outcome (a crash,
	// a timeout) can be told apart from a first send: Discord sends it as the nonce with
	// enforce_nonce, Slack as message metadata a later lookup finds. At most 25 ASCII characters.
	IdempotencyKey string
	// Outcome is what the reply did with a question; nil for replies that answer none (help, a
	// quiz post, a button's notice).
	Outcome *Outcome
	// Needs names what a refused request lacked, set only when that lack alone caused the
	// refusal (NeedsManage), so an adapter that learns permissions late (Slack's users.info)
	// can ask again once it knows the user may manage the channel.
	Needs string
	// Meta carries the quiz's facts for scripts (quiz_post, slot, question, quiz_reveal); Facts
	// adds Outcome and Needs to them as the console's jsonl prints them.
	Meta map[string]string
}

// Facts is the reply's facts as strings, as the console's jsonl prints them: Meta, with the
// Outcome (slug, score, lang of an answer, alternatives, small_talk) and Needs written in.
func (r Reply) Facts() map[string]string {
	m := make(map[string]string, len(r.Meta)+4)
	maps.Copy(m, r.Meta)
	if o := r.Outcome; o != nil {
		m["slug"], m["score"] = o.Slug, formatScore(o.Score)
		if o.Slug != "" && o.Slug != SmallTalkSlug {
			m["lang"] = string(r.Lang)
		}
		if len(o.Alternatives) > 0 {
			m["alternatives"] = strings.Join(o.Alternatives, ",")
		}
		if o.SmallTalk != "" {
			m["small_talk"] = o.SmallTalk
		}
	}
	if r.Needs != "" {
		m[MetaNeeds] = r.Needs
	}
	return m
}

// Answered is the slug of the entry the reply answered with: "" when it answered none (no
// Outcome, "did you mean", no answer), SmallTalkSlug for small talk.
func (r Reply) Answered() string {
	if r.Outcome == nil {
		return ""
	}
	return r.Outcome.Slug
}

// Outcome is a reply's answer to a question, as typed facts.
type Outcome struct {
	Slug         string   // the entry answered with; "" when none, SmallTalkSlug for small talk
	Score        float64  // the search's confidence
	Alternatives []string // the entries offered under "did you mean"
	SmallTalk    string   // the small-talk intent answered ("greeting", "thanks"...), if any
}

// MetaNeeds is the Facts key that carries Reply.Needs for scripts.
const MetaNeeds = "needs"

// NeedsManage is the Reply.Needs value of a refusal for Request.CanManage being false.
const NeedsManage = "manage"

// Empty reports whether the reply has nothing to show (the request needs no answer).
func (r Reply) Empty() bool {
	return r.Title == "" && r.Body == "" && len(r.Fields) == 0 && len(r.Buttons) == 0 && r.Footer == ""
}

// Text renders the reply as plain text: the notification fallback and the console's view.
func (r Reply) Text() string {
	s := ""
	add := func(p string) {
		if p == "" {
			return
		}
		if s != "" {
			s += "\n\n"
		}
		s += p
	}
	add(r.Title)
	add(r.Body)
	colon := ": "
	if r.Lang == knowledge.ZH {
		colon = "：" // a full-width colon carries its own space
	}
	for _, f := range r.Fields {
		add(f.Name + colon + f.Value)
	}
	add(r.Footer)
	return s
}
