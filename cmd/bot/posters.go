package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
)

// posters routes messages the bot sends on its own to the adapter of the channel's platform.
// Parts add to it while `bot run` starts (one goroutine); it is only read once everything runs.
type posters map[string]core.Poster

var (
	_ core.Poster      = posters(nil)
	_ core.PostChecker = posters(nil)
	_ core.PostChecker = noPoster{}
	_ quiz.Finder      = posters(nil)
	_ quiz.Deduper     = posters(nil)
)

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

// CanPost says whether ch's platform can take posts at all: a platform that is not running, or
// whose adapter says so (Discord without a bot token), cannot.
func (p posters) CanPost(ch core.ChannelKey) error {
	poster, ok := p[ch.Platform]
	if !ok {
		return &core.CannotPostError{Platform: ch.Platform, Setting: "running " + ch.Platform + " adapter"}
	}
	if pc, ok := poster.(core.PostChecker); ok {
		return pc.CanPost(ch)
	}
	return nil
}

// noPoster stands for a platform that answers requests but cannot post on its own: every post
// fails with its reason, which the quiz shows before it claims anything.
type noPoster struct{ err *core.CannotPostError }

func (n noPoster) Post(context.Context, core.ChannelKey, core.Reply) (core.MessageRef, error) {
	return core.MessageRef{}, n.err
}

func (n noPoster) Update(context.Context, core.MessageRef, core.Reply) error { return n.err }

// CanPost is always the reason.
func (n noPoster) CanPost(core.ChannelKey) error { return n.err }

// FindMessage asks the channel's adapter for a keyed message, when it can look (Slack).
func (p posters) FindMessage(ctx context.Context, ch core.ChannelKey, key, thread string, since time.Time) (core.MessageRef, bool, error) {
	f, ok := p[ch.Platform].(quiz.Finder)
	if !ok {
		return core.MessageRef{}, false, fmt.Errorf("find a %s message: %w", ch.Platform, errors.ErrUnsupported)
	}
	return f.FindMessage(ctx, ch, key, thread, since)
}

// DedupWindow is the channel's adapter's, when its platform refuses repeated keys (Discord).
func (p posters) DedupWindow(ch core.ChannelKey) time.Duration {
	if d, ok := p[ch.Platform].(quiz.Deduper); ok {
		return d.DedupWindow(ch)
	}
	return 0
}
