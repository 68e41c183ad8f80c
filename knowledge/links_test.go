package knowledge

import "testing"

func TestLinkTargets(t *testing.T) {
	e := &Entry{Slug: "a", Texts: map[Lang]*Text{
		EN: {Title: "A", Answer: "See [the docs](https://example.org/guide) and [x](http://b.example/p?q=1)."},
		ZH: {Title: "甲", Answer: "见 <https://plain.example/> 与 [文档](https://example.org/zh)。"},
	}}
	allow := LinkTargets(NewBase([]*Entry{e}))
	for u, want := range map[string]bool{
		"https://example.org/guide": true, "http://b.example/p?q=1": true, "https://example.org/zh": true,
		"https://plain.example/": false, // not a Markdown link: nothing to keep clickable
		"https://evil.example/":  false,
	} {
		if allow(u) != want {
			t.Errorf("allow(%q) = %v, want %v", u, !want, want)
		}
	}
	if LinkTargets(nil)("https://example.org/guide") {
		t.Error("a nil base allows a link")
	}
}
