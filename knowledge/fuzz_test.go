package knowledge

import (
	"bytes"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

var errLineRe = regexp.MustCompile(`^(f\.yaml|d\.md):\d+: \S|^too many errors`)

// checkErrors holds every reported problem to the "file:line: message" form.
func checkErrors(t *testing.T, err error) {
	t.Helper()
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("error is %T (%v), want Errors", err, err)
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		if !errLineRe.MatchString(line) {
			t.Fatalf("error line %q is not file:line: message", line)
		}
	}
}

// checkRoundTrip holds Marshal to its promise: Parse reads back what it wrote.
func checkRoundTrip(t *testing.T, entries []*Entry) {
	t.Helper()
	data := Marshal(entries)
	back, err := Parse("f.yaml", data)
	if err != nil {
		t.Fatalf("Parse(Marshal(entries)): %v\n%s", err, data)
	}
	if len(back) != len(entries) {
		t.Fatalf("round trip: %d entries, want %d", len(back), len(entries))
	}
	for i := range entries {
		back[i].Source = entries[i].Source
		if !reflect.DeepEqual(back[i], entries[i]) {
			t.Fatalf("round trip changed entry %d:\n%#v\nwant\n%#v\nyaml:\n%s", i, back[i], entries[i], data)
		}
	}
}

func FuzzImport(f *testing.F) {
	// Small seeds keep each run fast: the fuzzer minimises every new input it finds, and
	// minimising a copy of the whole seed document takes most of a short fuzzing session.
	f.Add([]byte("  \n\n### 主题：技术突破\n\n#### 1. 什么是大模型？\n\n**题目：** 请简述。\n\n**答案：** 大模型是指……\n\n**解析：** 大模型具有……\n"))
	f.Add([]byte("#### 13. 政策建议？\n\n**答案：** 如下：\n\n1. **政府层面：**\n   - 加大投入。\n   - 制定法规。\n\n2. **企业层面：**\n   - 创新。\n"))
	f.Add([]byte("#### 1. What?\n**Question:** q\n**Answer:** 1. **A:** b\n   - c\n**Explanation:** e\n"))
	f.Add([]byte("#### 1. ？\n**答案**：x\n#### 2. 风险\n\n"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		entries, err := Import("d.md", bytes.NewReader(doc))
		if err != nil {
			checkErrors(t, err)
			return
		}
		slugs := map[string]bool{}
		for _, e := range entries {
			if slugs[e.Slug] || slugProblem(e.Slug) != "" {
				t.Fatalf("slug %q is repeated or invalid: %s", e.Slug, slugProblem(e.Slug))
			}
			slugs[e.Slug] = true
			if len(e.Texts) != 1 {
				t.Fatalf("entry %q has %d languages, want the document's one", e.Slug, len(e.Texts))
			}
			for _, text := range e.Texts {
				if text.Title == "" || text.Answer == "" {
					t.Fatalf("entry %q has an empty title or answer: %+v", e.Slug, text)
				}
				text.Points()
			}
			e.Markdown(EN)
		}
		checkRoundTrip(t, entries)
	})
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("entries:\n  - slug: policy\n    zh:\n      title: 政策建议\n      answer: |\n        如下：\n\n        1. **政府层面：**\n           - 加大投入。\n      aliases: [政策]\n"))
	f.Add([]byte("entries:\n  - slug: a\n    title: [unclosed\n"))
	f.Add([]byte("entries:\n  - &x\n    slug: a\n  - *x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := Parse("f.yaml", data)
		if err != nil {
			checkErrors(t, err)
			return
		}
		for _, e := range entries {
			for _, text := range e.Texts {
				text.Points()
			}
			e.Markdown(ZH)
		}
		checkRoundTrip(t, entries)
	})
}
