package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

var errNoToken = errors.New("discord: posting needs a bot token (discord.token or DISCORD_BOT_TOKEN)")

// Post sends a reply to a channel (core.Poster, for quiz posts and reveals). A reply too long
// for one message continues in further messages; the reference returned is the first, which
// carries the buttons. discordgo's buckets queue per route, the adapter's client keeps the
// global limit, and 429s are waited out within ctx.
func (a *Adapter) Post(ctx context.Context, ch core.ChannelKey, r core.Reply) (core.MessageRef, error) {
	id, err := a.send(ctx, ch.Channel, r)
	if err != nil {
		return core.MessageRef{}, err
	}
	return core.MessageRef{Channel: ch, ID: id}, nil
}

// Update replaces a message the bot posted (core.Poster) with the first message of the
// rendered reply; continuation messages of a long post are left as they are.
func (a *Adapter) Update(ctx context.Context, ref core.MessageRef, r core.Reply) error {
	if !a.hasToken() {
		return errNoToken
	}
	ch := ref.Channel.Channel
	b := body(render(r, a.o.LinkAllowed)[0], 0)
	bucket := discordgo.EndpointChannelMessage(ch, "")
	err := a.restCall(ctx, bucket, func(opts ...discordgo.RequestOption) error {
		_, err := a.rest.RequestWithBucketID(http.MethodPatch, discordgo.EndpointChannelMessage(ch, ref.ID), b, bucket, opts...)
		return err
	})
	if err != nil {
		return fmt.Errorf("discord: update message %s in channel %s: %w", ref.ID, ch, err)
	}
	return nil
}

// send posts r to a channel, as a reply to r.ThreadID when set, and returns the first
// message's id. A keyed reply carries its key as nonce, each part of a long one its own.
func (a *Adapter) send(ctx context.Context, channel string, r core.Reply) (string, error) {
	if !a.hasToken() {
		return "", errNoToken
	}
	ep := discordgo.EndpointChannelMessages(channel)
	first := ""
	for i, m := range render(r, a.o.LinkAllowed) {
		b := body(m, 0)
		if i == 0 && r.ThreadID != "" {
			no := false
			b.Reference = &discordgo.MessageReference{MessageID: r.ThreadID, ChannelID: channel, FailIfNotExists: &no}
		}
		if r.IdempotencyKey != "" {
			b.Nonce, b.EnforceNonce = r.IdempotencyKey, true
			if i > 0 {
				b.Nonce += "." + strconv.Itoa(i)
			}
		}
		var sent discordgo.Message
		err := a.restCall(ctx, ep, func(opts ...discordgo.RequestOption) error {
			resp, err := a.rest.RequestWithBucketID(http.MethodPost, ep, b, ep, opts...)
			if err != nil {
				return err
			}
			if err := json.Unmarshal(resp, &sent); err != nil {
				return fmt.Errorf("read the sent message: %w", err)
			}
			return nil
		})
		if err != nil {
			return first, fmt.Errorf("discord: send message to channel %s: %w", channel, err)
		}
		if i == 0 {
			first = sent.ID
		}
	}
	return first, nil
}

// NonceWindow is how long Discord keeps a message nonce (with enforce_nonce) unique: its
// documentation says "the past few minutes"; two is the cautious reading.
const NonceWindow = 2 * time.Minute

// DedupWindow says how long a keyed reply sent again to ch returns the first message instead of
// a second one (the quiz engine's Deduper).
func (a *Adapter) DedupWindow(core.ChannelKey) time.Duration { return NonceWindow }
