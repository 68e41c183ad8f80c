package storetest

import (
	"fmt"
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
	for _, p := range []quiz.Post{early, late} {
		if err := s.SetMessageID(ctx, p.ID, fmt.Sprintf("m%d", p.ID)); err != nil {
			t.Fatal(err)
		}
	}
	if next, ok, _ := s.NextWake(ctx); !ok || !next.Equal(t0.Add(time.Minute)) {
		t.Errorf("NextWake = %v, %v; want the first reveal", next, ok)
	}
	due, err := s.DueReveals(ctx, t0.Add(30*time.Minute), 10)
	if err != nil || len(due) != 1 || due[0].ID != early.ID || due[0].State != quiz.StatePosted {
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
	if p, _, _ := s.Post(ctx, early.ID); !p.Revealed || p.State != quiz.StateRevealed {
		t.Errorf("Post does not show revealed: %+v", p)
	}
	if due, _ := s.DueReveals(ctx, t0.Add(2*time.Hour), 10); len(due) != 1 || due[0].ID != late.ID {
		t.Errorf("DueReveals later = %+v, want the second post", due)
	}
}

// A reveal is due only once its post is out: a post still claimed or sending is not revealed
// at its RevealAt, the scheduler wakes for its lease instead, and it is due once posted.
func testQuizRevealWaitsForPost(t *testing.T, f QuizFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	ctx := t.Context()
	lease := t0.Add(10 * time.Minute)
	p := claim(t, s, quiz.Claim{Channel: qc1, Lang: "en", CreatedAt: t0, RevealAt: t0.Add(time.Minute), Owner: "A", LeaseUntil: lease})[0]
	if p.State != quiz.StateClaimed || p.LeaseOwner != "A" || !p.LeaseUntil.Equal(lease) {
		t.Errorf("claimed post = %+v", p)
	}
	if next, ok, _ := s.NextWake(ctx); !ok || !next.Equal(lease) {
		t.Errorf("NextWake = %v, %v; want the lease end %v, not the reveal of an unsent post", next, ok, lease)
	}
	if ok, err := s.BeginSend(ctx, p.ID, 0, "A", t0, lease); !ok || err != nil {
		t.Fatalf("BeginSend = %v, %v", ok, err)
	}
	if due, _ := s.DueReveals(ctx, t0.Add(5*time.Minute), 10); len(due) != 0 {
		t.Errorf("a post in flight is due for its reveal: %+v", due)
	}
	if ok, _ := s.ClaimReveal(ctx, p.ID, 1, "A", t0.Add(5*time.Minute), t0.Add(6*time.Minute)); ok {
		t.Error("ClaimReveal took the reveal of a post not sent yet")
	}
	if err := s.SetMessageID(ctx, p.ID, "m1"); err != nil {
		t.Fatal(err)
	}
	due, err := s.DueReveals(ctx, t0.Add(5*time.Minute), 10)
	if err != nil || len(due) != 1 || due[0].ID != p.ID || due[0].MessageID != "m1" {
		t.Errorf("DueReveals after the post landed = %+v, %v", due, err)
	}
}

// The reveal is claimed under a lease: one owner at a time, taken over once the lease ends,
// and completed once.
func testQuizRevealLease(t *testing.T, f QuizFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	ctx := t.Context()
	p := claim(t, s, quiz.Claim{Channel: qc1, Lang: "en", CreatedAt: t0, RevealAt: t0.Add(time.Minute)})[0]
	if err := s.SetMessageID(ctx, p.ID, "m1"); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(2 * time.Minute)
	if ok, _ := s.ClaimReveal(ctx, p.ID, 0, "A", t0, t0.Add(time.Minute)); ok {
		t.Error("ClaimReveal before RevealAt")
	}
	if ok, err := s.ClaimReveal(ctx, p.ID, 0, "A", now, now.Add(time.Minute)); !ok || err != nil {
		t.Fatalf("ClaimReveal = %v, %v", ok, err)
	}
	if ok, _ := s.ClaimReveal(ctx, p.ID, 0, "B", now, now.Add(time.Minute)); ok {
		t.Error("a second replica took a reveal held under a lease")
	}
	if due, _ := s.DueReveals(ctx, now.Add(30*time.Second), 10); len(due) != 0 {
		t.Errorf("a reveal under a live lease is due: %+v", due)
	}
	if next, ok, _ := s.NextWake(ctx); !ok || !next.Equal(now.Add(time.Minute)) {
		t.Errorf("NextWake = %v, %v; want the reveal lease's end", next, ok)
	}
	later := now.Add(2 * time.Minute)
	due, err := s.DueReveals(ctx, later, 10)
	if err != nil || len(due) != 1 || due[0].State != quiz.StateRevealing || due[0].Attempts != 1 || due[0].LeaseOwner != "A" {
		t.Fatalf("DueReveals after the lease = %+v, %v", due, err)
	}
	if ok, _ := s.ClaimReveal(ctx, p.ID, 0, "B", later, later.Add(time.Minute)); ok {
		t.Error("ClaimReveal with a stale attempt count won")
	}
	if ok, err := s.ClaimReveal(ctx, p.ID, 1, "B", later, later.Add(time.Minute)); !ok || err != nil {
		t.Fatalf("takeover ClaimReveal = %v, %v", ok, err)
	}
	if ok, err := s.MarkRevealed(ctx, p.ID); !ok || err != nil {
		t.Errorf("MarkRevealed = %v, %v", ok, err)
	}
	if ok, _ := s.MarkRevealed(ctx, p.ID); ok {
		t.Error("revealed twice")
	}
	if got, _, _ := s.Post(ctx, p.ID); got.State != quiz.StateRevealed || !got.Revealed || !got.LeaseUntil.IsZero() {
		t.Errorf("after the reveal: %+v", got)
	}
}

// The sending step: leased, taken over by another owner only after the lease, one attempt
// wins a race, and a dropped post is never due for anything.
func testQuizSendLease(t *testing.T, f QuizFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	ctx := t.Context()
	lease := t0.Add(time.Minute)
	ps := claim(t, s, quiz.Claim{Channel: qc1, Lang: "en", CreatedAt: t0, RevealAt: t0.Add(time.Hour), Owner: "A", LeaseUntil: lease},
		quiz.Claim{Channel: qc2, Lang: "en", CreatedAt: t0, RevealAt: t0.Add(time.Hour), Owner: "A", LeaseUntil: lease})
	p, q := ps[0], ps[1]
	if due, _ := s.DueSends(ctx, t0, 10); len(due) != 0 {
		t.Errorf("DueSends under a live lease = %+v", due)
	}
	if ok, _ := s.BeginSend(ctx, p.ID, 0, "B", t0, t0.Add(time.Minute)); ok {
		t.Error("another owner began the send under A's lease")
	}
	if ok, err := s.BeginSend(ctx, p.ID, 0, "A", t0.Add(time.Second), t0.Add(2*time.Minute)); !ok || err != nil {
		t.Fatalf("BeginSend by the owner = %v, %v", ok, err)
	}
	if ok, _ := s.BeginSend(ctx, p.ID, 0, "A", t0.Add(time.Second), t0.Add(2*time.Minute)); ok {
		t.Error("a second BeginSend with the same attempt count won")
	}
	after := t0.Add(3 * time.Minute)
	due, err := s.DueSends(ctx, after, 10)
	if err != nil || len(due) != 2 {
		t.Fatalf("DueSends after the leases = %+v, %v", due, err)
	}
	for _, got := range due {
		switch got.ID {
		case p.ID:
			if got.State != quiz.StateSending || got.Attempts != 1 || !got.SendAt.Equal(t0.Add(time.Second)) {
				t.Errorf("in-doubt post = %+v", got)
			}
		case q.ID:
			if got.State != quiz.StateClaimed || got.Attempts != 0 || !got.SendAt.IsZero() {
				t.Errorf("never-sent post = %+v", got)
			}
		}
	}
	if ok, err := s.BeginSend(ctx, p.ID, 1, "B", after, after.Add(time.Minute)); !ok || err != nil {
		t.Fatalf("takeover BeginSend = %v, %v", ok, err)
	}
	cur, _, _ := s.Post(ctx, p.ID)
	if cur.LeaseOwner != "B" || cur.Attempts != 2 || !cur.SendAt.Equal(t0.Add(time.Second)) {
		t.Errorf("after the takeover: %+v (SendAt must stay the first send's)", cur)
	}
	if err := s.SetMessageID(ctx, p.ID, "m1"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMessageID(ctx, p.ID, "m2"); err != nil {
		t.Fatal(err)
	}
	cur, _, _ = s.Post(ctx, p.ID)
	if cur.State != quiz.StatePosted || cur.MessageID != "m1" || cur.Attempts != 0 || !cur.LeaseUntil.IsZero() {
		t.Errorf("posted: %+v (the first message id stays)", cur)
	}
	if ok, err := s.DropPost(ctx, q.ID); !ok || err != nil {
		t.Errorf("DropPost = %v, %v", ok, err)
	}
	if ok, _ := s.DropPost(ctx, p.ID); ok {
		t.Error("DropPost dropped a posted quiz")
	}
	if due, _ := s.DueSends(ctx, after.Add(time.Hour), 10); len(due) != 0 {
		t.Errorf("DueSends = %+v after posting and dropping", due)
	}
	if due, _ := s.DueReveals(ctx, after.Add(2*time.Hour), 10); len(due) != 1 || due[0].ID != p.ID {
		t.Errorf("DueReveals = %+v; want only the posted one (a dropped post is never revealed)", due)
	}
	if ok, _ := s.MarkRevealed(ctx, q.ID); ok {
		t.Error("a dropped post was marked revealed")
	}
	if _, ok, _ := s.LatestOpenPost(ctx, qc2); ok {
		t.Error("a dropped post is open")
	}
}

// A channel is behind while it has a post not sent yet.
func testQuizChannelsBehind(t *testing.T, f QuizFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	ctx := t.Context()
	behind := func(now time.Time) []core.ChannelKey {
		t.Helper()
		chs, err := s.ChannelsBehind(ctx, now, 100)
		if err != nil {
			t.Fatal(err)
		}
		return chs
	}
	c := quiz.Claim{Channel: qc1, Lang: "en", CreatedAt: t0, RevealAt: t0.Add(time.Minute), Owner: "A", LeaseUntil: t0.Add(time.Minute)}
	c2 := c
	c2.Channel = qc2
	ps := claim(t, s, c, c, c2)
	if got := behind(t0); len(got) != 2 {
		t.Errorf("with claimed posts in two channels: %v", got)
	}
	if got := behind(t0.Add(time.Minute)); len(got) != 0 {
		t.Errorf("once the leases ended (the posts wait for a takeover, not a queue): %v", got)
	}
	if ok, err := s.BeginSend(ctx, ps[0].ID, 0, "A", t0, t0.Add(time.Hour)); !ok || err != nil {
		t.Fatal(ok, err)
	}
	for _, p := range ps[1:] {
		if err := s.SetMessageID(ctx, p.ID, "m"); err != nil {
			t.Fatal(err)
		}
	}
	if got := behind(t0); len(got) != 1 || got[0] != qc1 {
		t.Errorf("with one post sending: %v", got)
	}
	later := t0.Add(2 * time.Hour)
	if ok, err := s.BeginSend(ctx, ps[0].ID, 1, "B", later, later.Add(time.Hour)); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if got := behind(later); len(got) != 0 {
		t.Errorf("a takeover's retry holds the channel back: %v", got)
	}
}

// A skipped slot creates no post, still advances the subscription, and is counted on it until
// the next Subscribe.
func testQuizSkippedSlots(t *testing.T, f QuizFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	ctx := t.Context()
	sub := subscribe(t, s, qc1, "daily 09:00", t0)
	c := slotClaim(sub, t0)
	c.Skip = true
	if ps := claim(t, s, c); len(ps) != 0 {
		t.Fatalf("a skipped slot created posts: %+v", ps)
	}
	claim(t, s, c) // a second replica skipping the same slot: counted once
	got, _, _ := s.Subscription(ctx, qc1)
	if got.Skipped != 1 || !got.SkippedAt.Equal(t0) || !got.NextDue.Equal(c.NextDue) {
		t.Errorf("after a skip: %+v", got)
	}
	if ps := claim(t, s, slotClaim(got, c.NextDue)); len(ps) != 1 {
		t.Errorf("the next slot: %d posts", len(ps))
	}
	sub = subscribe(t, s, qc1, "daily 10:00", t0.Add(48*time.Hour))
	if sub.Skipped != 0 || !sub.SkippedAt.IsZero() {
		t.Errorf("Subscribe kept the skip count: %+v", sub)
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
