package slack

import (
	"context"
	"strings"

	slackgo "github.com/slack-go/slack"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// interaction handles a button press; Slack ignores the ack body for block_actions, so the answer
// goes through response_url (replacing the message for Reply.Replace) or, without one, the Web API.
func (a *Adapter) interaction(ctx context.Context, ic *slackgo.InteractionCallback) {
	if ic.Type != slackgo.InteractionTypeBlockActions || len(ic.ActionCallback.BlockActions) == 0 {
		return
	}
	act := ic.ActionCallback.BlockActions[0]
	channel := ic.Channel.ID
	if channel == "" {
		channel = ic.Container.ChannelID
	}
	req := core.Request{
		Workspace: ic.Team.ID, Channel: channel, User: ic.User.ID, UserName: ic.User.Name,
		DM: strings.HasPrefix(channel, "D"), Kind: core.KindAction,
		ActionID: act.ActionID, ActionValue: act.Value, MessageID: ic.Container.MessageTs,
	}
	a.decorateWait(ctx, &req)
	r, err := a.handle(ctx, req)
	if err != nil {
		a.log.Error("action failed", "err", err, "action", act.ActionID)
		r = core.Reply{Body: core.NoticeFailed.Both(), Visibility: core.Ephemeral}
	}
	if r.Empty() {
		return
	}
	if ic.ResponseURL != "" {
		p := a.replyPayload(r)
		if err := a.respond(ctx, ic.ResponseURL, p); err != nil {
			a.log.Warn("action answer not delivered", "err", err, "channel", channel)
		}
		return
	}
	if a.api == nil {
		a.warnOnce("no-token-actions", "slack: cannot answer this button press without a bot token")
		return
	}
	switch {
	case r.Replace && ic.Container.MessageTs != "" && !ic.Container.IsEphemeral:
		err = a.Update(ctx, core.MessageRef{Channel: req.ChannelKey(), ID: ic.Container.MessageTs}, r)
	case r.Visibility == core.Ephemeral && !req.DM:
		// A private answer (a quiz result) is for the presser alone, never the channel.
		err = a.postEphemeral(ctx, channel, req.User, r)
	default:
		_, err = a.postMessage(ctx, channel, r)
	}
	if err != nil {
		a.log.Warn("action answer not delivered", "err", err, "channel", channel)
	}
}
