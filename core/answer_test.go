package core

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

func TestAnAnswerShowsTheEntryWithButtons(t *testing.T) {
	r := newRig(t)
	rep := r.say(t, KindCommand, "risks")
	if rep.Title != "Risks and challenges" {
		t.Errorf("title %q", rep.Title)
	}
	if rep.Body != "1. **Technical risk:** models are hard.\n\n**Explanation:** Plan ahead." {
		t.Errorf("body %q", rep.Body)
	}
	if rep.Footer != "risks · /bigmodel risks" {
		t.Errorf("footer %q", rep.Footer)
	}
	if rep.Facts()["slug"] != "risks" || rep.Facts()["score"] != "0.95" || rep.Lang != knowledge.EN {
		t.Errorf("meta %v lang %q", rep.Meta, rep.Lang)
	}
	want := []string{"topic:funding", "topic:culture", "lang:zh:risks", "fb:up:risks", "fb:down:risks"}
	if got := buttonIDs(rep); !slices.Equal(got, want) {
		t.Errorf("buttons %v, want %v", got, want)
	}
	if b, _ := hasButton(rep, "topic:funding"); b.Label != "Funding strategy" || b.Value != "en" {
		t.Errorf("related button %+v", b)
	}
	if b, _ := hasButton(rep, "topic:culture"); b.Label != "企业文化" {
		t.Errorf("related entry without English keeps its Chinese title, got %+v", b)
	}
	if b, _ := hasButton(rep, "lang:zh:risks"); b.Label != "中文" {
		t.Errorf("toggle %+v", b)
	}
	if b, _ := hasButton(rep, "fb:up:risks"); !strings.Contains(b.Label, "Helpful") {
		t.Errorf("feedback %+v", b)
	}
	for _, b := range rep.Buttons {
		if len(b.ID)+len(b.Value) > maxButtonID {
			t.Errorf("button %q too long", b.ID)
		}
	}
}

func TestAChineseQueryGetsAChineseAnswer(t *testing.T) {
	rep := newRig(t).say(t, KindMessage, "融资")
	if rep.Title != "融资策略" || !strings.Contains(rep.Body, "天使轮") || !strings.Contains(rep.Body, "**解析：** 钱很重要。") {
		t.Errorf("got %q\n%s", rep.Title, rep.Body)
	}
	if b, ok := hasButton(rep, "lang:en:funding"); !ok || b.Label != "English" {
		t.Errorf("no English toggle: %v", buttonIDs(rep))
	}
	if b, _ := hasButton(rep, "fb:up:funding"); b.Label != "👍 有帮助" {
		t.Errorf("feedback label %q", b.Label)
	}
}

func TestAnEntryMissingTheLanguageIsShownInTheOneItHas(t *testing.T) {
	rep := newRig(t).say(t, KindCommand, "culture")
	if rep.Title != "企业文化" || rep.Lang != knowledge.ZH || !strings.Contains(rep.Body, "**解析：**") {
		t.Errorf("got %q lang %q\n%s", rep.Title, rep.Lang, rep.Body)
	}
	if _, ok := hasButton(rep, "lang:en:culture"); ok {
		t.Error("offered an English version that does not exist")
	}
}

func TestLowConfidenceAsksDidYouMean(t *testing.T) {
	r := newRig(t)
	rep := r.say(t, KindCommand, "money risk")
	if !strings.Contains(rep.Body, "I'm not sure I know that. Did you mean:") ||
		!strings.Contains(rep.Body, "Funding strategy (funding)") || !strings.Contains(rep.Body, "**topics**") {
		t.Errorf("body:\n%s", rep.Body)
	}
	if got := buttonIDs(rep); !slices.Equal(got, []string{"topic:funding", "topic:risks"}) {
		t.Errorf("buttons %v", got)
	}
	if rep.Facts()["slug"] != "" || rep.Facts()["alternatives"] != "funding,risks" {
		t.Errorf("meta %v", rep.Meta)
	}
	if strings.Contains(rep.Body, "Technical risk") {
		t.Error("did-you-mean showed an entry")
	}
	zh := r.say(t, KindCommand, "钱的风险")
	if !strings.Contains(zh.Body, "你是不是想问") || !strings.Contains(zh.Body, "融资策略（funding）") {
		t.Errorf("zh body:\n%s", zh.Body)
	}
}

func TestOffTopicGetsAPoliteNoAnswerNeverAnEntry(t *testing.T) {
	r := newRig(t)
	for _, q := range []string{"what is the weather in Paris tomorrow", "今天天气怎么样", "lol"} {
		rep := r.say(t, KindCommand, q)
		if rep.Facts()["slug"] != "" || strings.Contains(rep.Body, "Technical risk") || strings.Contains(rep.Body, "天使轮") {
			t.Errorf("%q got an entry: %+v", q, rep)
		}
		// In Chinese the topics are named in Chinese (a short alias, else the title), not by
		// their English slugs.
		topics := "risks · funding · culture"
		if rep.Lang == knowledge.ZH {
			topics = "风险 · 融资策略 · 企业文化"
		}
		if !strings.Contains(rep.Body, topics) {
			t.Errorf("%q: no-answer does not list the topics as %q:\n%s", q, topics, rep.Body)
		}
		if len(rep.Buttons) != 0 {
			t.Errorf("%q: buttons %v", q, buttonIDs(rep))
		}
	}
	zh := r.say(t, KindMessage, "今天天气怎么样")
	if !strings.Contains(zh.Body, "抱歉，我没有关于“今天天气怎么样”的答案") {
		t.Errorf("zh no-answer:\n%s", zh.Body)
	}
}

func TestEchoedUserTextIsShortAndNeverTheTitle(t *testing.T) {
	long := strings.Repeat("weather ", 200)
	rep := newRig(t).say(t, KindMessage, long+"<!channel> @everyone")
	if strings.Contains(rep.Title, "weather") {
		t.Errorf("title echoes user text: %q", rep.Title)
	}
	start := strings.Index(rep.Body, "“")
	end := strings.Index(rep.Body, "”")
	if start < 0 || end < start {
		t.Fatalf("no quoted echo in %q", rep.Body)
	}
	if n := len([]rune(rep.Body[start:end])); n > maxEcho+2 {
		t.Errorf("echo is %d runes", n)
	}
	for _, bad := range []string{"<!channel>", "@everyone"} {
		if strings.Contains(rep.Text(), bad) {
			t.Errorf("reply repeats %q", bad)
		}
	}
}

func TestWithoutASearcherTheBotStillAnswersSafely(t *testing.T) {
	b := New(Options{Base: testBase()})
	rep, err := b.Handle(context.Background(), Request{Kind: KindMessage, Text: "risks"})
	if err != nil || rep.Facts()["slug"] != "" || rep.Title == "" {
		t.Errorf("got %+v, %v", rep, err)
	}
	empty := New(Options{})
	if rep, err := empty.Handle(context.Background(), Request{Kind: KindCommand, Text: "topics"}); err != nil || rep.Empty() {
		t.Errorf("topics on an empty bot: %+v, %v", rep, err)
	}
}

// TestSmallTalkGetsAShortReplyInTheUsersLanguage: greetings, thanks and questions about the
// bot are answered briefly, in the user's language, with how to ask; no entry, no topic list.
func TestSmallTalkGetsAShortReplyInTheUsersLanguage(t *testing.T) {
	bot := shippedBot(t)
	say := func(q string) Reply {
		rep, err := bot.Handle(context.Background(), Request{Platform: "test", Channel: "C1", User: "U1", Kind: KindMessage, Text: q})
		if err != nil {
			t.Fatalf("Handle(%q): %v", q, err)
		}
		return rep
	}
	tests := []struct {
		q, intent, want string
		lang            knowledge.Lang
	}{
		{"hi", "greeting", "Ask me a question", knowledge.EN},
		{"hey there 👋", "greeting", "Ask me a question", knowledge.EN},
		{"good morning everyone", "greeting", "Ask me a question", knowledge.EN},
		{"thanks!", "thanks", "You're welcome", knowledge.EN},
		{"who are you?", "identity", "I'm a bot", knowledge.EN},
		{"what can you do", "abilities", "I answer questions", knowledge.EN},
		{"你好", "greeting", "直接问我", knowledge.ZH},
		{"谢谢", "thanks", "不客气", knowledge.ZH},
		{"你是谁", "identity", "问答机器人", knowledge.ZH},
		{"你能做什么？", "abilities", "我可以", knowledge.ZH},
	}
	for _, tt := range tests {
		rep := say(tt.q)
		if rep.Facts()["slug"] != SmallTalkSlug || rep.Facts()["small_talk"] != tt.intent {
			t.Errorf("%q: meta %v, want small talk %q", tt.q, rep.Meta, tt.intent)
		}
		if !strings.Contains(rep.Body, tt.want) || rep.Lang != tt.lang {
			t.Errorf("%q: %s reply %q, want it to say %q", tt.q, rep.Lang, rep.Body, tt.want)
		}
		if strings.Contains(rep.Body, "Sorry") || strings.Contains(rep.Body, "抱歉") || len(rep.Buttons) != 0 {
			t.Errorf("%q: small talk answered as a miss: %+v", tt.q, rep)
		}
	}
	// A greeting around a question is no small talk: the question is answered.
	if rep := say("hi! what are the risks?"); rep.Facts()["slug"] != "risks" {
		t.Errorf("a question after a greeting: meta %v", rep.Meta)
	}
}
