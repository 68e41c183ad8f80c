package storetest

import (
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
	// Close releases the store; it is not used afterwards.
	Close() error
}

// QuizFactory creates and opens stores for the quiz store suite (RunQuiz).
type QuizFactory = Opener[QuizStore]

// RunQuiz runs the quiz store's contract tests as subtests of t.
func RunQuiz(t *testing.T, f QuizFactory) {
	runContracts(t, f, []contract[QuizStore]{
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
		{"RevealWaitsForPost", testQuizRevealWaitsForPost},
		{"RevealLease", testQuizRevealLease},
		{"SendLease", testQuizSendLease},
		{"ChannelsBehind", testQuizChannelsBehind},
		{"SkippedSlots", testQuizSkippedSlots},
		{"LeaderboardAndStreaks", testQuizScores},
		{"Persistence", testQuizPersistence},
		{"BadInput", testQuizBadInput},
	})
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
	s := openUntilEnd(t, f, f.Fresh(t))
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
	s := openUntilEnd(t, f, f.Fresh(t))
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
	s := openUntilEnd(t, f, f.Fresh(t))
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
	a, b := openUntilEnd(t, f, dsn), openUntilEnd(t, f, dsn)
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
	s := openUntilEnd(t, f, f.Fresh(t))
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
	s := openUntilEnd(t, f, f.Fresh(t))
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
	s := openUntilEnd(t, f, f.Fresh(t))
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
