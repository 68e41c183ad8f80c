package knowledge

import (
	"os"
	"strings"
	"testing"
)

func TestMarkdownShowsEverySeedLine(t *testing.T) {
	doc, err := os.ReadFile("testdata/seed-llm-startups.md")
	if err != nil {
		t.Fatal(err)
	}
	chunks := seedChunks(string(doc))
	imported := importSeed(t)
	base, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for i, lines := range chunks {
		for name, e := range map[string]*Entry{"imported": imported[i], "embedded": base.Entries[i]} {
			md := e.Markdown(ZH)
			if !strings.HasPrefix(md, "# "+e.Texts[ZH].Title+"\n") {
				t.Errorf("%s %s: first line of %q is not the title", name, e.Slug, md[:min(len(md), 40)])
			}
			body := flatten(md)
			for _, l := range lines {
				if !strings.Contains(body, flatten(l)) {
					t.Errorf("%s %s: Markdown lacks seed line %q", name, e.Slug, l)
					break
				}
			}
		}
	}
}

func TestMarkdownLabelsAndFallback(t *testing.T) {
	e := &Entry{Slug: "risks", Texts: map[Lang]*Text{
		EN: {Title: "Risks", Question: "What are they?", Answer: "1. **Cost:** high.\n2. **Data:** scarce.", Explanation: "Plan ahead."},
	}}
	want := "# Risks\n\n**Question:** What are they?\n\n**Answer:**\n\n1. **Cost:** high.\n2. **Data:** scarce.\n\n**Explanation:** Plan ahead.\n"
	if got := e.Markdown(EN); got != want {
		t.Errorf("Markdown(en) =\n%s\nwant\n%s", got, want)
	}
	// Asked for Chinese, the entry has only English: it is shown, labelled, in English.
	if got := e.Markdown(ZH); got != want {
		t.Errorf("Markdown(zh) of an en-only entry =\n%s\nwant\n%s", got, want)
	}
	zh := &Entry{Slug: "x", Texts: map[Lang]*Text{ZH: {Title: "风险\n与挑战", Answer: "有。"}}}
	if got, want := zh.Markdown(ZH), "# 风险 与挑战\n\n**答案：** 有。\n"; got != want {
		t.Errorf("Markdown(zh) = %q, want %q", got, want)
	}
}
