package discord

import (
	"encoding/json"
	"regexp"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Discord's rules for command and option names (lowercase where the script has case).
var nameRE = regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`)

func TestCommandsAreValidForDiscord(t *testing.T) {
	cmds := Commands("starting a large-model (LLM) company", "大模型创业")
	if len(cmds) != 1 || cmds[0].Name != "bigmodel" {
		t.Fatalf("want one /bigmodel command, got %d", len(cmds))
	}
	check := func(path, name, desc string, nl, dl map[discordgo.Locale]string) {
		if !nameRE.MatchString(name) || name != lower(name) {
			t.Errorf("%s: bad name %q", path, name)
		}
		if n := utf8.RuneCountInString(desc); n < 1 || n > 100 {
			t.Errorf("%s: description of %d characters", path, n)
		}
		if z := nl[discordgo.ChineseCN]; !nameRE.MatchString(z) {
			t.Errorf("%s: zh-CN name %q", path, z)
		}
		if z := dl[discordgo.ChineseCN]; utf8.RuneCountInString(z) < 1 || utf8.RuneCountInString(z) > 100 {
			t.Errorf("%s: zh-CN description %q", path, z)
		}
	}
	c := cmds[0]
	check("/bigmodel", c.Name, c.Description, *c.NameLocalizations, *c.DescriptionLocalizations)
	var walk func(path string, opts []*discordgo.ApplicationCommandOption)
	walk = func(path string, opts []*discordgo.ApplicationCommandOption) {
		if len(opts) > 25 {
			t.Errorf("%s: %d options", path, len(opts))
		}
		seen := map[string]bool{}
		for _, o := range opts {
			p := path + " " + o.Name
			check(p, o.Name, o.Description, o.NameLocalizations, o.DescriptionLocalizations)
			if seen[o.Name] {
				t.Errorf("%s: duplicate name", p)
			}
			seen[o.Name] = true
			if o.Autocomplete && len(o.Choices) > 0 {
				t.Errorf("%s: choices and autocomplete together", p)
			}
			walk(p, o.Options)
		}
	}
	walk("/bigmodel", c.Options)
}

func lower(s string) string {
	b := []rune(s)
	for i, r := range b {
		if r >= 'A' && r <= 'Z' {
			b[i] = r + 'a' - 'A'
		}
	}
	return string(b)
}

// TestCommandsJSONShape reads the dry-run JSON the way a deploy script would.
func TestCommandsJSONShape(t *testing.T) {
	b, err := CommandsJSON(Commands("", ""))
	if err != nil {
		t.Fatal(err)
	}
	var cmds []struct {
		Name    string
		Options []struct {
			Type    int
			Name    string
			Options []struct {
				Type         int
				Name         string
				Required     bool
				Autocomplete bool
				Choices      []struct{ Name, Value string }
			}
		}
	}
	if err := json.Unmarshal(b, &cmds); err != nil {
		t.Fatalf("not a JSON array of commands: %v", err)
	}
	subs := map[string]int{}
	for i, o := range cmds[0].Options {
		subs[o.Name] = i
	}
	for _, want := range []string{"topic", "ask", "topics", "help", "lang", "quiz"} {
		if _, ok := subs[want]; !ok {
			t.Errorf("no %q subcommand", want)
		}
	}
	topic := cmds[0].Options[subs["topic"]]
	if topic.Type != 1 || len(topic.Options) != 1 || topic.Options[0].Name != "name" || !topic.Options[0].Autocomplete || !topic.Options[0].Required {
		t.Errorf("topic: %+v", topic)
	}
	if ask := cmds[0].Options[subs["ask"]]; ask.Options[0].Name != "question" || ask.Options[0].Type != 3 {
		t.Errorf("ask: %+v", ask)
	}
	if lang := cmds[0].Options[subs["lang"]]; len(lang.Options[0].Choices) != 2 {
		t.Errorf("lang: %+v", lang)
	}
	quiz := cmds[0].Options[subs["quiz"]]
	names := map[string]bool{}
	for _, s := range quiz.Options {
		names[s.Name] = true
	}
	for _, want := range []string{"now", "subscribe", "unsubscribe", "status", "leaderboard"} {
		if quiz.Type != 2 || !names[want] {
			t.Errorf("quiz group lacks %q: %+v", want, quiz)
		}
	}
}

// Every declared subcommand must map back to a text command core understands.
func TestEverySubcommandMaps(t *testing.T) {
	for _, o := range Commands("", "")[0].Options {
		opts := []*discordgo.ApplicationCommandInteractionDataOption{{Name: o.Name, Type: o.Type}}
		leaves := []*discordgo.ApplicationCommandOption{o}
		if o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
			leaves = o.Options
		}
		for _, leaf := range leaves {
			d := &discordgo.ApplicationCommandInteractionData{Name: "bigmodel", Options: opts}
			l := &discordgo.ApplicationCommandInteractionDataOption{Name: leaf.Name, Type: leaf.Type}
			if len(leaf.Options) > 0 {
				l.Options = []*discordgo.ApplicationCommandInteractionDataOption{{Name: leaf.Options[0].Name, Type: 3, Value: "x"}}
			}
			if o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
				d.Options[0].Options = []*discordgo.ApplicationCommandInteractionDataOption{l}
			} else {
				d.Options = []*discordgo.ApplicationCommandInteractionDataOption{l}
			}
			if text, _, ok := commandText(d); !ok || text == "" {
				t.Errorf("%s %s does not map to a text command", o.Name, leaf.Name)
			}
		}
	}
}
