package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	slackgo "github.com/slack-go/slack"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// maxRateLimitRetries bounds how often one call is refused with 429 before it gives up. The
// context bounds the waiting; this only ends a call with no deadline that Slack keeps refusing.
const maxRateLimitRetries = 20

var errNoToken = errors.New("slack: no bot token configured (slack.bot_token)")

// Post sends a reply to a channel (quiz posts, reveals) with chat.postMessage.
func (a *Adapter) Post(ctx context.Context, ch core.ChannelKey, r core.Reply) (core.MessageRef, error) {
	if ch.Platform != "" && ch.Platform != Platform {
		return core.MessageRef{}, fmt.Errorf("slack: cannot post to a %s channel", ch.Platform)
	}
	ts, err := a.postMessage(ctx, ch.Channel, r)
	if err != nil {
		return core.MessageRef{}, err
	}
	return core.MessageRef{Channel: ch, ID: ts}, nil
}

// Update replaces a message the bot posted earlier, with chat.update.
func (a *Adapter) Update(ctx context.Context, ref core.MessageRef, r core.Reply) error {
	if a.api == nil {
		return errNoToken
	}
	m := render(r, a.opts.LinkAllowed)
	return a.paced(ctx, ref.Channel.Channel, func() error {
		_, _, _, err := a.api.UpdateMessageContext(ctx, ref.Channel.Channel, ref.ID,
			slackgo.MsgOptionBlocks(m.Blocks...), slackgo.MsgOptionText(m.Text, false))
		if err != nil {
			return fmt.Errorf("slack chat.update in %s: %w", ref.Channel.Channel, cleanErr(err))
		}
		return nil
	})
}

func (a *Adapter) postMessage(ctx context.Context, channel string, r core.Reply) (string, error) {
	if a.api == nil {
		return "", errNoToken
	}
	m := render(r, a.opts.LinkAllowed)
	// Never parse=full or link_names: they would turn a typed @channel into a real mention.
	opts := []slackgo.MsgOption{slackgo.MsgOptionBlocks(m.Blocks...), slackgo.MsgOptionText(m.Text, false),
		slackgo.MsgOptionDisableLinkUnfurl()}
	if r.ThreadID != "" {
		opts = append(opts, slackgo.MsgOptionTS(r.ThreadID))
	}
	var ts string
	joined := false
	err := a.paced(ctx, channel, func() error {
		_, t, err := a.api.PostMessageContext(ctx, channel, opts...)
		if isSlackError(err, "not_in_channel") && !joined {
			// A subscribed public channel the bot was never invited to: join (channels:join)
			// and try once more; private channels still need /invite.
			joined = true
			if _, _, _, jerr := a.api.JoinConversationContext(ctx, channel); jerr == nil {
				_, t, err = a.api.PostMessageContext(ctx, channel, opts...)
			}
		}
		if err != nil {
			return fmt.Errorf("slack chat.postMessage to %s: %w", channel, cleanErr(err))
		}
		ts = t
		return nil
	})
	return ts, err
}

// isSlackError reports whether err is Slack's "ok": false answer with the given error code.
func isSlackError(err error, code string) bool {
	var se slackgo.SlackErrorResponse
	return errors.As(err, &se) && se.Err == code
}

// paced runs one Web API call for a channel behind the channel's pacer, and calls again after a
// 429, up to maxRateLimitRetries times: the client's transport (methodLimits) holds the retry
// until Retry-After has passed and paces it with the other calls of the method.
func (a *Adapter) paced(ctx context.Context, channel string, call func() error) error {
	for attempt := 0; ; attempt++ {
		if err := a.pacer.Wait(ctx, channel); err != nil {
			return err
		}
		err := call()
		if !rateLimited(err) || attempt >= maxRateLimitRetries {
			return err
		}
		a.log.Debug("slack rate limited; calling again after Retry-After", "channel", channel, "attempt", attempt+1)
	}
}

// rateLimited reports whether err is Slack's 429: slack-go's *RateLimitedError, or a bare
// status error when Retry-After could not be read.
func rateLimited(err error) bool {
	var rl *slackgo.RateLimitedError
	var se slackgo.StatusCodeError
	return errors.As(err, &rl) || (errors.As(err, &se) && se.Code == http.StatusTooManyRequests)
}
