package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
	m := render(r, a.o.LinkAllowed)[0]
	comps := discordgoRows(m.Components)
	edit := &discordgo.MessageEdit{
		ID: ref.ID, Channel: ref.Channel.Channel,
		Embeds: &m.Embeds, Components: &comps, AllowedMentions: noMentions(),
	}
	err := a.restCall(ctx, discordgo.EndpointChannelMessage(ref.Channel.Channel, ""), func(opts ...discordgo.RequestOption) error {
		_, err := a.rest.ChannelMessageEditComplex(edit, opts...)
		return err
	})
	if err != nil {
		return fmt.Errorf("discord: update message %s in channel %s: %w", ref.ID, ref.Channel.Channel, err)
	}
	return nil
}

// send posts r to a channel, as a reply to r.ThreadID when set, and returns the first
// message's id.
func (a *Adapter) send(ctx context.Context, channel string, r core.Reply) (string, error) {
	if !a.hasToken() {
		return "", errNoToken
	}
	first := ""
	for i, m := range render(r, a.o.LinkAllowed) {
		ms := &discordgo.MessageSend{Embeds: m.Embeds, Components: discordgoRows(m.Components), AllowedMentions: noMentions()}
		if i == 0 && r.ThreadID != "" {
			no := false
			ms.Reference = &discordgo.MessageReference{MessageID: r.ThreadID, ChannelID: channel, FailIfNotExists: &no}
		}
		var sent *discordgo.Message
		err := a.restCall(ctx, discordgo.EndpointChannelMessages(channel), func(opts ...discordgo.RequestOption) (err error) {
			if r.IdempotencyKey == "" {
				sent, err = a.rest.ChannelMessageSendComplex(channel, ms, opts...)
				return err
			}
			nonce := r.IdempotencyKey
			if i > 0 {
				nonce += "." + strconv.Itoa(i) // each part of a long reply once
			}
			sent, err = a.sendKeyed(ctx, channel, ms, nonce, opts...)
			return err
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

// keyedMessage is a message send with Discord's nonce (discordgo's MessageSend has none): with
// enforce_nonce, a second send with the same nonce within NonceWindow returns the first
// message instead of posting another.
type keyedMessage struct {
	*discordgo.MessageSend
	Nonce        string `json:"nonce"`
	EnforceNonce bool   `json:"enforce_nonce"`
}

// sendKeyed is ChannelMessageSendComplex (without files) with a nonce.
func (a *Adapter) sendKeyed(ctx context.Context, channel string, ms *discordgo.MessageSend, nonce string, opts ...discordgo.RequestOption) (*discordgo.Message, error) {
	for _, e := range ms.Embeds {
		if e.Type == "" {
			e.Type = discordgo.EmbedTypeRich
		}
	}
	ep := discordgo.EndpointChannelMessages(channel)
	if len(opts) == 0 {
		opts = []discordgo.RequestOption{discordgo.WithContext(ctx)}
	}
	body, err := a.rest.RequestWithBucketID("POST", ep, keyedMessage{MessageSend: ms, Nonce: nonce, EnforceNonce: true}, ep, opts...)
	if err != nil {
		return nil, err
	}
	var m discordgo.Message
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("read the sent message: %w", err)
	}
	return &m, nil
}
