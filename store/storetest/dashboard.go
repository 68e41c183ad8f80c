package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
)

// DashboardStore is what the knowledge owners' pages read, with what the suite writes to set
// them up.
type DashboardStore interface {
	QuizStore
	core.QueryStats
	core.FeedbackStore
	// QueryDays totals the questions per day and platform from the day of since on.
	QueryDays(ctx context.Context, since time.Time) ([]core.QueryDay, error)
	// FeedbackTotals counts each entry's helpful and not helpful presses.
	FeedbackTotals(ctx context.Context) ([]core.FeedbackTotal, error)
	// QuizChannels totals each channel's quiz posts since since, their answers and the correct ones.
	QuizChannels(ctx context.Context, since time.Time) ([]quiz.ChannelTotal, error)
}

// DashboardFactory creates and opens stores for the dashboard suite (RunDashboard).
type DashboardFactory = Opener[DashboardStore]

// RunDashboard runs the contract tests of what the knowledge owners' pages read.
func RunDashboard(t *testing.T, f DashboardFactory) {
	runContracts(t, f, []contract[DashboardStore]{
		{"QueryDays", testQueryDays},
		{"FeedbackTotals", testFeedbackTotals},
		{"QuizChannels", testQuizChannels},
	})
}

func testQueryDays(t *testing.T, f DashboardFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	ctx := t.Context()
	day := core.UnixDay(t0)
	err := s.AddQueryCounts(ctx, []core.QueryCount{
		{Day: day - 1, Platform: "slack", Query: "risks", Slug: "risks", N: 3},
		{Day: day - 1, Platform: "slack", Query: "weather", Slug: "", N: 2},
		{Day: day - 1, Platform: "slack", Query: "hi", Slug: core.SmallTalkSlug, N: 1},
		{Day: day, Platform: "discord", Query: "融资", Slug: "funding", N: 4},
		{Day: day - 40, Platform: "slack", Query: "old", Slug: "risks", N: 9},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.QueryDays(ctx, t0.AddDate(0, 0, -30))
	want := []core.QueryDay{
		{Day: day - 1, Platform: "slack", Answered: 3, Unanswered: 2, SmallTalk: 1},
		{Day: day, Platform: "discord", Answered: 4},
	}
	if err != nil || len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("QueryDays = %+v, %v; want %+v", got, err, want)
	}
}

func testFeedbackTotals(t *testing.T, f DashboardFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	ctx := t.Context()
	for i, fb := range []core.Feedback{
		{User: core.UserKey{Platform: "slack", Workspace: "T1", User: "U1"}, Slug: "risks", Helpful: true},
		{User: core.UserKey{Platform: "slack", Workspace: "T1", User: "U2"}, Slug: "risks", Helpful: false},
		{User: core.UserKey{Platform: "slack", Workspace: "T1", User: "U2"}, Slug: "risks", Helpful: true}, // changed mind
		{User: core.UserKey{Platform: "discord", User: "U1"}, Slug: "funding", Helpful: false},
	} {
		fb.At = t0.Add(time.Duration(i) * time.Second)
		if err := s.SaveFeedback(ctx, fb); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.FeedbackTotals(ctx)
	want := []core.FeedbackTotal{{Slug: "funding", NotHelpful: 1}, {Slug: "risks", Helpful: 2}}
	if err != nil || len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("FeedbackTotals = %+v, %v; want %+v", got, err, want)
	}
}

func testQuizChannels(t *testing.T, f DashboardFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	ctx := t.Context()
	c1 := quiz.Claim{Channel: qc1, Lang: "en", CreatedAt: t0, RevealAt: t0.Add(time.Hour)}
	c2 := quiz.Claim{Channel: qc2, Lang: "en", CreatedAt: t0, RevealAt: t0.Add(time.Hour)}
	old := quiz.Claim{Channel: qc2, Lang: "en", CreatedAt: t0.AddDate(0, 0, -60), RevealAt: t0}
	ps := claim(t, s, c1, c1, c2, old)
	unsent := claim(t, s, c2)[0] // claimed, never posted: not a post of the channel's
	for _, p := range ps {
		if err := s.SetMessageID(ctx, p.ID, "m"+p.Question); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []quiz.Answer{
		answer(ps[0].ID, "U1", "A", true, t0), answer(ps[0].ID, "U2", "B", false, t0), answer(ps[1].ID, "U1", "C", true, t0),
	} {
		if _, err := s.RecordAnswer(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.QuizChannels(ctx, t0.AddDate(0, 0, -30))
	want := []quiz.ChannelTotal{{Channel: qc1, Posts: 2, Answers: 3, Correct: 2}, {Channel: qc2, Posts: 1}}
	if err != nil || len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("QuizChannels = %+v, %v; want %+v (post %d was never sent)", got, err, want, unsent.ID)
	}
}
