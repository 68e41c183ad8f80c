package storetest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
)

// QuizStore is what the quiz suite exercises: the quiz engine's store and closing.
type QuizStore interface {
	quiz.Store
	Close() error
}

// QuizFactory creates and opens stores for the quiz suite (see Factory).
type QuizFactory struct {
	Fresh func(t *testing.T) string
	Open  func(ctx context.Context, dsn string) (QuizStore, error)
}

// RunQuiz runs the quiz store's contract tests as subtests of t.
func RunQuiz(t *testing.T, f QuizFactory) {
	if f.Fresh == nil || f.Open == nil {
		t.Fatal("storetest: QuizFactory needs Fresh and Open")
	}
	tests := []struct {
		name string
		fn   func(t *testing.T, f QuizFactory)
	}{
		{"Subscriptions", testQuizSubscriptions},
		{"DueInOrderAndBatches", testQuizDue},
		{"SlotClaimedOnce", testQuizClaimOnce},
		{"ReplicasRaceForOneSlot", testQuizReplicas},
		{"ChangedSubscriptionVoidsClaim", testQuizVoided},
		{"DeckCarriesOver", testQuizDeck},
		{"PostsAndMessages", testQuizPosts},
		{"FirstAnswerWins", testQuizAnswers},
		{"ConcurrentAnswers", testQuizConcurrentAnswers},
		{"RevealOnce", testQuizReveal},
		{"LeaderboardAndStreaks", testQuizScores},
		{"Persistence", testQuizPersistence},
		{"BadInput", testQuizBadInput},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, f) })
	}
}

func openQuiz(t *testing.T, f QuizFactory, dsn string) QuizStore {
	t.Helper()
	s, err := f.Open(t.Context(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { s.Close() }) })
	return s
}

var (
	qc1 = core.ChannelKey{Platform: "slack", Workspace: "T1", Channel: "C1"}
	qc2 = core.ChannelKey{Platform: "discord", Workspace: "G1", Channel: "C1"}
)

// counter deals "q1", "q2"... and counts its calls in the deck's Pos, so a test sees what the
// store kept of the deck.
func counter(_ core.ChannelKey, d quiz.Deck) (string, quiz.Deck) {
	d.Pos++
	d.Order = []string{"x", "y"}
	return "q" + string(rune('0'+d.Pos)), d
}

func subscribe(t *testing.T, s QuizStore, ch core.ChannelKey, spec string, due time.Time) quiz.Subscription {
	t.Helper()
	if err := s.Subscribe(t.Context(), quiz.Subscription{Channel: ch, Spec: spec, Lang: "en", NextDue: due, By: "U1"}); err != nil {
		t.Fatal(err)
	}
	sub, ok, err := s.Subscription(t.Context(), ch)
	if err != nil || !ok {
		t.Fatalf("Subscription after Subscribe = %v, %v", ok, err)
	}
	return sub
}

func slotClaim(sub quiz.Subscription, slot time.Time) quiz.Claim {
	return quiz.Claim{Channel: sub.Channel, SubscriptionID: sub.ID, Spec: sub.Spec, Slot: slot,
		NextDue: slot.Add(24 * time.Hour), Lang: "en", CreatedAt: slot, RevealAt: slot.Add(time.Hour)}
}

func claim(t *testing.T, s QuizStore, cs ...quiz.Claim) []quiz.Post {
	t.Helper()
	ps, err := s.ClaimSlots(t.Context(), cs, counter)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func testQuizSubscriptions(t *testing.T, f QuizFactory) {
	s := openQuiz(t, f, f.Fresh(t))
	ctx := t.Context()
	if _, ok, err := s.Subscription(ctx, qc1); ok || err != nil {
		t.Fatalf("Subscription before any = %v, %v", ok, err)
	}
	a := subscribe(t, s, qc1, "daily 09:00 UTC", t0)
	b := subscribe(t, s, qc1, "@every 2s", t0.Add(time.Second))
	if a.ID != b.ID || b.Spec != "@every 2s" || !b.NextDue.Equal(t0.Add(time.Second)) || b.By != "U1" || b.Lang != "en" {
		t.Errorf("re-subscribe: %+v then %+v; want the same id, the new schedule", a, b)
	}
	other := subscribe(t, s, qc2, "daily 09:00 UTC", t0)
	if other.ID == a.ID {
		t.Error("two channels share a subscription id")
	}
	if ok, err := s.Unsubscribe(ctx, qc1); !ok || err != nil {
		t.Errorf("Unsubscribe = %v, %v", ok, err)
	}
	if ok, err := s.Unsubscribe(ctx, qc1); ok || err != nil {
		t.Errorf("second Unsubscribe = %v, %v; want false", ok, err)
	}
	if _, ok, _ := s.Subscription(ctx, qc2); !ok {
		t.Error("unsubscribing one channel removed another")
	}
}

func testQuizDue(t *testing.T, f QuizFactory) {
	s := openQuiz(t, f, f.Fresh(t))
	for i := 0; i < 5; i++ {
		ch := core.ChannelKey{Platform: "slack", Workspace: "T", Channel: "C" + string(rune('a'+i))}
		subscribe(t, s, ch, "daily 09:00 UTC", t0.Add(time.Duration(5-i)*time.Minute))
	}
	due, err := s.DueSubscriptions(t.Context(), t0.Add(4*time.Minute), 3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range due {
		got = append(got, d.Channel.Channel)
	}
	if strings.Join(got, ",") != "Ce,Cd,Cc" {
		t.Errorf("due = %v, want Ce,Cd,Cc (earliest first, limit 3)", got)
	}
	if next, ok, err := s.NextWake(t.Context()); err != nil || !ok || !next.Equal(t0.Add(time.Minute)) {
		t.Errorf("NextWake = %v, %v, %v", next, ok, err)
	}
}

func testQuizClaimOnce(t *testing.T, f QuizFactory) {
	s := openQuiz(t, f, f.Fresh(t))
	sub := subscribe(t, s, qc1, "daily 09:00 UTC", t0)
	ps := claim(t, s, slotClaim(sub, t0))
	if len(ps) != 1 || ps[0].ID == 0 || ps[0].Question != "q1" || !ps[0].Slot.Equal(t0) {
		t.Fatalf("first claim = %+v", ps)
	}
	if again := claim(t, s, slotClaim(sub, t0)); len(again) != 0 {
		t.Fatalf("the same slot was claimed twice: %+v", again)
	}
	if due, _ := s.DueSubscriptions(t.Context(), t0.Add(time.Hour), 10); len(due) != 0 {
		t.Errorf("subscription still due after its claim: %+v", due)
	}
	// On-demand posts never conflict with each other.
	od := quiz.Claim{Channel: qc1, Lang: "zh", CreatedAt: t0, RevealAt: t0.Add(time.Hour)}
	if ps := claim(t, s, od, od); len(ps) != 2 || ps[0].ID == ps[1].ID || ps[0].SubscriptionID != 0 {
		t.Errorf("two on-demand claims = %+v", ps)
	}
}

func testQuizReplicas(t *testing.T, f QuizFactory) {
	dsn := f.Fresh(t)
	a, b := openQuiz(t, f, dsn), openQuiz(t, f, dsn)
	sub := subscribe(t, a, qc1, "daily 09:00 UTC", t0)
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := 0; i < 8; i++ {
		s := a
		if i%2 == 1 {
			s = b
		}
		wg.Go(func() {
			ps, err := s.ClaimSlots(t.Context(), []quiz.Claim{slotClaim(sub, t0)}, counter)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			won += len(ps)
			mu.Unlock()
		})
	}
	wg.Wait()
	if won != 1 {
		t.Fatalf("one slot claimed %d times by racing replicas", won)
	}
}

func testQuizVoided(t *testing.T, f QuizFactory) {
	s := openQuiz(t, f, f.Fresh(t))
	sub := subscribe(t, s, qc1, "daily 09:00 UTC", t0)
	subscribe(t, s, qc1, "@every 1h", t0.Add(time.Hour)) // changed after the scheduler read it
	if ps := claim(t, s, slotClaim(sub, t0)); len(ps) != 0 {
		t.Errorf("a claim for the old schedule posted: %+v", ps)
	}
	if got, _, _ := s.Subscription(t.Context(), qc1); !got.NextDue.Equal(t0.Add(time.Hour)) {
		t.Errorf("the stale claim moved the new schedule's NextDue to %v", got.NextDue)
	}
	s.Unsubscribe(t.Context(), qc1)
	if ps := claim(t, s, slotClaim(sub, t0)); len(ps) != 0 {
		t.Errorf("a claim for a deleted subscription posted: %+v", ps)
	}
	// A skip (no slot) only moves NextDue.
	sub = subscribe(t, s, qc2, "daily 09:00 UTC", t0)
	skip := slotClaim(sub, time.Time{})
	skip.NextDue = t0.Add(48 * time.Hour)
	if ps := claim(t, s, skip); len(ps) != 0 {
		t.Errorf("a skip posted: %+v", ps)
	}
	if got, _, _ := s.Subscription(t.Context(), qc2); !got.NextDue.Equal(t0.Add(48 * time.Hour)) {
		t.Errorf("NextDue after a skip = %v", got.NextDue)
	}
}

func testQuizDeck(t *testing.T, f QuizFactory) {
	s := openQuiz(t, f, f.Fresh(t))
	var seen []quiz.Deck
	deal := func(ch core.ChannelKey, d quiz.Deck) (string, quiz.Deck) {
		seen = append(seen, d)
		if d.Order == nil {
			return "a", quiz.Deck{Round: 1, Order: []string{"a", "b", "c"}, Pos: 1}
		}
		return d.Order[d.Pos], quiz.Deck{Round: d.Round, Order: d.Order, Pos: d.Pos + 1}
	}
	od := quiz.Claim{Channel: qc1, Lang: "en", CreatedAt: t0, RevealAt: t0.Add(time.Hour)}
	var got []string
	for i := 0; i < 3; i++ {
		ps, err := s.ClaimSlots(t.Context(), []quiz.Claim{od}, deal)
		if err != nil || len(ps) != 1 {
			t.Fatal(ps, err)
		}
		got = append(got, ps[0].Question)
	}
	if strings.Join(got, "") != "abc" || seen[2].Round != 1 || seen[2].Pos != 2 || len(seen[2].Order) != 3 {
		t.Errorf("questions %v, decks seen %+v", got, seen)
	}
	// Another channel has its own deck.
	other := od
	other.Channel = qc2
	seen = nil
	if _, err := s.ClaimSlots(t.Context(), []quiz.Claim{other}, deal); err != nil || seen[0].Order != nil {
		t.Errorf("a new channel started with deck %+v, %v", seen, err)
	}
}

func testQuizPosts(t *testing.T, f QuizFactory) {
	s := openQuiz(t, f, f.Fresh(t))
	ctx := t.Context()
	od := quiz.Claim{Channel: qc1, Lang: "zh", CreatedAt: t0, RevealAt: t0.Add(time.Hour)}
	ps := claim(t, s, od, od)
	if _, ok, err := s.LatestOpenPost(ctx, qc1); ok || err != nil {
		t.Errorf("a post without a message is open: %v, %v", ok, err)
	}
	for _, p := range ps {
		if err := s.SetMessageID(ctx, p.ID, "ts-"+p.Question); err != nil {
			t.Fatal(err)
		}
	}
	p, ok, err := s.LatestOpenPost(ctx, qc1)
	if err != nil || !ok || p.ID != ps[1].ID || p.MessageID != "ts-q2" || p.Lang != "zh" || !p.RevealAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("LatestOpenPost = %+v, %v, %v", p, ok, err)
	}
	if _, ok, _ := s.LatestOpenPost(ctx, qc2); ok {
		t.Error("another channel sees the post")
	}
	if got, ok, err := s.Post(ctx, ps[0].ID); err != nil || !ok || got.MessageID != "ts-q1" || got.Channel != qc1 || !got.Slot.IsZero() {
		t.Errorf("Post = %+v, %v, %v", got, ok, err)
	}
	if _, ok, err := s.Post(ctx, 1<<40); ok || err != nil {
		t.Errorf("Post of a missing id = %v, %v", ok, err)
	}
}

func answer(post int64, user string, choice string, correct bool, at time.Time) quiz.Answer {
	return quiz.Answer{PostID: post, Channel: qc1, User: core.UserKey{Platform: "slack", Workspace: "T1", User: user},
		UserName: "name-" + user, Choice: choice, Correct: correct, At: at}
}

func testQuizAnswers(t *testing.T, f QuizFactory) {
	s := openQuiz(t, f, f.Fresh(t))
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
	s := openQuiz(t, f, f.Fresh(t))
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
	s := openQuiz(t, f, f.Fresh(t))
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
	s := openQuiz(t, f, f.Fresh(t))
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
	s := openQuiz(t, f, dsn)
	sub := subscribe(t, s, qc1, "daily 09:00 UTC", t0)
	p := claim(t, s, slotClaim(sub, t0))[0]
	if _, err := s.RecordAnswer(t.Context(), answer(p.ID, "U1", "A", true, t0)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openQuiz(t, f, dsn)
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
	s := openQuiz(t, f, f.Fresh(t))
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
