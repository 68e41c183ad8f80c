package knowledge

import (
	"errors"
	"strings"
	"testing"
)

// good is a minimal valid knowledge file, for tests to break in one place at a time.
const good = `entries:
  - slug: risks
    related: [funding]
    zh:
      title: 风险
      answer: 技术风险。
    en:
      title: Risks
      answer: Technical risk.
  - slug: funding
    en:
      title: Funding
      answer: Angel round.
    zh:
      title: 融资
      answer: 天使轮。
`

func TestParseReportsFileLine(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []string // every error line, in order
	}{
		{"unclosed flow list", "entries:\n  - slug: a\n    title: [unclosed\n",
			[]string{"f.yaml:3: YAML syntax: did not find expected ',' or ']'"}},
		{"tab indentation", "entries:\n\t- slug: a\n",
			[]string{"f.yaml:2: tabs are not allowed for indentation in YAML; use spaces"}},
		{"tab after spaces", "entries:\n  - slug: a\n\t  zh: {title: x}\n",
			[]string{"f.yaml:3: tabs are not allowed for indentation in YAML; use spaces"}},
		{"unterminated string", "entries:\n  - slug: \"a\n",
			[]string{"f.yaml:2: YAML syntax: found unexpected end of stream"}},
		{"typo in text key", strings.Replace(good, "      title: Risks", "      titel: Risks", 1),
			[]string{`f.yaml:8: unknown key "titel"; did you mean "title"?`, "f.yaml:8: en has no title"}},
		{"typo in entry key", strings.Replace(good, "    related:", "    relatd:", 1),
			[]string{`f.yaml:3: unknown key "relatd"; did you mean "related"?`}},
		{"unknown top-level key", "version: 2\n" + good,
			[]string{`f.yaml:1: unknown key "version" (want one of entries, about)`}},
		{"missing slug", strings.Replace(good, "  - slug: funding\n    en:", "  - en:", 1),
			[]string{"f.yaml:10: entry has no slug"}},
		{"slug with space", strings.Replace(good, "slug: funding", "slug: fund raising", 1),
			[]string{`f.yaml:10: slug "fund raising" may hold only letters, digits and "-"`}},
		{"slug with capitals", strings.Replace(good, "slug: funding", "slug: Funding", 1),
			[]string{`f.yaml:10: slug "Funding" has capitals; slugs are lowercase`}},
		{"empty slug", strings.Replace(good, "slug: funding", "slug: ''", 1),
			[]string{"f.yaml:10: slug is empty"}},
		{"duplicate slug", strings.Replace(good, "slug: funding", "slug: risks", 1),
			[]string{`f.yaml:10: duplicate slug "risks" (first defined at f.yaml:2)`}},
		{"empty title", strings.Replace(good, "title: 融资", "title: ' '", 1),
			[]string{"f.yaml:15: zh.title is empty"}},
		{"empty answer", strings.Replace(good, "answer: Angel round.", "answer: |\n        \n", 1),
			[]string{"f.yaml:13: en.answer is empty"}},
		{"aliases not a list", strings.Replace(good, "answer: Technical risk.", "answer: Technical risk.\n      aliases: risk", 1),
			[]string{`f.yaml:10: en.aliases: want a list, such as [a, b], got text "risk"`}},
		{"missing answer", strings.Replace(good, "      answer: 天使轮。\n", "", 1),
			[]string{"f.yaml:15: zh has no answer"}},
		{"answer is a list", strings.Replace(good, "answer: 天使轮。", "answer: [a, b]", 1),
			[]string{"f.yaml:16: zh.answer: want text, got a list"}},
		{"unknown language", strings.Replace(good, "    en:\n      title: Funding", "    fr:\n      title: Funding", 1),
			[]string{`f.yaml:11: unknown key "fr" (want one of slug, related, zh, en)`}},
		{"entry without text", "entries:\n  - slug: a\n",
			[]string{`f.yaml:2: entry "a" has no text: add zh: or en: with a title and an answer`}},
		{"entries not a list", "entries: risks\n",
			[]string{`f.yaml:1: entries: want a list of entries, got text "risks"`}},
		{"document not a mapping", "- slug: a\n",
			[]string{`f.yaml:1: want a mapping with an "entries" list, got a list`}},
		{"duplicate key", strings.Replace(good, "      answer: 技术风险。\n", "      answer: 技术风险。\n      answer: 又一个。\n", 1),
			[]string{`f.yaml:7: duplicate key "answer" (first at line 6)`}},
		{"alias", "entries:\n  - &x\n    slug: a\n    en: {title: A, answer: B}\n  - *x\n",
			[]string{"f.yaml:5: entry: want a mapping with slug, zh and en, got an alias"}},
		{"two documents", good + "---\nentries: []\n",
			[]string{`f.yaml:17: a knowledge file holds one YAML document; remove the second "---"`}},
		{"invalid UTF-8", good + "# \xff\xfe\n",
			[]string{"f.yaml:17: invalid UTF-8 or control character; knowledge files are UTF-8 text"}},
		{"NUL byte", "entries:\n  - slug: a\x00\n",
			[]string{"f.yaml:2: invalid UTF-8 or control character; knowledge files are UTF-8 text"}},
		{"errors sorted by line", strings.Replace(strings.Replace(good, "title: Funding", "titl: Funding", 1), "title: 风险", "title: ''", 1),
			[]string{"f.yaml:5: zh.title is empty", `f.yaml:12: unknown key "titl"; did you mean "title"?`, "f.yaml:12: en has no title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tt.data))
			if err == nil {
				t.Fatalf("Parse accepted the file, want %q", tt.want)
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("error is %T, want Errors", err)
			}
			if got := strings.Split(err.Error(), "\n"); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", err, strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestParseReadsEntries(t *testing.T) {
	entries, err := Parse("f.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("got %d entries, want 2", len(entries))
	}
	e := entries[0]
	if e.Slug != "risks" || e.Source != (Pos{File: "f.yaml", Line: 2}) || len(e.Related) != 1 || e.Related[0] != "funding" {
		t.Errorf("entry = %+v", e)
	}
	if e.Texts[ZH].Title != "风险" || e.Texts[EN].Answer != "Technical risk." {
		t.Errorf("texts = %+v %+v", e.Texts[ZH], e.Texts[EN])
	}
}

func TestParseEmptyFileHasNoEntries(t *testing.T) {
	for _, data := range []string{"", "# only a comment\n", "entries:\n", "entries: []\n"} {
		entries, err := Parse("f.yaml", []byte(data))
		if err != nil || len(entries) != 0 {
			t.Errorf("Parse(%q) = %d entries, %v; want none and no error", data, len(entries), err)
		}
	}
}

func TestErrorsAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("entries:\n")
	for range 200 {
		b.WriteString("  - slug: Bad Slug\n    en: {title: A, answer: B}\n")
	}
	_, err := Parse("f.yaml", []byte(b.String()))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("error is %T, want Errors", err)
	}
	if len(es) != maxErrors+1 || !strings.HasPrefix(es[len(es)-1].Msg, "too many errors") {
		t.Errorf("got %d errors ending %q, want %d and a note", len(es), es[len(es)-1], maxErrors+1)
	}
}
