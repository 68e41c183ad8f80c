package core

import (
	"context"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

func TestHelpExamplesAreTypedTheWayTheUserAsked(t *testing.T) {
	tests := []struct {
		name      string
		req       Request
		want      []string
		notWanted []string
	}{
		{"slash command in a channel", Request{Kind: KindCommand, Text: "help"},
			[]string{"**/bigmodel risks**", "**/bigmodel ask funding strategy**", "**/bigmodel lang zh**", `"share"`}, nil},
		{"direct message", Request{Kind: KindMessage, DM: true, Text: "help"},
			[]string{"**risks**", "**ask funding strategy**", "**answer B**"}, []string{"/bigmodel", "share"}},
		{"mention", Request{Kind: KindMention, Text: "help"},
			[]string{"**lang zh**"}, []string{"/bigmodel", "share"}},
		{"slash command in a DM", Request{Kind: KindCommand, DM: true, Text: "help"},
			[]string{"**/bigmodel risks**"}, []string{"share"}},
		{"Chinese", Request{Kind: KindCommand, Text: "帮助"},
			[]string{"**/bigmodel 风险**", "**/bigmodel 问 融资策略**", "**/bigmodel 语言 英文**", "**/bigmodel 回答 B**", "分享"}, []string{"raise money"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Platform, tt.req.User, tt.req.Channel = "test", "U1", "C1"
			rep, err := newRig(t).bot.Handle(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(rep.Body, w) {
					t.Errorf("help lacks %q:\n%s", w, rep.Body)
				}
			}
			for _, w := range tt.notWanted {
				if strings.Contains(rep.Body, w) {
					t.Errorf("help has %q:\n%s", w, rep.Body)
				}
			}
		})
	}
}

func TestHelpAndRefusalsNameTheSubjectOnlyWhenTold(t *testing.T) {
	about := map[knowledge.Lang]string{knowledge.EN: "starting a large-model (LLM) company", knowledge.ZH: "大模型创业"}
	tests := []struct {
		name  string
		about map[knowledge.Lang]string
		text  string
		want  string
	}{
		{"help with a subject", about, "help", "I answer questions about starting a large-model (LLM) company. Ask in English or Chinese."},
		{"Chinese help with a subject", about, "帮助", "我可以回答关于大模型创业的问题。中文、英文提问都可以。"},
		{"refusal with a subject", about, "what is the weather", "I only know about starting a large-model (LLM) company."},
		{"Chinese refusal with a subject", about, "今天天气怎么样", "我只了解大模型创业相关的话题。"},
		{"a team's base: help", nil, "help", "I answer questions from my knowledge base. Ask in English or Chinese."},
		{"a team's base: refusal", nil, "what is the weather", "I only know the topics below."},
		{"a team's base: Chinese refusal", nil, "今天天气怎么样", "我只了解下面这些话题。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := New(Options{Base: testBase(), Search: newFakeSearch(testBase()), About: tt.about})
			rep, err := b.Handle(context.Background(), Request{Kind: KindCommand, Text: tt.text})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(rep.Body, tt.want) {
				t.Errorf("%q: want %q in\n%s", tt.text, tt.want, rep.Body)
			}
			if tt.about == nil && strings.Contains(rep.Body, "large-model") {
				t.Errorf("%q names the shipped subject for a team's base:\n%s", tt.text, rep.Body)
			}
		})
	}
}

func TestHelpForAOneLanguageBaseDoesNotPromiseTwo(t *testing.T) {
	base := knowledge.NewBase([]*knowledge.Entry{{Slug: "laptops", Texts: map[knowledge.Lang]*knowledge.Text{
		knowledge.EN: {Title: "How new hires get a laptop", Answer: "Ask IT."},
	}}})
	rep, err := New(Options{Base: base, Search: newFakeSearch(base)}).Handle(context.Background(), Request{Kind: KindMessage, Text: "help"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(rep.Body, "Ask in English or Chinese") || !strings.Contains(rep.Body, "**ask how new hires get a laptop**") {
		t.Errorf("help for an English-only base:\n%s", rep.Body)
	}
}

func TestAnUnknownLanguageGetsTheChoices(t *testing.T) {
	tests := []struct{ text, want string }{
		{"lang fr", "I can answer in English or Chinese, not “fr”."},
		{"lang klingon", "lang zh"},
		{"LANG de-DE", "not “de-DE”"},
		{"语言 法语", "我只能用中文或英文回答，不支持“法语”。"},
	}
	for _, tt := range tests {
		r := newRig(t)
		rep := r.say(t, KindCommand, tt.text)
		if !strings.Contains(rep.Body, tt.want) || rep.Facts()["slug"] != "" {
			t.Errorf("%q: want %q in %q", tt.text, tt.want, rep.Body)
		}
		if r.search.last() != "" {
			t.Errorf("%q was searched as a question", tt.text)
		}
	}
	if rep := newRig(t).say(t, KindCommand, "lang models and their risks"); strings.Contains(rep.Body, "English or Chinese") {
		t.Errorf("a question starting with lang got the language choices: %q", rep.Body)
	}
}

func TestAnAnswerThatIsNoChoiceGetsTheChoices(t *testing.T) {
	for _, text := range []string{"answer E", "answer 5", "回答 X"} {
		r := newRig(t)
		rep := r.say(t, KindCommand, text)
		if !strings.Contains(rep.Body, "answer A") && !strings.Contains(rep.Body, "回答 A") {
			t.Errorf("%q: %q", text, rep.Body)
		}
		if r.search.last() != "" || len(r.quiz.cmds) != 0 {
			t.Errorf("%q was searched or sent to the quiz", text)
		}
	}
	if rep := newRig(t).say(t, KindCommand, "answer questions about funding"); strings.Contains(rep.Body, "one letter") {
		t.Errorf("a question starting with answer got the quiz choices: %q", rep.Body)
	}
}

func TestReplyTextUsesTheColonOfItsLanguage(t *testing.T) {
	zh := Reply{Title: "测验排行榜", Fields: []Field{{Name: "本周", Value: "1. you: 1/1"}}, Lang: knowledge.ZH}
	en := Reply{Title: "Quiz leaderboard", Fields: []Field{{Name: "This week", Value: "1. you: 1/1"}}, Lang: knowledge.EN}
	if !strings.Contains(zh.Text(), "本周：1. you") || !strings.Contains(en.Text(), "This week: 1. you") {
		t.Errorf("zh %q en %q", zh.Text(), en.Text())
	}
}
