package discord

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/internal/deadline"
	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// answer is the first response to an interaction and what has to follow it, if anything.
type answer struct {
	resp *response // nil when it was sent already (a deferred response, at the deadline)
	// after runs once resp has been delivered: a deferred reply's edit, or follow-ups for the
	// parts of a long reply. nil when nothing follows.
	after func(ctx context.Context)
}

type outcome struct {
	reply core.Reply
	err   error
}

func flagsOf(r core.Reply) discordgo.MessageFlags {
	if r.Visibility == core.Ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

// note is a short ephemeral answer that is not core's (refusals, errors).
func note(title, text string) *response {
	m := render(core.Reply{Title: title, Body: text}, nil)[0]
	return &response{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: body(m, discordgo.MessageFlagsEphemeral)}
}

// failedReply is the apology shown when core could not answer and gave no reply of its own.
func failedReply(lang knowledge.Lang) core.Reply {
	return core.Reply{Title: core.NoticeFailedTitle.Text(lang), Body: core.NoticeFailed.Text(lang)}
}

func errorNote(lang knowledge.Lang) *response {
	r := failedReply(lang)
	return note(r.Title, r.Body)
}

// run hands req to core with a deadline. Done in time: the reply is the response (type 4, or 7
// when it replaces the message a button is on). Not done: send delivers a deferred response
// at the deadline (type 5, or 6 for a button), and the reply follows by editing the original
// response or as a follow-up.
func (a *Adapter) run(i *discordgo.Interaction, req core.Request, send func(*response)) answer {
	component := req.Kind == core.KindAction
	// A deferred answer gets at least a second more, whatever HandleTimeout says.
	limit := max(a.o.HandleTimeout, a.o.DeferAfter+time.Second)
	// Core's work outlives the request (Discord's HTTP call ends once deferred), not the adapter.
	o, inTime := deadline.Race(a.jobs.Context(), a.o.DeferAfter, limit, func(ctx context.Context) outcome {
		r, err := a.o.Handler.Handle(ctx, req)
		return outcome{r, err}
	}, func() {
		if component {
			send(&response{Type: discordgo.InteractionResponseDeferredMessageUpdate})
			return
		}
		send(&response{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: deferData{discordgo.MessageFlagsEphemeral}})
	})
	if inTime {
		return a.immediate(i, req, o)
	}
	return answer{after: func(ctx context.Context) { a.finish(ctx, i, req, o, component) }}
}

func (a *Adapter) immediate(i *discordgo.Interaction, req core.Request, o outcome) answer {
	if o.err != nil {
		a.log.Error("handle interaction", "kind", req.Kind.String(), "err", o.err)
		if o.reply.Empty() {
			return answer{resp: errorNote(localeLang(req.Locale))}
		}
		// core's reply to a failure is an apology safe to show, in the user's language.
		o.reply.Replace, o.reply.Visibility = false, core.Ephemeral
	}
	msgs := render(o.reply, a.o.LinkAllowed)
	flags := flagsOf(o.reply)
	typ := discordgo.InteractionResponseChannelMessageWithSource
	data := body(msgs[0], flags)
	if o.reply.Replace && req.Kind == core.KindAction {
		typ, data.Flags = discordgo.InteractionResponseUpdateMessage, 0
	}
	ans := answer{resp: &response{Type: typ, Data: data}}
	if len(msgs) > 1 {
		ans.after = func(ctx context.Context) { a.followups(ctx, i, msgs[1:], flags) }
	}
	return ans
}

// finish delivers a deferred reply. A command was deferred as ephemeral (the safe guess before
// core has decided): an ephemeral reply edits that response; a public one cannot, because a
// response's visibility is fixed when it is deferred, so it is posted as a public follow-up and
// the ephemeral placeholder removed. A button press was deferred without a message: its reply
// edits the message the button is on (Replace) or is posted as a follow-up.
func (a *Adapter) finish(ctx context.Context, i *discordgo.Interaction, req core.Request, o outcome, component bool) {
	if o.err != nil {
		a.log.Error("handle deferred interaction", "kind", req.Kind.String(), "err", o.err)
		r := o.reply
		if r.Empty() {
			r = failedReply(localeLang(req.Locale))
		}
		m := render(r, a.o.LinkAllowed)[0]
		if component {
			a.followups(ctx, i, []message{m}, discordgo.MessageFlagsEphemeral)
		} else {
			a.editOriginal(ctx, i, m)
		}
		return
	}
	msgs := render(o.reply, a.o.LinkAllowed)
	flags := flagsOf(o.reply)
	switch {
	case component && o.reply.Replace:
		a.editOriginal(ctx, i, msgs[0])
		a.followups(ctx, i, msgs[1:], flags)
	case component:
		a.followups(ctx, i, msgs, flags)
	case flags != 0:
		a.editOriginal(ctx, i, msgs[0])
		a.followups(ctx, i, msgs[1:], flags)
	default:
		// The placeholder is edited first: a follow-up sent while it is still "thinking"
		// would replace it and inherit its ephemeral flag.
		lang := o.reply.Lang
		a.editOriginal(ctx, i, render(core.Reply{Body: core.NoticePostedBelow.Text(lang), Lang: lang}, nil)[0])
		a.followups(ctx, i, msgs, 0)
		if err := a.webhook(ctx, "DELETE", i, "/messages/@original", nil); err != nil {
			a.log.Debug("delete deferred placeholder", "err", err)
		}
	}
}

func localeLang(locale string) knowledge.Lang {
	if l, ok := knowledge.ParseLang(locale); ok {
		return l
	}
	return knowledge.EN
}

// deliverTimeout bounds the REST calls that finish one interaction.
const deliverTimeout = 30 * time.Second
