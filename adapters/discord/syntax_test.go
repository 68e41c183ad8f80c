package discord

import (
	"context"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// TestRepliesSpellDiscordCommands: what answers and help tell a Discord user to type is a
// /bigmodel subcommand that exists, with its option, never Slack's text forms; a Chinese
// client gets the localized names it shows.
func TestRepliesSpellDiscordCommands(t *testing.T) {
	for _, tc := range []struct {
		ref    core.CommandRef
		locale string
		want   string
	}{
		{core.CommandRef{ID: "topic", Arg: "risks"}, "en-US", "/bigmodel topic name:risks"},
		{core.CommandRef{ID: "answer", Arg: "B"}, "en-US", "/bigmodel quiz answer choice:B"},
		{core.CommandRef{ID: "lang", Arg: "zh"}, "en-US", "/bigmodel lang language:zh"},
		{core.CommandRef{ID: "quiz"}, "en-US", "/bigmodel quiz now"},
		{core.CommandRef{ID: "subscribe", Arg: "<when>"}, "en-US", "/bigmodel quiz subscribe when:<when>"},
		{core.CommandRef{ID: "topics", Arg: "[<topic>]"}, "en-US", "/bigmodel topics"},
		{core.CommandRef{ID: "ask"}, "en-US", "/bigmodel ask question:<question>"},
		{core.CommandRef{ID: "topic", Arg: "risks"}, "zh-CN", "/大模型 话题 名称:risks"},
		{core.CommandRef{ID: "answer", Arg: "B"}, "zh-CN", "/大模型 测验 作答 选项:B"},
	} {
		if got := syntaxFor(tc.locale).Spell(tc.ref, knowledge.EN); got != tc.want {
			t.Errorf("Spell(%+v) in %s = %q; want %q", tc.ref, tc.locale, got, tc.want)
		}
	}
	// A quiz post in a channel, whatever its language: the names every client accepts.
	if got := PostSyntax().Spell(core.CommandRef{ID: "answer", Arg: "A-D"}, knowledge.ZH); got != "/bigmodel quiz answer choice:A-D" {
		t.Errorf("quiz post's answer command %q", got)
	}

	base, err := knowledge.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	bot := core.New(core.Options{Base: base, Search: search.New(base)})
	ask := func(text string) core.Reply {
		t.Helper()
		r, err := bot.Handle(context.Background(), core.Request{Platform: Platform, Channel: "C1", User: "U1",
			Kind: core.KindCommand, Text: text, Syntax: syntaxFor("en-US")})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if f := ask("risks").Footer; !strings.HasSuffix(f, "/bigmodel topic name:risks") {
		t.Errorf("answer footer %q; want Discord's form", f)
	}
	help := ask("help").Body
	for _, want := range []string{"/bigmodel quiz answer choice:<A-D>", "/bigmodel lang language:zh|en", "/bigmodel ask question:"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
	for _, q := range []string{"hi", "what is the weather in paris tomorrow"} {
		if body := ask(q).Body; !strings.Contains(body, "**/bigmodel help**") || strings.Contains(body, "Type **help**") {
			t.Errorf("%q: the reply's hint is not Discord's command:\n%s", q, body)
		}
	}
	for _, slack := range []string{"**/bigmodel risks**", "/bigmodel answer B", "/bigmodel lang zh**"} {
		if strings.Contains(help, slack) {
			t.Errorf("help shows Slack's %q to a Discord user:\n%s", slack, help)
		}
	}
}
