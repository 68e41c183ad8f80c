package core

import (
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

func TestQuizCommandsAreParsedInBothLanguages(t *testing.T) {
	tests := []struct {
		text string
		want QuizCommand
		lang knowledge.Lang
	}{
		{"quiz", QuizCommand{Name: "quiz"}, knowledge.EN},
		{"quiz now", QuizCommand{Name: "quiz"}, knowledge.EN},
		{"QUIZ NOW", QuizCommand{Name: "quiz"}, knowledge.EN},
		{"ｑｕｉｚ", QuizCommand{Name: "quiz"}, knowledge.EN},
		{"测验", QuizCommand{Name: "quiz"}, knowledge.ZH},
		{"答题", QuizCommand{Name: "quiz"}, knowledge.ZH},
		{"测验 现在", QuizCommand{Name: "quiz"}, knowledge.ZH},
		{"answer B", QuizCommand{Name: "answer", Args: "B"}, knowledge.EN},
		{"answer b", QuizCommand{Name: "answer", Args: "B"}, knowledge.EN},
		{"answer Ｃ", QuizCommand{Name: "answer", Args: "C"}, knowledge.EN},
		{"answer 4", QuizCommand{Name: "answer", Args: "D"}, knowledge.EN},
		{"quiz answer A", QuizCommand{Name: "answer", Args: "A"}, knowledge.EN},
		{"回答 A", QuizCommand{Name: "answer", Args: "A"}, knowledge.ZH},
		{"回答B", QuizCommand{Name: "answer", Args: "B"}, knowledge.ZH},
		{"答案 C", QuizCommand{Name: "answer", Args: "C"}, knowledge.ZH},
		{"leaderboard", QuizCommand{Name: "leaderboard"}, knowledge.EN},
		{"quiz leaderboard", QuizCommand{Name: "leaderboard"}, knowledge.EN},
		{"排行榜", QuizCommand{Name: "leaderboard"}, knowledge.ZH},
		{"quiz subscribe weekdays 09:30 Asia/Shanghai", QuizCommand{Name: "subscribe", Args: "weekdays 09:30 Asia/Shanghai"}, knowledge.EN},
		{"quiz subscribe @every 2s", QuizCommand{Name: "subscribe", Args: "@every 2s"}, knowledge.EN},
		{"subscribe 09:00", QuizCommand{Name: "subscribe", Args: "09:00"}, knowledge.EN},
		{"测验 订阅 每天 09:00", QuizCommand{Name: "subscribe", Args: "每天 09:00"}, knowledge.ZH},
		{"订阅 09:00", QuizCommand{Name: "subscribe", Args: "09:00"}, knowledge.ZH},
		{"quiz unsubscribe", QuizCommand{Name: "unsubscribe"}, knowledge.EN},
		{"取消订阅", QuizCommand{Name: "unsubscribe"}, knowledge.ZH},
		{"测验 取消订阅", QuizCommand{Name: "unsubscribe"}, knowledge.ZH},
		{"测验取消订阅", QuizCommand{Name: "unsubscribe"}, knowledge.ZH},
		{"quiz status", QuizCommand{Name: "status"}, knowledge.EN},
		{"测验 状态", QuizCommand{Name: "status"}, knowledge.ZH},
		{"quiz frobnicate", QuizCommand{Name: "quiz", Args: "frobnicate"}, knowledge.EN},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := newRig(t)
			rep := r.say(t, KindCommand, tt.text)
			if len(r.quiz.cmds) != 1 {
				t.Fatalf("quiz got %d commands, want 1 (reply %q)", len(r.quiz.cmds), rep.Text())
			}
			if r.quiz.cmds[0] != tt.want {
				t.Errorf("quiz command = %+v, want %+v", r.quiz.cmds[0], tt.want)
			}
			if r.quiz.langs[0] != tt.lang {
				t.Errorf("quiz lang = %q, want %q", r.quiz.langs[0], tt.lang)
			}
		})
	}
}

func TestWordsThatLookLikeCommandsStayQuestions(t *testing.T) {
	tests := []struct{ text, query string }{
		{"语言模型是什么", "语言模型是什么"},
		{"language models and their risks", "language models and their risks"},
		{"language engineering", "language engineering"},
		{"answer to how we raise money", "answer to how we raise money"},
		{"回答一下融资问题", "回答一下融资问题"},
		{"help me raise money", "help me raise money"},
		{"帮助我了解融资", "帮助我了解融资"},
		{"问题是什么", "问题是什么"},
		{"订阅制商业模式", "订阅制商业模式"},
		{"topic risks", "risks"},
		{"话题 融资", "融资"},
		{"ask how do we raise money?", "how do we raise money?"},
		{"问 融资", "融资"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			r := newRig(t)
			r.say(t, KindCommand, tt.text)
			if len(r.quiz.cmds) != 0 {
				t.Fatalf("%q went to the quiz as %+v", tt.text, r.quiz.cmds)
			}
			if got := r.search.last(); got != tt.query {
				t.Errorf("searched %q, want %q", got, tt.query)
			}
		})
	}
}

func TestHelpListsEveryCommandAndTheTopics(t *testing.T) {
	for _, text := range []string{"", "help", "HELP", "帮助", "?", "   "} {
		r := newRig(t)
		rep := r.say(t, KindCommand, text)
		topics := "risks · funding · culture"
		if rep.Lang == knowledge.ZH {
			topics = "风险 · 融资策略 · 企业文化"
		}
		for _, want := range []string{"topics", "lang", "quiz", "answer", "leaderboard", "subscribe", "unsubscribe", "status", topics} {
			if !strings.Contains(rep.Body, want) {
				t.Errorf("help for %q lacks %q:\n%s", text, want, rep.Body)
			}
		}
		if r.search.last() != "" {
			t.Errorf("help for %q searched %q", text, r.search.last())
		}
	}
	zh := newRig(t).say(t, KindCommand, "帮助")
	if zh.Lang != knowledge.ZH || !strings.Contains(zh.Body, "排行榜") || !strings.Contains(zh.Title, "帮助") {
		t.Errorf("Chinese help is not in Chinese: %q / %q", zh.Title, zh.Body)
	}
}

func TestTopicsListsTitlesInTheUsersLanguage(t *testing.T) {
	r := newRig(t)
	en := r.say(t, KindCommand, "topics")
	if !strings.Contains(en.Body, "**risks** — Risks and challenges") || !strings.Contains(en.Body, "**culture** — 企业文化") {
		t.Errorf("topics (en):\n%s", en.Body)
	}
	zh := r.say(t, KindCommand, "话题")
	if !strings.Contains(zh.Body, "**risks** — 风险与挑战") || zh.Title != "话题" {
		t.Errorf("topics (zh): %q\n%s", zh.Title, zh.Body)
	}
}

func TestShareMakesACommandAnswerPublic(t *testing.T) {
	tests := []struct {
		kind Kind
		text string
		want Visibility
	}{
		{KindCommand, "risks", Ephemeral},
		{KindCommand, "risks share", Public},
		{KindCommand, "风险 分享", Public},
		{KindCommand, "risks SHARE", Public},
		{KindMention, "risks", Public},
		{KindMessage, "risks", Public},
		{KindCommand, "help", Ephemeral},
		{KindCommand, "help share", Public},
		{KindCommand, "what is the weather", Ephemeral},
		{KindMention, "what is the weather", Public},
	}
	for _, tt := range tests {
		r := newRig(t)
		rep := r.say(t, tt.kind, tt.text)
		if rep.Visibility != tt.want {
			t.Errorf("%s %q: visibility %d, want %d", tt.kind, tt.text, rep.Visibility, tt.want)
		}
	}
	if q := newRig(t); q.say(t, KindCommand, "risks share").Facts()["slug"] != "risks" {
		t.Error(`"risks share" did not answer the risks topic`)
	}
}

func TestChoice(t *testing.T) {
	for in, want := range map[string]string{"a": "A", "B": "B", "Ｄ": "D", "1": "A", "c.": "C", "E": "", "AB": "", "": ""} {
		if got := choice(in); got != want {
			t.Errorf("choice(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLangArg(t *testing.T) {
	for in, want := range map[string]knowledge.Lang{
		"zh": knowledge.ZH, "ZH": knowledge.ZH, "zh-CN": knowledge.ZH, "zh_TW": knowledge.ZH, "中文": knowledge.ZH, "Chinese": knowledge.ZH,
		"en": knowledge.EN, "en-US": knowledge.EN, "English": knowledge.EN, "英文": knowledge.EN, "ｅｎ": knowledge.EN,
		"engineering": "", "enterprise": "", "zhx": "", "fr": "", "en-US-x": "", "": "", "models": "",
	} {
		got, ok := langArg(in)
		if got != want || ok != (want != "") {
			t.Errorf("langArg(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestAMistypedCommandStillRuns(t *testing.T) {
	tests := []struct{ text, quiz, title string }{
		{"topcis", "", "Topics"},
		{"hlep", "", ""},
		{"leaderbord", "leaderboard", ""},
		{"unsubscrbe", "unsubscribe", ""},
	}
	for _, tt := range tests {
		r := newRig(t)
		rep := r.say(t, KindCommand, tt.text)
		switch {
		case tt.quiz != "":
			if len(r.quiz.cmds) != 1 || r.quiz.cmds[0].Name != tt.quiz {
				t.Errorf("%q: quiz got %v", tt.text, r.quiz.cmds)
			}
		case tt.title != "":
			if rep.Title != tt.title {
				t.Errorf("%q: title %q", tt.text, rep.Title)
			}
		default:
			// "hlep" is two edits from "help" (and "help" is too short to guess at): no answer.
			if rep.Title != "No answer" {
				t.Errorf("%q: title %q", tt.text, rep.Title)
			}
		}
	}
}

func TestOneEdit(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"topics", "topcis", true}, {"topics", "topic", true}, {"topics", "topicss", true}, {"topics", "tobics", true},
		{"topics", "topics", false}, {"topics", "tpcis", false}, {"topics", "xopicsx", false}, {"ab", "ba", true}, {"abc", "cab", false},
	} {
		if got := oneEdit(tt.a, tt.b); got != tt.want {
			t.Errorf("oneEdit(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}
