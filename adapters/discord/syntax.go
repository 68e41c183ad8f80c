package discord

import (
	"strings"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// syntax spells core's command references as Discord's /bigmodel subcommands, from the same
// table that registers them: `/bigmodel topic name:risks`, `/bigmodel quiz answer choice:B`.
// Names are the localized ones when the user's Discord client is in Chinese (zhClient), which
// is what that client shows and completes.
type syntax struct{ zhClient bool }

// coreIDs maps core's command ids to the subcommands that run them where the names differ.
var coreIDs = map[string]string{"quiz": "now"}

// Spell writes ref as a /bigmodel subcommand with its option; a command Discord has no
// subcommand for falls back to core's words, which a DM or a mention reads.
func (s syntax) Spell(ref core.CommandRef, _ knowledge.Lang) string {
	id := ref.ID
	if alias, ok := coreIDs[id]; ok {
		id = alias
	}
	name := func(en, zh string) string {
		if s.zhClient && zh != "" {
			return zh
		}
		return en
	}
	parts := []string{"/" + name(CommandName, "大模型")}
	var sub *subSpec
	for i := range topSubs {
		if topSubs[i].name == id {
			sub = &topSubs[i]
		}
	}
	for i := range quizGroup.subs {
		if sub == nil && quizGroup.subs[i].name == id {
			sub = &quizGroup.subs[i]
			parts = append(parts, name(quizGroup.name, quizGroup.zhName))
		}
	}
	if sub == nil {
		return strings.TrimSpace(ref.ID + " " + ref.Arg)
	}
	parts = append(parts, name(sub.name, sub.zhName))
	if sub.opt != nil {
		arg := ref.Arg
		if arg == "" {
			arg = "<" + name(sub.opt.name, sub.opt.zhName) + ">"
		}
		parts = append(parts, name(sub.opt.name, sub.opt.zhName)+":"+arg)
	}
	return strings.Join(parts, " ")
}

// syntaxFor is the syntax for a user whose Discord client is in locale ("" when unknown).
func syntaxFor(locale string) core.Syntax {
	return syntax{zhClient: strings.HasPrefix(locale, "zh")}
}

// PostSyntax spells commands in the bot's own channel posts (the quiz), which no one user's
// client locale decides: Discord's English names, which every client accepts.
func PostSyntax() core.Syntax { return syntax{} }
