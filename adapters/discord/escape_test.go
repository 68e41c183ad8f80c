package discord

import (
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

func TestEscapeMarkdown(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"**bold** stays", "**bold** stays"},
		{"1. **Label:** text\n2. more", "1. **Label:** text\n2. more"},
		{"- item\n  - nested", "- item\n  - nested"},
		{"* star bullet", "- star bullet"},
		{"_it_ ~~s~~ ||spoiler|| `code`", `\_it\_ \~\~s\~\~ \|\|spoiler\|\| ` + "\\`code\\`"},
		{"> quote", `\> quote`},
		{"# heading", `\# heading`},
		{"-# subtext", `\-\# subtext`},
		{"<@123> <#456> <@&789> <t:1:R>", `\<@123\> \<\#456\> \<@&789\> \<t:1:R\>`},
		{"@everyone and @here", "@\u200beveryone and @\u200bhere"},
		{"[docs](https://example.com/a_b)", "[docs](https://example.com/a_b)"},
		{"[free nitro](https://evil.example/x)", `\[free nitro\](https://evil.example/x)`},
		{"[x_y](javascript:alert(1))", `\[x\_y\](javascript:alert(1))`},
		{"see https://example.com/a_b_c now", "see https://example.com/a_b_c now"},
		{`back\slash`, `back\\slash`},
		{"*single*", `\*single\*`},
	}
	for _, c := range cases {
		if got := escapeMarkdown(c.in, allowExample); got != c.want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// allowExample allows links to example.com only, as knowledge.LinkTargets would for a base that has them.
func allowExample(u string) bool { return strings.HasPrefix(u, "https://example.com/") }

func TestKnowledgeLinks(t *testing.T) {
	e := entry("a", "A", "甲")
	e.Texts["en"].Answer = "See [the docs](https://example.org/guide) and [x](http://b.example/p?q=1)."
	allow := knowledge.LinkTargets(knowledge.NewBase([]*knowledge.Entry{e}))
	for u, want := range map[string]bool{"https://example.org/guide": true, "http://b.example/p?q=1": true, "https://evil.example/": false} {
		if allow(u) != want {
			t.Errorf("allow(%q) = %v", u, !want)
		}
	}
	if got := escapeMarkdown("[the docs](https://example.org/guide) [y](https://evil.example/)", allow); got != `[the docs](https://example.org/guide) \[y\](https://evil.example/)` {
		t.Errorf("got %q", got)
	}
}

func TestEscapeInline(t *testing.T) {
	if got := escapeInline("**Risks** & _more_ @everyone"); got != `\*\*Risks\*\* & \_more\_ @`+"\u200b"+`everyone` {
		t.Errorf("escapeInline: %q", got)
	}
}

func FuzzEscapeAndSplit(f *testing.F) {
	for _, s := range []string{"**a** [b](https://c) _d_ \\", "1. x\n\n- y", "😀😀\n\n风", "[a](https://b"} {
		f.Add(s, 50)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 2 || max > 5000 {
			return
		}
		e := escapeMarkdown(s, allowExample)
		if strings.Contains(e, "@everyone") || strings.Contains(e, "@here") {
			t.Fatalf("mass mention survives in %q", e)
		}
		for _, p := range splitText(e, max) {
			if units(p) > max || p == "" {
				t.Fatalf("piece of %d units (max %d)", units(p), max)
			}
		}
		if units(truncate(s, max)) > max {
			t.Fatalf("truncate over max")
		}
	})
}
