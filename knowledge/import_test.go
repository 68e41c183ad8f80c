package knowledge

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

func importSeed(t testing.TB) []*Entry {
	t.Helper()
	f, err := os.Open("testdata/seed-llm-startups.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	entries, err := Import("testdata/seed-llm-startups.md", f)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

func TestImportSeed(t *testing.T) {
	entries := importSeed(t)
	if len(entries) != 20 {
		t.Fatalf("imported %d entries, want 20", len(entries))
	}
	first := entries[0]
	if _, hasEN := first.Texts[EN]; hasEN || first.Texts[ZH] == nil {
		t.Fatalf("first entry languages = %v, want zh only", first.Texts)
	}
	want := &Text{
		Title:       "什么是大模型",
		Question:    "请简述大模型的概念及其在人工智能领域的应用。",
		Answer:      "大模型是指具有数亿甚至数千亿参数的深度学习模型。它们通常基于神经网络架构，如 Transformer，能够在各种任务中实现出色的性能。大模型在图像识别、自然语言处理、推荐系统等领域有广泛应用。",
		Explanation: "大模型具有强大的特征提取能力，可以处理复杂的数据结构，使得模型能够在各种任务中表现出色。它们在训练过程中需要大量数据和计算资源，但能够提供更高的准确率和更低的误差。",
		Aliases:     []string{"什么是大模型"},
	}
	if !reflect.DeepEqual(first.Texts[ZH], want) {
		t.Errorf("first entry =\n%+v\nwant\n%+v", first.Texts[ZH], want)
	}
	// A Chinese heading gives a slug people can type (its pinyin initials); the heading stays
	// the title and an alias, by which the bot still finds the entry.
	if first.Slug != "smsdmx" || first.Source.Line != 5 {
		t.Errorf("slug %q at line %d, want smsdmx at 5", first.Slug, first.Source.Line)
	}
	policy := entries[12].Texts[ZH]
	wantAnswer := "政策建议如下：\n\n1. **政府层面：**\n   - 加大对人工智能领域的投入，支持基础研究和应用创新。"
	if !strings.HasPrefix(policy.Answer, wantAnswer) || !strings.HasSuffix(policy.Answer, "   - 鼓励公众参与人工智能创新创业，提高社会创新活力。") {
		t.Errorf("policy answer lost its nested list:\n%s", policy.Answer)
	}
}

func TestImportLabelVariants(t *testing.T) {
	for _, label := range []string{
		"**答案：** 对。", "**答案:** 对。", "**答案**：对。", "**答案** : 对。", "   **答案：** 对。",
		"**Answer:** 对。", "**answer**: 对。", "** Answer: ** 对。", "**答案：**\n对。", "**答案**\n\n对。",
	} {
		doc := "#### 1. 问？\n\n**题目：** 问题。\n\n" + label + "\n\n**解析：** 因为。\n"
		entries, err := Import("d.md", strings.NewReader(doc))
		if err != nil {
			t.Errorf("%q: %v", label, err)
			continue
		}
		got := entries[0].Texts[ZH]
		if got == nil || got.Answer != "对。" || got.Question != "问题。" || got.Explanation != "因为。" {
			t.Errorf("%q: got %+v", label, got)
		}
	}
}

func TestImportEnglishDocument(t *testing.T) {
	doc := "\ufeff  \r\n# LLM startups\r\n\r\nSome intro that is not an entry.\r\n\r\n" +
		"#### 1. What is an LLM?\r\n\r\n**Question:** Explain LLMs.\r\n\r\n**Answer:** An LLM is:\r\n\r\n" +
		"\t1. **Scale:** many parameters.\r\n\t\t- and lots of data\r\n\t2. Plain item\r\n\r\n" +
		"**Explanation:** Because.\r\n\r\n### Section\r\n\r\n#### 2) What is an LLM\r\n**Answer:** Again.\r\n"
	entries, err := Import("en.md", strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("got %d entries, want 2", len(entries))
	}
	one := entries[0].Texts[EN]
	if one == nil {
		t.Fatalf("languages %v, want en", entries[0].Texts)
	}
	wantAnswer := "An LLM is:\n\n1. **Scale:** many parameters.\n    - and lots of data\n2. Plain item"
	if one.Title != "What is an LLM" || one.Question != "Explain LLMs." || one.Answer != wantAnswer || one.Explanation != "Because." {
		t.Errorf("entry = %#v", one)
	}
	if entries[0].Slug != "what-is-an-llm" || entries[1].Slug != "what-is-an-llm-2" {
		t.Errorf("slugs %q, %q; want what-is-an-llm and what-is-an-llm-2", entries[0].Slug, entries[1].Slug)
	}
	if entries[1].Source.Line != 20 {
		t.Errorf("second entry at line %d, want 20", entries[1].Source.Line)
	}
}

func TestImportTextBeforeLabelsIsKept(t *testing.T) {
	entries, err := Import("d.md", strings.NewReader("#### 1. Topic\n\nJust an answer, no labels.\n\n- one\n- two\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := entries[0].Texts[EN].Answer; got != "Just an answer, no labels.\n\n- one\n- two" {
		t.Errorf("answer = %q", got)
	}
}

func TestMakeSlug(t *testing.T) {
	tests := []struct{ heading, want string }{
		{"What is a Large Model", "what-is-a-large-model"},
		{"大模型的训练过程", "dmxdxlgc"},
		{"什么是手冲咖啡", "smssckf"},
		{"风险", "fengxian"},
		{"融资策略", "rongzicelve"},
		{"AI 医疗：机会与趋势", "ai-yiliao-jhyqs"},
		{"ＧＰＴ－４ 的未来", "gpt-4-deweilai"},
		{"Don't panic!", "dont-panic"},
		{"GPT-4 模型’s future", "gpt-4-moxing-s-future"},
		{"？？？", ""},
		{"Funding strategy for early stage large model startups in Asia and Europe", "funding-strategy-for-early-stage-large"},
		{strings.Repeat("模", 50), strings.Repeat("m", 40)},
		{"Ünïcode Façade", "ünïcode-façade"},
	}
	for _, tt := range tests {
		got := makeSlug(tt.heading)
		if got != tt.want {
			t.Errorf("makeSlug(%q) = %q, want %q", tt.heading, got, tt.want)
		}
		if got != "" && slugProblem(got) != "" {
			t.Errorf("makeSlug(%q) = %q, which Parse rejects: %s", tt.heading, got, slugProblem(got))
		}
	}
}

func TestImportSlugsAreUnique(t *testing.T) {
	doc := "#### 1. ？\n**答案：** 甲\n#### 2. 风险\n**答案：** 乙\n#### 3. 风险？\n**答案：** 丙\n#### 4. 风险!\n**答案：** 丁\n"
	entries, err := Import("d.md", strings.NewReader(doc))
	if err == nil {
		t.Fatalf("an entry with an empty heading was accepted: %v", entries)
	}
	doc = strings.Replace(doc, "#### 1. ？", "#### 1. !!", 1)
	entries, err = Import("d.md", strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Slug)
	}
	if want := []string{"entry-1", "fengxian", "fengxian-2", "fengxian-3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("slugs = %q, want %q", got, want)
	}
}

func TestImportErrors(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"no entries", "# Title\n\nJust prose.\n", `d.md:1: no entries found: want headings such as "#### 1. 什么是大模型？"`},
		{"entry without answer", "#### 1. 风险？\n\n**答案：** 有。\n\n#### 2. 融资？\n\n**题目：** 怎么融资？\n",
			`d.md:5: entry "融资" has no answer: want a **答案：** line`},
		{"English entry without answer", "#### 1. Risks\n\n**Question:** What?\n",
			`d.md:1: entry "Risks" has no answer: want a **Answer:** line`},
		{"invalid UTF-8", "#### 1. 风险？\n\n**答案：** \xff\n", "d.md:3: invalid UTF-8; documents must be UTF-8 text"},
		{"empty heading", "#### 1. ？\n\n**答案：** 有。\n", "d.md:1: entry heading is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Import("d.md", strings.NewReader(tt.doc))
			if err == nil || err.Error() != tt.want {
				t.Errorf("error = %v, want %s", err, tt.want)
			}
		})
	}
}

func TestMarshalRoundTrips(t *testing.T) {
	entries := importSeed(t)
	entries[1].Related = []string{entries[0].Slug}
	entries[1].Texts[EN] = &Text{Title: "Training", Question: "How?", Answer: "Line one.\n\n  - indented: \"quoted\" #not-a-comment\n", Explanation: "", Keywords: []string{"a: b", "- c"}, Examples: []string{"how do we train it?", "# not a comment"}}
	for _, e := range entries[2:] {
		e.Texts[EN] = &Text{Title: "T", Answer: "A"}
	}
	data := Marshal(entries)
	if !strings.Contains(string(data), "answer: |") {
		t.Errorf("multi-line answers are not block scalars:\n%.400s", data)
	}
	back, err := Parse("out.yaml", data)
	if err != nil {
		t.Fatalf("Parse(Marshal(entries)): %v\n%s", err, data)
	}
	entries[1].Texts[EN].Answer = strings.TrimSpace(entries[1].Texts[EN].Answer) // Parse trims text
	for i := range entries {
		back[i].Source = entries[i].Source
		if !reflect.DeepEqual(back[i], entries[i]) {
			t.Errorf("entry %d changed:\n%+v\nwant\n%+v", i, back[i], entries[i])
		}
	}
}

func TestImportHeadingLevels(t *testing.T) {
	doc := "## 第一部分\n\n### 1. 风险？\n\n**答案：** 如下：\n\n#### 1. 技术风险\n\n模型难调。\n\n### 2. 融资？\n\n**答案：** 天使轮。\n\n## 附录\n\n不是条目。\n"
	entries, err := Import("d.md", strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("got %d entries, want 2 (numbered ### headings; the #### one is content)", len(entries))
	}
	if got, want := entries[0].Texts[ZH].Answer, "如下：\n\n#### 1. 技术风险\n\n模型难调。"; got != want {
		t.Errorf("answer = %q, want %q", got, want)
	}
	if got := entries[1].Texts[ZH].Answer; got != "天使轮。" {
		t.Errorf("a section heading did not end the entry: answer = %q", got)
	}
}
