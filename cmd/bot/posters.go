package main

import (
	"context"
	"fmt"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// posters routes messages the bot sends on its own to the adapter of the channel's platform.
// Parts add to it while `bot run` starts (one goroutine); it is only read once everything runs.
type posters map[string]core.Poster

var _ core.Poster = posters(nil)

// add registers the Poster of a platform ("slack", "discord", "console").
func (p posters) add(platform string, poster core.Poster) { p[platform] = poster }

// Post sends r to ch through its platform's adapter.
func (p posters) Post(ctx context.Context, ch core.ChannelKey, r core.Reply) (core.MessageRef, error) {
	poster, ok := p[ch.Platform]
	if !ok {
		return core.MessageRef{}, fmt.Errorf("post to %s channel: platform not running", ch.Platform)
	}
	return poster.Post(ctx, ch, r)
}

// Update replaces a message sent before through its platform's adapter.
func (p posters) Update(ctx context.Context, ref core.MessageRef, r core.Reply) error {
	poster, ok := p[ref.Channel.Platform]
	if !ok {
		return fmt.Errorf("update %s message: platform not running", ref.Channel.Platform)
	}
	return poster.Update(ctx, ref, r)
}
