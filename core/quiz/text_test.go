package quiz_test

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// smallBase parses a knowledge file written in a test.
func smallBase(t *testing.T, yaml string) *knowledge.Base {
	t.Helper()
	entries, err := knowledge.Parse("small.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return knowledge.NewBase(entries)
}

// Two entries without labelled points: open questions only.
const openOnly = `entries:
  - slug: funding
    en:
      title: Funding
      question: How do LLM startups raise money?
      answer: Angel rounds first.
    zh:
      title: 融资
      question: 大模型创业如何融资？
      answer: 先是天使轮。
  - slug: risks
    en:
      title: Risks
      question: What are the risks?
      answer: Technical risk.
    zh:
      title: 风险
      question: 有哪些风险？
      answer: 技术风险。
`

func TestOnDemandQuizSaysWhatTheBaseLacks(t *testing.T) {
	cases := []struct {
		name string
		base func(t *testing.T) *knowledge.Base
		lang knowledge.Lang
		want []string
	}{
		{"empty base", func(*testing.T) *knowledge.Base { return knowledge.NewBase(nil) }, knowledge.EN,
			[]string{"The knowledge base is empty"}},
		{"empty base in Chinese", func(*testing.T) *knowledge.Base { return knowledge.NewBase(nil) }, knowledge.ZH,
			[]string{"知识库是空的"}},
		{"no labelled points", func(t *testing.T) *knowledge.Base { return smallBase(t, openOnly) }, knowledge.EN,
			[]string{"no multiple-choice questions", "two or more labelled points (`1. **Label:** …`)", "at least four entries with explanations", "Every entry still gives an open question"}},
		{"no labelled points in Chinese", func(t *testing.T) *knowledge.Base { return smallBase(t, openOnly) }, knowledge.ZH,
			[]string{"没有选择题", "两个或以上带标签的要点（`1. **标签：** …`）", "至少四个带解释的条目", "开放题"}},
		{"shipped base", func(t *testing.T) *knowledge.Base { return embedded(t) }, knowledge.EN, []string{"Posted a quiz question."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFixture(t)
				e := quiz.New(quiz.Options{Base: tc.base(t), Store: f.store, Poster: f.poster, RevealAfter: time.Hour})
				t.Cleanup(e.Close)
				r, err := e.Command(t.Context(), req("C1", "ann", ""), cmd("quiz", ""), tc.lang)
				if err != nil {
					t.Fatal(err)
				}
				for _, w := range tc.want {
					if !strings.Contains(r.Body, w) {
						t.Errorf("reply %q lacks %q", r.Body, w)
					}
				}
			})
		})
	}
}

func TestLeaderboardSentencesJoinPerLanguage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		_, right := f.openQuiz(t, "C1")
		f.command(t, req("C1", "ann", ""), "answer", right)
		cases := []struct {
			lang knowledge.Lang
			want string
		}{
			{knowledge.EN, "You: #1 this week (1 correct), #1 all time (1 correct). Streak: 1 in a row (best 1)."},
			{knowledge.ZH, "你：本周第 1 名（答对 1 题），总榜第 1 名（答对 1 题）。连续答对：1 题（最佳 1 题）。"},
		}
		for _, tc := range cases {
			r, err := f.e.Command(t.Context(), req("C1", "ann", ""), cmd("leaderboard", ""), tc.lang)
			if err != nil {
				t.Fatal(err)
			}
			if r.Body != tc.want {
				t.Errorf("%s: body %q, want %q", tc.lang, r.Body, tc.want)
			}
		}
	})
}

// A quiz whose question left the knowledge base (edited between restarts) is revealed as gone,
// not as a base with no questions.
func TestRevealOfAQuestionNoLongerInTheBase(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		f.openQuiz(t, "C1")
		f.e.Close()
		e := quiz.New(quiz.Options{Base: smallBase(t, openOnly), Store: f.store, Poster: f.poster, RevealAfter: time.Hour})
		t.Cleanup(e.Close)
		time.Sleep(2 * time.Hour)
		if err := e.Tick(t.Context(), time.Now()); err != nil {
			t.Fatal(err)
		}
		e.Wait()
		reveals := f.poster.filter(func(s sent) bool { return s.reply.ThreadID != "" })
		if len(reveals) != 1 || !strings.Contains(reveals[0].reply.Body, "no longer in the knowledge base") {
			t.Fatalf("reveals: %+v", reveals)
		}
	})
}

func TestChineseRepliesNameScheduleDaysInChinese(t *testing.T) {
	cases := []struct {
		args, want string
	}{
		{"09:00", "已订阅：每天 09:00 UTC 发一道测验。"},
		{"weekdays 09:30 Asia/Shanghai", "已订阅：工作日 09:30 Asia/Shanghai 发一道测验。"},
		{"周末 10:00", "已订阅：周末 10:00 UTC 发一道测验。"},
		{"@every 1h", "已订阅：每隔 1h 发一道测验。"},
		{`cron "0 9 * * 1-5"`, `已订阅：cron "0 9 * * 1-5" UTC 发一道测验。`},
	}
	for _, tc := range cases {
		t.Run(tc.args, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFixture(t)
				r, err := f.e.Command(t.Context(), req("C1", "admin", ""), cmd("subscribe", tc.args), knowledge.ZH)
				if err != nil || !strings.HasPrefix(r.Body, tc.want) {
					t.Fatalf("subscribe %s: %q, %v; want it to start %q", tc.args, r.Body, err, tc.want)
				}
				st, err := f.e.Command(t.Context(), req("C1", "admin", ""), cmd("status", ""), knowledge.ZH)
				want := strings.TrimSuffix(strings.TrimPrefix(tc.want, "已订阅："), "。")
				if err != nil || !strings.HasPrefix(st.Body, want) {
					t.Errorf("status: %q, %v; want it to start %q", st.Body, err, want)
				}
				// What the reply shows reads back as the same schedule.
				shown := strings.TrimSuffix(want, " 发一道测验")
				a, err1 := quiz.ParseSchedule(shown, time.UTC)
				b, err2 := quiz.ParseSchedule(tc.args, time.UTC)
				if err1 != nil || err2 != nil || a.Spec != b.Spec {
					t.Errorf("%q reads as %q (%v), typed %q reads as %q (%v)", shown, a.Spec, err1, tc.args, b.Spec, err2)
				}
			})
		})
	}
}
