package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// FuzzRender: any reply renders within Slack's limits, as valid JSON, with no live markup.
func FuzzRender(f *testing.F) {
	f.Add("Title", "**bold** <!channel> [x](https://kb.example/a)\n- item\n  - nested", "foot")
	f.Add("", strings.Repeat("长文本 ", 3000), "<@U1>")
	f.Add("\xff\xfe", "&amp;&lt;<>&", "")
	kb := func(u string) bool { return u == "https://kb.example/a" }
	f.Fuzz(func(t *testing.T, title, body, footer string) {
		m := render(core.Reply{Title: title, Body: body, Footer: footer,
			Buttons: []core.Button{{ID: "topic:" + title, Label: footer}}}, kb)
		if len(m.Blocks) == 0 || len(m.Blocks) > maxBlocks {
			t.Fatalf("%d blocks", len(m.Blocks))
		}
		js, err := json.Marshal(m.Blocks)
		if err != nil {
			t.Fatal(err)
		}
		var blocks []map[string]any
		if err := json.Unmarshal(js, &blocks); err != nil {
			t.Fatal(err)
		}
		for _, b := range blocks {
			if b["type"] != "section" {
				continue
			}
			if txt, ok := b["text"].(map[string]any); ok {
				s := txt["text"].(string)
				if utf8.RuneCountInString(s) > maxSectionText {
					t.Fatalf("section of %d runes", utf8.RuneCountInString(s))
				}
				// Only knowledge base links may open a <…> token.
				for rest := s; ; {
					i := strings.IndexByte(rest, '<')
					if i < 0 {
						break
					}
					if !strings.HasPrefix(rest[i:], "<https://kb.example/a|") {
						t.Fatalf("live markup in %q", s)
					}
					rest = rest[i+1:]
				}
			}
		}
		if strings.ContainsAny(m.Text, "<>") {
			t.Fatalf("fallback not escaped: %q", m.Text)
		}
	})
}

// FuzzCleanText: inbound text is translated within its bound, never a panic (core's
// FuzzHandle covers the cleaning that follows: mention tokens, control characters, UTF-8).
func FuzzCleanText(f *testing.F) {
	f.Add("<@U1|ann> &lt;!channel&gt; risks")
	f.Add("\x00\xff<<<>>>&&&")
	f.Fuzz(func(t *testing.T, s string) {
		out := cleanText(s)
		if len(out) > maxInbound {
			t.Fatalf("%d bytes out", len(out))
		}
	})
}
