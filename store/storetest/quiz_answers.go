package storetest

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
)

func answer(post int64, user string, choice string, correct bool, at time.Time) quiz.Answer {
	return quiz.Answer{PostID: post, Channel: qc1, User: core.UserKey{Platform: "slack", Workspace: "T1", User: user},
		UserName: "name-" + user, Choice: choice, Correct: correct, At: at}
}

func testQuizAnswers(t *testing.T, f QuizFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	ctx := t.Context()
	p := claim(t, s, quiz.Claim{Channel: qc1, Lang: "en", CreatedAt: t0, RevealAt: t0.Add(time.Hour)})[0]
	r, err := s.RecordAnswer(ctx, answer(p.ID, "U1", "B", true, t0))
	if err != nil || !r.First || r.Answered != 1 {
		t.Fatalf("first answer = %+v, %v", r, err)
	}
	r, err = s.RecordAnswer(ctx, answer(p.ID, "U1", "C", false, t0))
	if err != nil || r.First || r.Earlier != "B" || r.Answered != 1 {
		t.Fatalf("second answer = %+v, %v; want refused, earlier B", r, err)
	}
	if r, _ := s.RecordAnswer(ctx, answer(p.ID, "U2", "C", false, t0)); !r.First || r.Answered != 2 {
		t.Errorf("another user's answer = %+v", r)
	}
	if n, c, err := s.Tally(ctx, p.ID); n != 2 || c != 1 || err != nil {
		t.Errorf("Tally = %d, %d, %v; want 2, 1", n, c, err)
	}
}

func testQuizConcurrentAnswers(t *testing.T, f QuizFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	p := claim(t, s, quiz.Claim{Channel: qc1, Lang: "en", CreatedAt: t0, RevealAt: t0.Add(time.Hour)})[0]
	var wg sync.WaitGroup
	var mu sync.Mutex
	first := 0
	for i := 0; i < 10; i++ {
		wg.Go(func() {
			r, err := s.RecordAnswer(t.Context(), answer(p.ID, "U1", string(rune('A'+i%4)), i%4 == 0, t0))
			if err != nil {
				t.Error(err)
			}
			if r.First {
				mu.Lock()
				first++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if first != 1 {
		t.Errorf("%d answers of one user counted", first)
	}
	if st, _ := s.Streak(t.Context(), qc1, core.UserKey{Platform: "slack", Workspace: "T1", User: "U1"}); st.Best > 1 {
		t.Errorf("streak %+v from one post", st)
	}
}

func testQuizReveal(t *testing.T, f QuizFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	ctx := t.Context()
	early := claim(t, s, quiz.Claim{Channel: qc1, Lang: "en", CreatedAt: t0, RevealAt: t0.Add(time.Minute)})[0]
	late := claim(t, s, quiz.Claim{Channel: qc1, Lang: "en", CreatedAt: t0, RevealAt: t0.Add(time.Hour)})[0]
	if next, ok, _ := s.NextWake(ctx); !ok || !next.Equal(t0.Add(time.Minute)) {
		t.Errorf("NextWake = %v, %v; want the first reveal", next, ok)
	}
	due, err := s.DueReveals(ctx, t0.Add(30*time.Minute), 10)
	if err != nil || len(due) != 1 || due[0].ID != early.ID {
		t.Fatalf("DueReveals = %+v, %v", due, err)
	}
	if ok, err := s.MarkRevealed(ctx, early.ID); !ok || err != nil {
		t.Errorf("MarkRevealed = %v, %v", ok, err)
	}
	if ok, _ := s.MarkRevealed(ctx, early.ID); ok {
		t.Error("revealed twice")
	}
	if due, _ := s.DueReveals(ctx, t0.Add(30*time.Minute), 10); len(due) != 0 {
		t.Errorf("a revealed post is still due: %+v", due)
	}
	if p, _, _ := s.Post(ctx, early.ID); !p.Revealed {
		t.Error("Post does not show revealed")
	}
	if due, _ := s.DueReveals(ctx, t0.Add(2*time.Hour), 10); len(due) != 1 || due[0].ID != late.ID {
		t.Errorf("DueReveals later = %+v, want the second post", due)
	}
}

func testQuizScores(t *testing.T, f QuizFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	ctx := t.Context()
	od := quiz.Claim{Channel: qc1, Lang: "en", CreatedAt: t0, RevealAt: t0.Add(time.Hour)}
	ps := claim(t, s, od, od, od, od)
	rec := func(i int, user string, correct bool, at time.Time) {
		if _, err := s.RecordAnswer(ctx, answer(ps[i].ID, user, "A", correct, at)); err != nil {
			t.Fatal(err)
		}
	}
	rec(0, "U1", true, t0)
	rec(1, "U1", true, t0.Add(time.Hour))
	rec(2, "U1", false, t0.Add(2*time.Hour))
	rec(3, "U1", true, t0.Add(3*time.Hour))
	rec(0, "U2", true, t0)
	rec(2, "U2", true, t0.Add(2*time.Hour))
	rec(3, "U2", true, t0.Add(3*time.Hour))
	rec(1, "U3", false, t0.Add(3*time.Hour))
	all, err := s.Leaderboard(ctx, qc1, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	// Equal correct counts: fewer attempts first.
	want := []quiz.Score{
		{User: "U2", Name: "name-U2", Correct: 3, Answered: 3},
		{User: "U1", Name: "name-U1", Correct: 3, Answered: 4},
		{User: "U3", Name: "name-U3", Correct: 0, Answered: 1},
	}
	if len(all) != 3 || all[0] != want[0] || all[1] != want[1] || all[2] != want[2] {
		t.Errorf("all time = %+v, want %+v", all, want)
	}
	recent, _ := s.Leaderboard(ctx, qc1, t0.Add(2*time.Hour))
	if len(recent) != 3 || recent[0].User != "U2" || recent[0].Correct != 2 || recent[1].Correct != 1 {
		t.Errorf("since +2h = %+v", recent)
	}
	if other, _ := s.Leaderboard(ctx, qc2, time.Time{}); len(other) != 0 {
		t.Errorf("another channel's board = %+v", other)
	}
	u1, _ := s.Streak(ctx, qc1, core.UserKey{Platform: "slack", Workspace: "T1", User: "U1"})
	u2, _ := s.Streak(ctx, qc1, core.UserKey{Platform: "slack", Workspace: "T1", User: "U2"})
	none, err := s.Streak(ctx, qc1, core.UserKey{Platform: "slack", Workspace: "T1", User: "U9"})
	if u1 != (quiz.Streak{Current: 1, Best: 2}) || u2 != (quiz.Streak{Current: 3, Best: 3}) || none != (quiz.Streak{}) || err != nil {
		t.Errorf("streaks U1 %+v, U2 %+v, nobody %+v, %v", u1, u2, none, err)
	}
}

func testQuizPersistence(t *testing.T, f QuizFactory) {
	dsn := f.Fresh(t)
	s := openUntilEnd(t, f, dsn)
	sub := subscribe(t, s, qc1, "daily 09:00 UTC", t0)
	p := claim(t, s, slotClaim(sub, t0))[0]
	if _, err := s.RecordAnswer(t.Context(), answer(p.ID, "U1", "A", true, t0)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openUntilEnd(t, f, dsn)
	if got, ok, _ := s.Subscription(t.Context(), qc1); !ok || !got.NextDue.Equal(t0.Add(24*time.Hour)) {
		t.Errorf("subscription after reopen = %+v, %v", got, ok)
	}
	if ps := claim(t, s, slotClaim(sub, t0)); len(ps) != 0 {
		t.Error("a slot claimed before the restart was claimed again")
	}
	if r, _ := s.RecordAnswer(t.Context(), answer(p.ID, "U1", "B", false, t0)); r.First {
		t.Error("an answer recorded before the restart was lost")
	}
	if ps := claim(t, s, quiz.Claim{Channel: qc1, Lang: "en", CreatedAt: t0, RevealAt: t0}); ps[0].Question != "q2" {
		t.Errorf("deck after reopen dealt %q, want q2", ps[0].Question)
	}
}

func testQuizBadInput(t *testing.T, f QuizFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	ctx := t.Context()
	long := strings.Repeat("x", 10000)
	bad := []core.ChannelKey{{}, {Platform: "slack"}, {Platform: "slack", Channel: long}}
	for _, ch := range bad {
		if err := s.Subscribe(ctx, quiz.Subscription{Channel: ch, Spec: "@every 1h", NextDue: t0}); err == nil {
			t.Errorf("Subscribe(%.20v) gave no error", ch)
		}
		if _, err := s.ClaimSlots(ctx, []quiz.Claim{{Channel: ch}}, counter); err == nil {
			t.Errorf("ClaimSlots(%.20v) gave no error", ch)
		}
	}
	if err := s.Subscribe(ctx, quiz.Subscription{Channel: qc1, Spec: long, NextDue: t0}); err == nil {
		t.Error("a 10 KB schedule was stored")
	}
	if _, err := s.RecordAnswer(ctx, quiz.Answer{PostID: 1, Channel: qc1, Choice: "A"}); err == nil {
		t.Error("an answer without a user was stored")
	}
	// Hostile but valid text round-trips.
	odd := core.ChannelKey{Platform: "slack", Workspace: "T'; DROP TABLE quiz_posts;--", Channel: "C\u202e<!channel>"}
	sub := subscribe(t, s, odd, "@every 1h", t0)
	if ps := claim(t, s, slotClaim(sub, t0)); len(ps) != 1 || ps[0].Channel != odd {
		t.Errorf("claim in an oddly named channel = %+v", ps)
	}
}
