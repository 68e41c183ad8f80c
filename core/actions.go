package core

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// maxActionID bounds the action ids the bot will look at; its own are far shorter.
const maxActionID = 200

// action handles a press of one of the bot's buttons. Ids come back from the platform and may
// be forged: anything unexpected gets a polite reply, never a panic.
func (b *Bot) action(ctx context.Context, c *call) (Reply, error) {
	id := c.req.ActionID
	lang := b.Lang(ctx, c.req)
	if len(id) > maxActionID {
		return b.unknownAction(c, lang), nil
	}
	id = strings.ToValidUTF8(id, "")
	kind, rest, _ := strings.Cut(id, ":")
	switch kind {
	case "topic":
		e, ok := b.base.Entry(rest)
		if !ok {
			return b.topicGone(c, lang, rest), nil
		}
		b.signal(ctx, c, e.Slug)
		r := b.answer(c, e, lang, 1)
		r.Visibility = c.actionVisibility()
		return r, nil
	case "lang":
		code, slug, _ := strings.Cut(rest, ":")
		want := exactLang(code)
		if want == "" {
			return b.unknownAction(c, lang), nil
		}
		e, ok := b.base.Entry(slug)
		if !ok {
			return b.topicGone(c, want, slug), nil
		}
		r := b.answer(c, e, want, 1)
		r.Visibility = c.actionVisibility()
		r.Replace = true
		return r, nil
	case "fb":
		return b.feedbackAction(ctx, c, lang, rest)
	case "quiz":
		if b.quiz == nil {
			return Reply{Body: text(lang, msgQuizDisabled), Visibility: Ephemeral, Lang: lang}, nil
		}
		r, err := b.quiz.Action(ctx, c.req, lang)
		if err != nil {
			return r, fmt.Errorf("quiz action: %w", err)
		}
		return r, nil
	}
	return b.unknownAction(c, lang), nil
}

// actionVisibility: a button pressed in a channel answers the presser alone, in a DM everyone
// there is the presser anyway.
func (c *call) actionVisibility() Visibility {
	if c.req.DM {
		return Public
	}
	return Ephemeral
}

func (b *Bot) feedbackAction(ctx context.Context, c *call, lang knowledge.Lang, rest string) (Reply, error) {
	vote, slug, _ := strings.Cut(rest, ":")
	if vote != "up" && vote != "down" {
		return b.unknownAction(c, lang), nil
	}
	if _, ok := b.base.Entry(slug); !ok {
		return b.topicGone(c, lang, slug), nil
	}
	helpful := vote == "up"
	if !helpful && b.signals != nil {
		b.recent.notHelpful(c.req.UserKey(), slug)
	}
	if b.obs != nil {
		b.obs.Feedback(c.req.Platform, helpful)
	}
	thanks := Reply{Body: text(lang, msgFeedbackThanks), Visibility: Ephemeral, Lang: lang}
	if b.feedback == nil {
		return thanks, nil
	}
	f := Feedback{User: c.req.UserKey(), Channel: c.req.Channel, Slug: slug, Helpful: helpful, At: time.Now()}
	if err := b.feedback.SaveFeedback(ctx, f); err != nil {
		// The press still counted in metrics; the user need not retry.
		return thanks, fmt.Errorf("save feedback on %s: %w", slug, err)
	}
	return thanks, nil
}

func (b *Bot) topicGone(c *call, lang knowledge.Lang, slug string) Reply {
	return Reply{Body: text(lang, msgTopicGone, shorten(clean(slug)), b.hint(c, lang, "topics")), Visibility: Ephemeral, Lang: lang}
}

func (b *Bot) unknownAction(c *call, lang knowledge.Lang) Reply {
	return Reply{Body: text(lang, msgActionUnknown, b.hint(c, lang, "help")), Visibility: Ephemeral, Lang: lang}
}
