package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

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
	if r.IdempotencyKey != "" {
		// Slack has no idempotency key: the key rides in the message's metadata, where
		// FindMessage reads it back after a crash left the outcome unknown.
		opts = append(opts, slackgo.MsgOptionMetadata(slackgo.SlackMetadata{EventType: MetadataEventType,
			EventPayload: map[string]any{metadataKey: r.IdempotencyKey}}))
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

// MetadataEventType is the metadata event_type of the bot's keyed messages (quiz posts and
// reveals); the payload's "key" is the reply's IdempotencyKey.
const MetadataEventType = "bigmodel_quiz_post"

const metadataKey = "key"

// findPages bounds how many pages of history FindMessage reads: a lookup starts at the first
// send, so the message is near the start, and a busy channel must not cost unbounded calls.
const findPages = 5

// FindMessage looks for the bot's message carrying key (in its metadata) in channel ch, in the
// thread of thread when set, sent at or after since: conversations.history, or
// conversations.replies for a thread, with include_all_metadata. It needs the channels:history
// scope (groups:history for private channels).
func (a *Adapter) FindMessage(ctx context.Context, ch core.ChannelKey, key, thread string, since time.Time) (core.MessageRef, bool, error) {
	if ch.Platform != "" && ch.Platform != Platform {
		return core.MessageRef{}, false, fmt.Errorf("slack: cannot look in a %s channel: %w", ch.Platform, errors.ErrUnsupported)
	}
	if a.api == nil {
		return core.MessageRef{}, false, errNoToken
	}
	oldest := strconv.FormatFloat(float64(since.UnixNano())/1e9, 'f', 6, 64)
	if since.IsZero() {
		oldest = ""
	}
	cursor := ""
	for range findPages {
		var msgs []slackgo.Message
		var more bool
		var err error
		if thread != "" {
			msgs, more, cursor, err = a.api.GetConversationRepliesContext(ctx, &slackgo.GetConversationRepliesParameters{
				ChannelID: ch.Channel, Timestamp: thread, Cursor: cursor, Oldest: oldest, Limit: 200, IncludeAllMetadata: true})
		} else {
			var h *slackgo.GetConversationHistoryResponse
			h, err = a.api.GetConversationHistoryContext(ctx, &slackgo.GetConversationHistoryParameters{
				ChannelID: ch.Channel, Cursor: cursor, Oldest: oldest, Limit: 200, IncludeAllMetadata: true})
			if h != nil {
				msgs, more, cursor = h.Messages, h.HasMore, h.ResponseMetaData.NextCursor
			}
		}
		if err != nil {
			var sc slackgo.StatusCodeError
			if (errors.As(err, &sc) && sc.Code == http.StatusNotFound) || isSlackError(err, "unknown_method") {
				// The API has no such method (an old or fake endpoint): asking again will not help.
				err = fmt.Errorf("%w: %w", errors.ErrUnsupported, err)
			}
			return core.MessageRef{}, false, fmt.Errorf("slack: look for message %s in %s: %w", key, ch.Channel, cleanErr(err))
		}
		for _, m := range msgs {
			if m.Metadata.EventType == MetadataEventType && m.Metadata.EventPayload[metadataKey] == key {
				return core.MessageRef{Channel: ch, ID: m.Timestamp}, true, nil
			}
		}
		if !more || cursor == "" {
			return core.MessageRef{}, false, nil
		}
	}
	return core.MessageRef{}, false, fmt.Errorf("slack: message %s not within %d pages of %s's history", key, findPages, ch.Channel)
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
