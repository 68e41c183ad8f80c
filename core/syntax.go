package core

import (
	"strings"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// CommandRef names one of the bot's commands and its argument, for a reply that tells the user
// what to type. Core never spells a command itself where a platform spells it differently:
// Slack's `/bigmodel risks` is Discord's `/bigmodel topic name:risks`.
type CommandRef struct {
	// ID is the command's English name in core's table: "topic" (show a topic), "ask",
	// "topics", "help", "lang", "quiz", "answer", "leaderboard", "subscribe", "unsubscribe",
	// "status".
	ID string
	// Arg is the argument as the user would type it, or a placeholder ("<A-D>"); "" for none.
	Arg string
}

// Syntax spells command references the way the user's platform takes them (Request.Syntax).
type Syntax interface {
	Spell(ref CommandRef, lang knowledge.Lang) string
}

// textSyntax is core's own text commands, as the console, Slack and a DM or mention read them:
// `risks`, `answer B`; with the slash command's name in front for a slash command.
type textSyntax struct {
	prefix string
	words  map[string]map[knowledge.Lang]string // command id -> its words, as help shows them
}

// Spell writes ref as core's text command: a topic is its own name, others their words.
func (s textSyntax) Spell(ref CommandRef, lang knowledge.Lang) string {
	var parts []string
	if ref.ID != "topic" {
		w := s.words[ref.ID][lang]
		if w == "" {
			w = ref.ID
		}
		parts = append(parts, w)
	}
	if ref.Arg != "" {
		parts = append(parts, ref.Arg)
	}
	return s.prefix + strings.Join(parts, " ")
}

// syntax is how c's user types commands: the adapter's Syntax, or core's text commands, with
// the slash command's name when slash is set.
func (b *Bot) syntax(c *call, slash bool) Syntax {
	if c.req.Syntax != nil {
		return c.req.Syntax
	}
	prefix := ""
	if slash {
		prefix = "/bigmodel "
	}
	return textSyntax{prefix: prefix, words: b.words}
}

// exampleRef reads an example of the command table ("quiz subscribe weekdays 09:30") as a
// reference to cmd with its argument ("weekdays 09:30").
func (b *Bot) exampleRef(cmd *command, example string, lang knowledge.Lang) CommandRef {
	arg := strings.TrimSpace(strings.TrimPrefix(example, b.words[cmd.names[0]][lang]))
	return CommandRef{ID: cmd.names[0], Arg: arg}
}

// commandWords splits each usage line of the table ("quiz subscribe <when>") into the
// command's words ("quiz subscribe") and its argument ("<when>"), per language.
func commandWords(cmds ...[]*command) map[string]map[knowledge.Lang]string {
	out := map[string]map[knowledge.Lang]string{}
	for _, list := range cmds {
		for _, cmd := range list {
			if cmd.usage == nil {
				continue
			}
			w := map[knowledge.Lang]string{}
			for l, u := range cmd.usage {
				w[l], _ = splitUsage(u)
			}
			out[cmd.names[0]] = w
		}
	}
	return out
}

// splitUsage cuts a usage line before its first argument: a placeholder (<…>, […]) or a
// choice (zh|en).
func splitUsage(u string) (words, arg string) {
	f := strings.Fields(u)
	for i, w := range f {
		if strings.ContainsAny(w[:1], "<[") || strings.Contains(w, "|") {
			return strings.Join(f[:i], " "), strings.Join(f[i:], " ")
		}
	}
	return u, ""
}

// textSlash is core's text commands behind the slash command, as answers' footers show them.
func (b *Bot) textSlash() Syntax { return textSyntax{prefix: "/bigmodel ", words: b.words} }

// hint writes ref as the command to type, inside a sentence in lang: in bold in the platform's
// syntax; core's text commands as they always read, **topics** in English and “话题”（topics）
// in Chinese, where either name works.
func (b *Bot) hint(c *call, lang knowledge.Lang, id string) string {
	ref := CommandRef{ID: id}
	if c.req.Syntax != nil {
		return "**" + c.req.Syntax.Spell(ref, lang) + "**"
	}
	text := textSyntax{words: b.words}
	en := text.Spell(ref, knowledge.EN)
	if lang == knowledge.ZH {
		return "“" + text.Spell(ref, knowledge.ZH) + "”（" + en + "）"
	}
	return "**" + en + "**"
}
