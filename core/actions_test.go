package core

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

func TestARelatedTopicButtonShowsThatTopicInTheSameLanguage(t *testing.T) {
	r := newRig(t)
	rep := r.press(t, "topic:funding", "zh")
	if rep.Title != "融资策略" || rep.Facts()["slug"] != "funding" || rep.Replace {
		t.Errorf("got %q %v replace=%v", rep.Title, rep.Meta, rep.Replace)
	}
	if rep.Visibility != Ephemeral {
		t.Error("a button pressed in a channel should answer the presser alone")
	}
}

func TestTheLanguageToggleReplacesTheAnswer(t *testing.T) {
	r := newRig(t)
	rep := r.press(t, "lang:zh:risks", "")
	if rep.Title != "风险与挑战" || !rep.Replace || rep.Lang != knowledge.ZH {
		t.Errorf("got %q replace=%v lang=%q", rep.Title, rep.Replace, rep.Lang)
	}
	if b, ok := hasButton(rep, "lang:en:risks"); !ok || b.Label != "English" {
		t.Errorf("no way back to English: %v", buttonIDs(rep))
	}
	back := r.press(t, "lang:en:risks", "")
	if back.Title != "Risks and challenges" || !back.Replace {
		t.Errorf("back: %q", back.Title)
	}
}

func TestFeedbackIsSavedCountedAndThanked(t *testing.T) {
	r := newRig(t)
	rep := r.press(t, "fb:up:risks", "en")
	if rep.Body != "Thanks for the feedback!" || rep.Visibility != Ephemeral {
		t.Errorf("got %+v", rep)
	}
	zh := r.press(t, "fb:down:funding", "zh")
	if zh.Body != "谢谢你的反馈！" {
		t.Errorf("zh thanks %q", zh.Body)
	}
	if len(r.feedback.saved) != 2 {
		t.Fatalf("saved %d feedbacks", len(r.feedback.saved))
	}
	f := r.feedback.saved[0]
	if f.Slug != "risks" || !f.Helpful || f.User.User != "U1" || f.Channel != "C1" || f.At.IsZero() {
		t.Errorf("saved %+v", f)
	}
	if r.feedback.saved[1].Helpful {
		t.Error("down vote saved as helpful")
	}
	if len(r.obs.feedback) != 2 || !r.obs.feedback[0] || r.obs.feedback[1] {
		t.Errorf("observer counted %v", r.obs.feedback)
	}
}

func TestFeedbackOnABrokenStoreStillThanks(t *testing.T) {
	r := newRig(t)
	r.feedback.fail = errors.New("locked")
	rep, err := r.bot.Handle(context.Background(), Request{Kind: KindAction, ActionID: "fb:up:risks", User: "U1"})
	if err == nil || rep.Body != "Thanks for the feedback!" {
		t.Errorf("got %q, %v", rep.Body, err)
	}
}

func TestQuizButtonsGoToTheQuiz(t *testing.T) {
	r := newRig(t)
	rep := r.press(t, "quiz:ans:42:B", "")
	if len(r.quiz.actions) != 1 || r.quiz.actions[0] != "quiz:ans:42:B" || rep.Body != "quiz action quiz:ans:42:B" {
		t.Errorf("quiz saw %v, reply %q", r.quiz.actions, rep.Body)
	}
	noQuiz := New(Options{Base: testBase()})
	rep, err := noQuiz.Handle(context.Background(), Request{Kind: KindAction, ActionID: "quiz:ans:42:B"})
	if err != nil || !strings.Contains(rep.Body, "quiz is not enabled") {
		t.Errorf("without a quiz: %q, %v", rep.Body, err)
	}
}

func TestForgedOrStaleButtonsGetASafeReply(t *testing.T) {
	for _, id := range []string{
		"", ":", "topic:", "topic:nope", "lang:", "lang:fr:risks", "lang:zh:", "lang:zh:nope", "fb:", "fb:maybe:risks",
		"fb:up:nope", "fb:up:", "nonsense", "\xff\xfe", strings.Repeat("topic:", 1000), "topic:<!channel>",
	} {
		r := newRig(t)
		rep, err := r.bot.Handle(context.Background(), Request{Kind: KindAction, ActionID: id, User: "U1"})
		if err != nil {
			t.Errorf("%q: error %v", id, err)
		}
		if rep.Body == "" || rep.Visibility != Ephemeral || rep.Facts()["slug"] != "" {
			t.Errorf("%q: reply %+v", id, rep)
		}
		if strings.Contains(rep.Body, "<!channel>") {
			t.Errorf("%q: echoed a mention", id)
		}
		if len(r.feedback.saved) != 0 || len(r.obs.feedback) != 0 {
			t.Errorf("%q: counted feedback", id)
		}
	}
}

func TestEveryRequestIsObserved(t *testing.T) {
	r := newRig(t)
	r.say(t, KindCommand, "risks")
	r.say(t, KindMention, "weather")
	r.say(t, KindMessage, "money risk")
	r.say(t, KindCommand, "help")
	r.say(t, KindCommand, "quiz")
	r.press(t, "topic:risks", "en")
	want := []handled{
		{KindCommand, OutcomeAnswered, 0}, {KindMention, OutcomeUnanswered, 0}, {KindMessage, OutcomeUnanswered, 0},
		{KindCommand, OutcomeCommand, 0}, {KindCommand, OutcomeCommand, 0}, {KindAction, OutcomeAction, 0},
	}
	if len(r.obs.handled) != len(want) {
		t.Fatalf("observed %d requests, want %d", len(r.obs.handled), len(want))
	}
	for i, h := range r.obs.handled {
		if h.kind != want[i].kind || h.outcome != want[i].outcome || h.d <= 0 {
			t.Errorf("request %d observed as %+v, want %+v with a duration", i, h, want[i])
		}
	}
}

func TestQuizCommandsWithoutAQuizArePolite(t *testing.T) {
	b := New(Options{Base: testBase(), Search: newFakeSearch(testBase())})
	for _, text := range []string{"quiz", "测验", "answer B", "leaderboard", "quiz subscribe 09:00"} {
		rep, err := b.Handle(context.Background(), Request{Kind: KindCommand, Text: text})
		if err != nil || !(strings.Contains(rep.Body, "quiz is not enabled") || strings.Contains(rep.Body, "没有开启测验")) {
			t.Errorf("%q: %q, %v", text, rep.Body, err)
		}
	}
}

func TestAQuizErrorIsReportedWithASafeReply(t *testing.T) {
	r := newRig(t)
	r.quiz.fail = true
	rep, err := r.bot.Handle(context.Background(), Request{Kind: KindCommand, Text: "leaderboard"})
	if err == nil || !strings.Contains(err.Error(), "quiz leaderboard") {
		t.Errorf("err %v", err)
	}
	if rep.Empty() {
		t.Error("empty reply on error")
	}
}

func TestACanceledContextIsAnError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := newRig(t).bot.Handle(ctx, Request{Kind: KindCommand, Text: "risks"}); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v", err)
	}
}
