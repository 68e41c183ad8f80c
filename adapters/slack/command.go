package slack

import (
	"context"
	"strings"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/internal/deadline"
	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// slashCommand is the part of a slash command invocation the bot uses.
type slashCommand struct {
	TeamID, ChannelID, ChannelName, UserID, UserName, Command, Text, ResponseURL string
}

type result struct {
	reply core.Reply
	err   error
}

// command runs a slash command under Slack's three-second rule and calls ack exactly once: with
// the answer when core has it within AckTimeout, else with an interim "Looking that up…", in
// which case the answer follows through response_url. Core runs on the caller's goroutine;
// command returns once ack has been called.
func (a *Adapter) command(sc slashCommand, ack func(p payload, interim bool)) {
	req := core.Request{
		Workspace: sc.TeamID, Channel: sc.ChannelID, User: sc.UserID, UserName: sc.UserName,
		DM:   sc.ChannelName == "directmessage" || strings.HasPrefix(sc.ChannelID, "D"),
		Kind: core.KindCommand, Text: cleanText(sc.Text),
	}
	start := time.Now()
	known := a.decorate(&req)
	// Core's work outlives the request (its ack may go first), not the adapter.
	res, inTime := deadline.Race(a.base, a.opts.AckTimeout, time.Minute, func(ctx context.Context) result {
		r, err := a.handle(ctx, req)
		if err == nil && !known && !req.CanManage && r.Needs == core.NeedsManage {
			if again, ok := a.asManager(req, start); ok {
				r, err = a.handle(ctx, again)
			}
		}
		return result{r, err}
	}, func() { ack(notice(core.NoticePending.Both()), true) })
	if inTime {
		ack(a.commandPayload(res), false)
		return
	}
	a.spawn(sc.ChannelID, func(ctx context.Context) {
		p := a.commandPayload(res)
		// The ephemeral "Looking that up…" is replaced; a public answer is a new message.
		p.ReplaceOriginal = p.ResponseType != "in_channel"
		if err := a.respond(ctx, sc.ResponseURL, p); err != nil {
			a.log.Warn("late slash command answer not delivered", "err", err, "channel", sc.ChannelID)
		}
	})
}

// manageWait bounds how long a slash command refused for lacking rights waits for users.info.
const manageWait = 1500 * time.Millisecond

// asManager decides whether a slash command core refused only for lacking manage rights, from a
// user not cached yet, is to be handled again with them: it waits for the users.info look-up
// decorate started, for at most manageWait and never into the last quarter of the ack budget
// (left for core's second answer), and says yes when the user is a workspace admin or owner.
func (a *Adapter) asManager(req core.Request, start time.Time) (core.Request, bool) {
	wait := min(manageWait, a.opts.AckTimeout*3/4-time.Since(start))
	if a.users == nil || wait <= 0 {
		return req, false
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	u, ok := a.users.Await(req.User, t.C)
	if !ok || !u.admin {
		return req, false
	}
	req.Locale, req.CanManage = u.locale, true
	return req, true
}

func (a *Adapter) commandPayload(res result) payload {
	if res.err != nil {
		a.log.Error("slash command failed", "err", res.err)
		return notice(core.NoticeFailed.Both())
	}
	p := a.replyPayload(res.reply)
	p.ReplaceOriginal = false
	return p
}
