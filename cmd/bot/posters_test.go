package main

import (
	"context"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

type fakePoster struct{ posts []string }

func (f *fakePoster) Post(_ context.Context, ch core.ChannelKey, r core.Reply) (core.MessageRef, error) {
	f.posts = append(f.posts, ch.Channel+":"+r.Body)
	return core.MessageRef{Channel: ch, ID: "1"}, nil
}

func (f *fakePoster) Update(_ context.Context, ref core.MessageRef, r core.Reply) error {
	f.posts = append(f.posts, "update "+ref.ID+":"+r.Body)
	return nil
}

func TestPostersRouteByPlatform(t *testing.T) {
	slack, discord := &fakePoster{}, &fakePoster{}
	p := posters{}
	p.add("slack", slack)
	p.add("discord", discord)
	ctx := context.Background()
	ref, err := p.Post(ctx, core.ChannelKey{Platform: "discord", Channel: "D1"}, core.Reply{Body: "quiz"})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Update(ctx, ref, core.Reply{Body: "reveal"}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(discord.posts, ",") != "D1:quiz,update 1:reveal" || len(slack.posts) != 0 {
		t.Errorf("slack %q discord %q", slack.posts, discord.posts)
	}
	if _, err := p.Post(ctx, core.ChannelKey{Platform: "teams"}, core.Reply{}); err == nil {
		t.Error("post to a platform that is not running succeeded")
	}
}
