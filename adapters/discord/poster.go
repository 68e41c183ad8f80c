package discord

import (
	"context"
	"errors"
	"fmt"

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
			sent, err = a.rest.ChannelMessageSendComplex(channel, ms, opts...)
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
