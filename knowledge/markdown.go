package knowledge

import (
	"strings"
)

// sectionLabels are the labels Markdown writes, per language.
var sectionLabels = map[Lang][3]string{
	ZH: {"**问题：**", "**答案：**", "**解析：**"},
	EN: {"**Question:**", "**Answer:**", "**Explanation:**"},
}

// Markdown renders the entry for `bot kb show`: "# Title" first, then the question, the
// answer and the explanation, labelled in the language shown. An entry without lang is
// shown in the language it has.
func (e *Entry) Markdown(lang Lang) string {
	t, got := e.In(lang)
	labels, ok := sectionLabels[got]
	if !ok {
		labels = sectionLabels[EN]
	}
	var b strings.Builder
	b.WriteString("# ")
	b.WriteString(strings.Join(strings.Fields(t.Title), " "))
	b.WriteString("\n")
	for i, text := range []string{t.Question, t.Answer, t.Explanation} {
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		b.WriteString("\n")
		b.WriteString(labels[i])
		// A label on the same line as a list would turn the list's first item into prose.
		if first, _, _ := strings.Cut(text, "\n"); itemRe.MatchString(first) {
			b.WriteString("\n\n")
		} else {
			b.WriteString(" ")
		}
		b.WriteString(text)
		b.WriteString("\n")
	}
	return b.String()
}
