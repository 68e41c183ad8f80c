package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	slackgo "github.com/slack-go/slack"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

func TestMrkdwn(t *testing.T) {
	kb := func(u string) bool { return u == "https://kb.example/a?x=1&y=2" }
	cases := []struct{ name, in, want string }{
		{"bold", "a **bold** word", "a *bold* word"},
		{"bold in Chinese gets word boundaries", "1. **技术风险：**大模型", "1. *技术风险：*\u200b大模型"},
		{"bold with inner spaces", "** x **", "*x*"},
		{"unmatched bold stays", "2 ** 3", "2 ** 3"},
		{"bullets", "- one\n  - nested", "• one\n    ◦ nested"},
		{"numbered nested", "1. a\n   - b", "1. a\n    ◦ b"},
		{"heading", "# Title", "*Title*"},
		{"escapes", "<!channel> & <@U1>", "&lt;!channel&gt; &amp; &lt;@U1&gt;"},
		{"knowledge link", "[docs](https://kb.example/a?x=1&y=2)", "<https://kb.example/a?x=1&amp;y=2|docs>"},
		{"other link stays text", "[click](https://evil.example)", "click (https://evil.example)"},
		{"disguised link in text", "<https://evil.example|safe>", "&lt;https://evil.example|safe&gt;"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := mrkdwn(c.in, kb); got != c.want {
				t.Errorf("mrkdwn(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

func TestCleanText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"risks", "risks"},
		{"  risks\n share ", "risks\n share"}, // core turns the newline into a space
		{"<@U1|ann> hi", "@ann hi"},
		{"<@U1> hi", "@U1 hi"},
		{"<#C1|general>", "#general"},
		{"<!here> <!channel> <!subteam^S1|@devs>", "@here @channel @devs"},
		{"<mailto:a@b.c|a@b.c>", "a@b.c (mailto:a@b.c)"},
		{"<https://x.example>", "https://x.example"},
		{"a &lt;b&gt; &amp;amp;", "a <b> &amp;"},
		{"unclosed <@U1", "unclosed <@U1"},
	}
	for _, c := range cases {
		if got := cleanText(c.in); got != c.want {
			t.Errorf("cleanText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := cleanText(strings.Repeat("<@U1|长>", 20000)); len(got) > maxInbound {
		t.Errorf("long text kept %d bytes", len(got))
	}
	if got := stripLeadingMention("<@UBOT> risks", "UBOT"); got != " risks" {
		t.Errorf("strip: %q", got)
	}
	if got := stripLeadingMention("<@UX> risks", "UBOT"); got != "<@UX> risks" {
		t.Errorf("strip of someone else: %q", got)
	}
	if got := removeMentionsOf("ask <@UBOT|bot> about <@UBOT> risks", "UBOT"); got != "ask  about  risks" {
		t.Errorf("remove: %q", got)
	}
}

func TestSplitTextKeepsWordsEntitiesAndLinksWhole(t *testing.T) {
	word := "entrepreneurship&amp;growth "
	s := strings.Repeat(word, 500) // 14,000 runes, no newlines
	chunks := splitText(s, maxSectionText)
	if len(chunks) < 5 {
		t.Fatalf("%d chunks", len(chunks))
	}
	for i, c := range chunks {
		if n := utf8.RuneCountInString(c); n > maxSectionText {
			t.Errorf("chunk %d has %d runes", i, n)
		}
		if !strings.HasPrefix(c, "entrepreneurship") || !strings.HasSuffix(c, "growth") {
			t.Errorf("chunk %d cut mid-word: %q…%q", i, c[:20], c[len(c)-20:])
		}
	}
	link := strings.Repeat("x", 2990) + " <https://kb.example/a|a link>"
	if c := splitText(link, 3000); strings.Contains(c[0], "<https") {
		t.Errorf("link cut: %q", c[0][2980:])
	}
	cjk := strings.Repeat("大模型创业", 1000)
	for _, c := range splitText(cjk, 3000) {
		if !utf8.ValidString(c) || utf8.RuneCountInString(c) > 3000 {
			t.Errorf("bad CJK chunk")
		}
	}
}

func TestRenderStaysWithinSlackLimits(t *testing.T) {
	var buttons []core.Button
	for i := range 40 {
		buttons = append(buttons, core.Button{ID: "topic:t" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Label: strings.Repeat("L", 100)})
	}
	buttons = append(buttons, core.Button{ID: "topic:ta", Label: "duplicate id"}, core.Button{ID: "", Label: "no id"})
	var body strings.Builder
	for range 200 {
		body.WriteString("1. **Point:** " + strings.Repeat("word ", 120) + "\n\n")
	}
	r := core.Reply{
		Title:   strings.Repeat("T", 400),
		Body:    body.String(),
		Fields:  []core.Field{{Name: "Score", Value: "3/5"}, {Name: "<!channel>", Value: "<@U1>"}},
		Footer:  "from the **knowledge base** <!here>",
		Buttons: buttons,
	}
	m := render(r, nil)
	if len(m.Blocks) > maxBlocks {
		t.Fatalf("%d blocks", len(m.Blocks))
	}
	js, err := json.Marshal(m.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	actions := 0
	for _, b := range m.Blocks {
		total += blockTextLen(b)
		switch b := b.(type) {
		case *slackgo.HeaderBlock:
			if n := utf8.RuneCountInString(b.Text.Text); n > maxHeaderText {
				t.Errorf("header %d runes", n)
			}
		case *slackgo.SectionBlock:
			if b.Text != nil && utf8.RuneCountInString(b.Text.Text) > maxSectionText {
				t.Errorf("section %d runes", utf8.RuneCountInString(b.Text.Text))
			}
			if b.Text != nil && !b.Text.Verbatim {
				t.Error("mrkdwn text without verbatim")
			}
		case *slackgo.ActionBlock:
			seen := map[string]bool{}
			for _, e := range b.Elements.ElementSet {
				btn := e.(*slackgo.ButtonBlockElement)
				actions++
				if seen[btn.ActionID] {
					t.Errorf("action_id %s twice in one block", btn.ActionID)
				}
				seen[btn.ActionID] = true
				if utf8.RuneCountInString(btn.Text.Text) > maxButtonText {
					t.Errorf("button text %d runes", utf8.RuneCountInString(btn.Text.Text))
				}
			}
			if len(b.Elements.ElementSet) > maxActionsPerBlk {
				t.Errorf("%d buttons in a block", len(b.Elements.ElementSet))
			}
		}
	}
	if total > maxTotalText+maxHeaderText {
		t.Errorf("%d characters of text", total)
	}
	if actions != 41 {
		t.Errorf("%d buttons rendered, want 41 (the one without id dropped)", actions)
	}
	for _, bad := range []string{"<!channel>", "<!here>", "<@U1>"} {
		if strings.Contains(string(js), bad) {
			t.Errorf("blocks contain %s", bad)
		}
	}
}

func TestEveryReplyHasBlocksAndFallbackText(t *testing.T) {
	for _, r := range []core.Reply{{}, {Footer: "x"}, {Body: "**only** body <!channel>"}, {Title: "t"}} {
		m := render(r, nil)
		if len(m.Blocks) == 0 || m.Text == "" {
			t.Errorf("%+v rendered %d blocks, text %q", r, len(m.Blocks), m.Text)
		}
		if strings.Contains(m.Text, "<!") {
			t.Errorf("fallback not escaped: %q", m.Text)
		}
	}
}
