package slack

import (
	"context"
	"fmt"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// dedupTTL is how long an event id is remembered: Slack's last retry comes after ~6 minutes.
const dedupTTL = time.Hour

// eventRequest turns an app_mention or a DM into a request, or reports false for everything the
// bot must not answer: bots (itself included), edits and other subtypes, messages outside DMs.
func (a *Adapter) eventRequest(inner slackevents.EventsAPIInnerEvent) (req core.Request, thread string, ok bool) {
	self := a.BotUserID()
	switch ev := inner.Data.(type) {
	case *slackevents.AppMentionEvent:
		if ev.BotID != "" || ev.Edited != nil || ev.User == "" || ev.User == self {
			return req, "", false
		}
		text := removeMentionsOf(stripLeadingMention(ev.Text, self), self)
		req = core.Request{Kind: core.KindMention, Channel: ev.Channel, User: ev.User, MessageID: ev.TimeStamp,
			DM: strings.HasPrefix(ev.Channel, "D"), Text: cleanText(text)}
		thread = ev.ThreadTimeStamp
		if thread == "" {
			thread = ev.TimeStamp
		}
		return req, thread, true
	case *slackevents.MessageEvent:
		if !ev.IsIM() || ev.BotID != "" || ev.SubType != "" || ev.User == "" || ev.User == self {
			return req, "", false
		}
		text := removeMentionsOf(stripLeadingMention(ev.Text, self), self)
		req = core.Request{Kind: core.KindMessage, Channel: ev.Channel, User: ev.User, MessageID: ev.TimeStamp,
			DM: true, Text: cleanText(text)}
		return req, ev.ThreadTimeStamp, true
	}
	return req, "", false
}

// eventChannel is the channel an event happened in, "" when it names none.
func eventChannel(inner slackevents.EventsAPIInnerEvent) string {
	switch ev := inner.Data.(type) {
	case *slackevents.AppMentionEvent:
		return ev.Channel
	case *slackevents.MessageEvent:
		return ev.Channel
	}
	return ""
}

// event answers one Events API callback; it runs after the delivery was acknowledged.
func (a *Adapter) event(ctx context.Context, teamID, eventID string, inner slackevents.EventsAPIInnerEvent) {
	req, thread, ok := a.eventRequest(inner)
	if !ok {
		return
	}
	req.Workspace = teamID
	if eventID != "" {
		first, err := a.dedup.FirstSeen(ctx, "slack:"+teamID+":"+eventID, time.Now(), dedupTTL)
		if err != nil {
			// Better a rare double answer than none: process it.
			a.log.Warn("event dedup failed", "err", err)
		} else if !first {
			return
		}
	}
	if a.api == nil {
		a.warnOnce("no-token-events", "slack: cannot answer mentions and DMs without a bot token (slack.bot_token)")
		return
	}
	a.decorateWait(ctx, &req)
	r, err := a.handle(ctx, req)
	if err != nil {
		a.log.Error("event handling failed", "err", err, "kind", req.Kind.String())
		r = core.Reply{Body: core.NoticeFailed.Both(), Visibility: core.Ephemeral}
	}
	if r.Empty() {
		return
	}
	if r.ThreadID == "" {
		r.ThreadID = thread
	}
	if r.Visibility == core.Ephemeral && !req.DM {
		err = a.postEphemeral(ctx, req.Channel, req.User, r)
	} else {
		_, err = a.postMessage(ctx, req.Channel, r)
	}
	if err != nil {
		a.log.Warn("answer not delivered", "err", err, "channel", req.Channel)
	}
}

// postEphemeral shows r to user alone in channel (chat.postEphemeral): what core marked
// Ephemeral must never reach the channel through chat.postMessage.
func (a *Adapter) postEphemeral(ctx context.Context, channel, user string, r core.Reply) error {
	m := render(r, a.opts.LinkAllowed)
	opts := []slackgo.MsgOption{slackgo.MsgOptionBlocks(m.Blocks...), slackgo.MsgOptionText(m.Text, false)}
	if r.ThreadID != "" {
		opts = append(opts, slackgo.MsgOptionTS(r.ThreadID))
	}
	return a.paced(ctx, channel, func() error {
		if _, err := a.api.PostEphemeralContext(ctx, channel, user, opts...); err != nil {
			return fmt.Errorf("slack chat.postEphemeral to %s: %w", channel, cleanErr(err))
		}
		return nil
	})
}
