package quiz_test

import (
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

func embedded(t testing.TB) *knowledge.Base {
	t.Helper()
	b, err := knowledge.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBankFromShippedBase(t *testing.T) {
	b := embedded(t)
	bank := quiz.NewBank(b)
	kinds := map[string]int{}
	for _, id := range bank.IDs() {
		kinds[strings.SplitN(id, ":", 2)[0]]++
	}
	if kinds[quiz.KindOpen] != len(b.Entries) || kinds[quiz.KindTopic] != len(b.Entries) || kinds[quiz.KindPoint] < 50 {
		t.Fatalf("question kinds = %v for %d entries", kinds, len(b.Entries))
	}
	again := quiz.NewBank(b)
	if strings.Join(again.IDs(), ",") != strings.Join(bank.IDs(), ",") {
		t.Fatal("two banks of one base differ")
	}
	for _, id := range bank.IDs() {
		en, err := bank.Question(id, knowledge.EN)
		if err != nil {
			t.Fatal(err)
		}
		zh, err := bank.Question(id, knowledge.ZH)
		if err != nil {
			t.Fatal(err)
		}
		if en.Prompt == "" || zh.Prompt == "" || en.Prompt == zh.Prompt {
			t.Errorf("%s: prompts %q / %q", id, en.Prompt, zh.Prompt)
		}
		if en.Choice() != zh.Choice() || (en.Kind != quiz.KindOpen) != en.Choice() {
			t.Errorf("%s: choice question in one language only", id)
		}
		if !en.Choice() {
			continue
		}
		seen := map[string]bool{}
		for _, o := range en.Options {
			if o == "" || seen[o] {
				t.Errorf("%s: empty or repeated option in %q", id, en.Options)
			}
			seen[o] = true
		}
		e, _ := b.Entry(en.Slug)
		if en.Kind == quiz.KindPoint {
			// The distractors must not be true of the entry as well, in either language.
			for _, lang := range []knowledge.Lang{knowledge.EN, knowledge.ZH} {
				q := en
				if lang == knowledge.ZH {
					q = zh
				}
				for _, p := range e.Texts[lang].Points() {
					for _, d := range q.Options[1:] {
						if strings.EqualFold(p.Label, d) {
							t.Errorf("%s: distractor %q is one of the entry's own points", id, d)
						}
					}
				}
			}
		}
	}
}

func TestShuffledIsStableAndKeepsTheAnswer(t *testing.T) {
	bank := quiz.NewBank(embedded(t))
	q, err := bank.Question("pt:risks:1", knowledge.EN)
	if err != nil {
		t.Fatal(err)
	}
	positions := map[int]bool{}
	for post := int64(1); post <= 40; post++ {
		opts, correct := q.Shuffled(post)
		again, c2 := q.Shuffled(post)
		if strings.Join(opts, "|") != strings.Join(again, "|") || correct != c2 {
			t.Fatal("the same post shuffles differently")
		}
		if opts[correct] != q.Options[0] {
			t.Fatalf("post %d: correct index %d points at %q, want %q", post, correct, opts[correct], q.Options[0])
		}
		positions[correct] = true
	}
	if len(positions) < 3 {
		t.Errorf("the answer sits in only %d positions over 40 posts", len(positions))
	}
}

func TestSmallBasesSkipWhatTheyCannotAsk(t *testing.T) {
	one := `entries:
  - slug: only
    en:
      title: Only topic
      question: What is it?
      answer: |
        It is:

        1. **One:** first.
        2. **Two:** second.
      explanation: Because.
`
	es, err := knowledge.Parse("one.yaml", []byte(one))
	if err != nil {
		t.Fatal(err)
	}
	bank := quiz.NewBank(knowledge.NewBase(es))
	// Two points but no other entry to draw distractors from, and fewer than four topics: only
	// the open question is honest.
	if got := strings.Join(bank.IDs(), ","); got != "open:only" {
		t.Fatalf("ids = %s, want open:only", got)
	}
	if _, err := bank.Question("pt:only:0", knowledge.EN); err == nil {
		t.Error("a skipped point question can still be built")
	}
	for _, bad := range []string{"", "pt:", "pt:only:99", "pt:only:-1", "topic:none", "open:none", "x:y:z"} {
		if _, err := bank.Question(bad, knowledge.EN); err == nil {
			t.Errorf("Question(%q) gave no error", bad)
		}
	}
}

func TestDistractorsAreNotTrueOfTheEntry(t *testing.T) {
	entry := func(slug, related string, labels ...string) string {
		s := "  - slug: " + slug + "\n"
		if related != "" {
			s += "    related: [" + related + "]\n"
		}
		s += "    en:\n      title: T " + slug + "\n      question: Q?\n      explanation: E.\n      answer: |\n        Points:\n\n"
		for i, l := range labels {
			s += "        " + string(rune('1'+i)) + ". **" + l + ":** text.\n"
		}
		return s
	}
	doc := "entries:\n" +
		entry("a", "", "Cost risk", "Data security") +
		entry("b", "", "Market risks", "Hiring") + // shares "risk" with a
		entry("c", "", "Cost control", "Branding") + // shares "cost" with a
		entry("d", "", "Data Security!", "Office space") + // a's own label, punctuated
		entry("e", "a", "Partnerships", "Pricing") + // related to a
		entry("f", "", "Team culture", "Hardware", "Legal counsel")
	es, err := knowledge.Parse("t.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	bank := quiz.NewBank(knowledge.NewBase(es))
	allowed := map[string]bool{"Hiring": true, "Branding": true, "Office space": true, "Team culture": true, "Hardware": true, "Legal counsel": true}
	for _, id := range []string{"pt:a:0", "pt:a:1"} {
		q, err := bank.Question(id, knowledge.EN)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		for _, d := range q.Options[1:] {
			if !allowed[d] {
				t.Errorf("%s: distractor %q overlaps the entry or comes from a related one", id, d)
			}
		}
	}
}

func TestChineseOnlyBaseAsksInChinese(t *testing.T) {
	doc := "entries:\n"
	for _, slug := range []string{"a", "b", "c", "d"} {
		doc += "  - slug: " + slug + "\n    zh:\n      title: 话题" + slug + "\n      question: 问题" + slug + "？\n" +
			"      explanation: 解释" + slug + "。\n      answer: |\n        要点：\n\n" +
			"        1. **甲" + slug + "乙：** 内容。\n        2. **丙" + slug + "丁：** 内容。\n"
	}
	es, err := knowledge.Parse("zh.yaml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	bank := quiz.NewBank(knowledge.NewBase(es))
	kinds := map[string]int{}
	for _, id := range bank.IDs() {
		kinds[strings.SplitN(id, ":", 2)[0]]++
	}
	if kinds[quiz.KindPoint] != 8 || kinds[quiz.KindTopic] != 4 || kinds[quiz.KindOpen] != 4 {
		t.Fatalf("kinds = %v", kinds)
	}
	q, err := bank.Question("pt:a:0", knowledge.EN)
	if err != nil || q.Lang != knowledge.ZH || !strings.Contains(q.Prompt, "话题a") {
		t.Errorf("English request on a Chinese base: %+v, %v", q, err)
	}
}
