package slack

import (
	"bytes"
	"context"
	"strings"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// Texts of the adapter's own notices, in both languages: they go out before core has decided
// which language the user reads.
const (
	textPending = "Looking that up… 正在查找…"
	textFailed  = "Sorry, something went wrong. Please try again. 抱歉，出错了，请稍后再试。"
)

// slashCommand is the part of a slash command invocation the bot uses.
type slashCommand struct {
	TeamID, ChannelID, ChannelName, UserID, UserName, Command, Text, ResponseURL string
}

type result struct {
	reply core.Reply
	err   error
}

// command runs a slash command under Slack's three-second rule: an answer ready within
// AckTimeout is returned for the ack itself; otherwise the ack says "Looking that up…" and the
// answer follows through response_url when core is done.
func (a *Adapter) command(sc slashCommand) payload {
	req := core.Request{
		Workspace: sc.TeamID, Channel: sc.ChannelID, User: sc.UserID, UserName: sc.UserName,
		DM:   sc.ChannelName == "directmessage" || strings.HasPrefix(sc.ChannelID, "D"),
		Kind: core.KindCommand, Text: cleanText(sc.Text),
	}
	a.decorate(&req)
	done := make(chan result, 1)
	a.jobs.Add(1)
	go func() {
		defer a.jobs.Done()
		ctx, cancel := context.WithTimeout(a.base, time.Minute)
		r, err := a.handle(ctx, req)
		cancel()
		done <- result{r, err}
	}()
	select {
	case res := <-done:
		return a.ackPayload(res)
	case <-a.clock.After(a.ackTimeout):
	}
	a.spawn(func(ctx context.Context) {
		var res result
		select {
		case res = <-done:
		case <-ctx.Done():
			return
		}
		p := a.commandPayload(res)
		// The ephemeral "Looking that up…" is replaced; a public answer is a new message.
		p.ReplaceOriginal = p.ResponseType != "in_channel"
		if err := a.respond(ctx, sc.ResponseURL, p); err != nil {
			a.log.Warn("late slash command answer not delivered", "err", err, "channel", sc.ChannelID)
		}
	})
	return notice(textPending)
}

func (a *Adapter) commandPayload(res result) payload {
	if res.err != nil {
		a.log.Error("slash command failed", "err", res.err)
		return notice(textFailed)
	}
	p := a.replyPayload(res.reply)
	p.ReplaceOriginal = false
	return p
}

// ackPayload is commandPayload served from the ack cache when the reply was rendered before.
func (a *Adapter) ackPayload(res result) payload {
	if res.err != nil {
		return a.commandPayload(res)
	}
	raw, err := a.acks.get(res.reply, func(r core.Reply) ([]byte, error) {
		p := a.commandPayload(result{reply: r})
		buf := bufPool.Get().(*bytes.Buffer)
		buf.Reset()
		defer bufPool.Put(buf)
		if err := encode(buf, p); err != nil {
			return nil, err
		}
		return bytes.Clone(buf.Bytes()), nil
	})
	if err != nil {
		return a.commandPayload(res)
	}
	return payload{ResponseType: responseType(res.reply.Visibility), raw: raw}
}
