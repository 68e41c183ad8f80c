package quiz_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
)

// keyedPoster is a fakePoster that remembers which message each IdempotencyKey made, as a
// platform would see it.
type keyedPoster struct {
	*fakePoster
	mu    sync.Mutex
	byKey map[string]string // key -> message id
}

func newKeyedPoster() *keyedPoster {
	return &keyedPoster{fakePoster: &fakePoster{fail: map[string]bool{}}, byKey: map[string]string{}}
}

func (p *keyedPoster) Post(ctx context.Context, ch core.ChannelKey, r core.Reply) (core.MessageRef, error) {
	ref, err := p.fakePoster.Post(ctx, ch, r)
	if err == nil && r.IdempotencyKey != "" {
		p.mu.Lock()
		p.byKey[r.IdempotencyKey] = ref.ID
		p.mu.Unlock()
	}
	return ref, err
}

// finderPoster can look a key up (Slack's metadata); lookErr makes the lookup fail.
type finderPoster struct {
	*keyedPoster
	lookErr error
	lookups int
}

func (p *finderPoster) FindMessage(_ context.Context, ch core.ChannelKey, key, _ string, _ time.Time) (core.MessageRef, bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lookups++
	if p.lookErr != nil {
		return core.MessageRef{}, false, p.lookErr
	}
	id, ok := p.byKey[key]
	return core.MessageRef{Channel: ch, ID: id}, ok, nil
}

// dedupPoster delivers one message per key (Discord's nonce with enforce_nonce).
type dedupPoster struct{ *keyedPoster }

func (p *dedupPoster) Post(ctx context.Context, ch core.ChannelKey, r core.Reply) (core.MessageRef, error) {
	p.mu.Lock()
	id, ok := p.byKey[r.IdempotencyKey]
	p.mu.Unlock()
	if ok && r.IdempotencyKey != "" {
		return core.MessageRef{Channel: ch, ID: id}, nil
	}
	return p.keyedPoster.Post(ctx, ch, r)
}

func (p *dedupPoster) DedupWindow(core.ChannelKey) time.Duration { return 2 * time.Minute }

var slackC1 = core.ChannelKey{Platform: "slack", Workspace: "T1", Channel: "C1"}

// TestTakeoverOfADeadReplicasPost: a replica claimed a slot (and perhaps began sending it)
// and died; once its lease ends, a live engine finishes the post without ever posting it
// twice, and the post found or sent is tracked: it gets its reveal.
func TestTakeoverOfADeadReplicasPost(t *testing.T) {
	tests := []struct {
		name      string
		poster    func(*keyedPoster) core.Poster
		began     bool  // the dead replica began the send
		delivered bool  // ... and its message reached the platform
		lookErr   error // a Finder's lookup fails
		wantPosts int   // messages of the post on the platform in the end
		wantState quiz.PostState
	}{
		{"never sent, any poster", plain, false, false, nil, 1, quiz.StateRevealed},
		{"in doubt, delivered, finder finds it", finder, true, true, nil, 1, quiz.StateRevealed},
		{"in doubt, not delivered, finder posts it", finder, true, false, nil, 1, quiz.StateRevealed},
		{"in doubt, delivered, finder cannot look", finder, true, true, errors.New("missing_scope"), 1, quiz.StateSending},
		{"in doubt, delivered, deduper resends the key", dedup, true, true, nil, 1, quiz.StateRevealed},
		{"in doubt, not delivered, deduper sends it", dedup, true, false, nil, 1, quiz.StateRevealed},
		{"in doubt, delivered, plain poster cannot tell", plain, true, true, nil, 1, quiz.StateDropped},
		{"in doubt, not delivered, plain poster cannot tell", plain, true, false, nil, 0, quiz.StateDropped},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFixture(t)
				kp := newKeyedPoster()
				poster := tc.poster(kp)
				if fp, ok := poster.(*finderPoster); ok {
					fp.lookErr = tc.lookErr
				}
				now := time.Now()
				// The dead replica's claim and send, as the store and the platform saw them.
				ps, err := f.store.ClaimSlots(t.Context(), []quiz.Claim{{Channel: slackC1, Lang: "en", CreatedAt: now,
					RevealAt: now.Add(time.Hour), Owner: "dead", LeaseUntil: now.Add(15 * time.Second)}}, firstQuestion(f.e.Bank()))
				if err != nil || len(ps) != 1 {
					t.Fatal(ps, err)
				}
				id := ps[0].ID
				if tc.began {
					if ok, err := f.store.BeginSend(t.Context(), id, 0, "dead", now, now.Add(15*time.Second)); !ok || err != nil {
						t.Fatal(ok, err)
					}
				}
				if tc.delivered {
					if _, err := kp.Post(t.Context(), slackC1, core.Reply{Body: "quiz", IdempotencyKey: "bmq" + strconv.FormatInt(id, 10),
						Meta: map[string]string{"quiz_post": strconv.FormatInt(id, 10)}}); err != nil {
						t.Fatal(err)
					}
				}
				e := quiz.New(quiz.Options{Base: embedded(t), Store: f.store, Poster: poster, RevealAfter: time.Hour, Workers: 2})
				t.Cleanup(e.Close)
				tick := func() {
					t.Helper()
					if err := e.Tick(t.Context(), time.Now()); err != nil {
						t.Fatal(err)
					}
					e.Wait()
				}
				tick()
				if n := len(postsOf(kp, id)); n != boolInt(tc.delivered) {
					t.Fatalf("under the dead replica's lease: %d messages", n)
				}
				time.Sleep(16 * time.Second)
				tick()
				time.Sleep(time.Hour)
				tick()
				if got := len(postsOf(kp, id)); got != tc.wantPosts {
					t.Errorf("%d messages of the post, want %d", got, tc.wantPosts)
				}
				p, _, _ := f.store.Post(t.Context(), id)
				if p.State != tc.wantState {
					t.Errorf("state %s, want %s", p.State, tc.wantState)
				}
				reveals := kp.filter(func(s sent) bool { return s.reply.Meta["quiz_reveal"] == strconv.FormatInt(id, 10) })
				closes := kp.filter(func(s sent) bool { return s.update && s.ref == p.MessageID && len(s.reply.Buttons) == 0 })
				if tc.wantState == quiz.StateRevealed {
					if len(reveals) != 1 || reveals[0].reply.ThreadID != p.MessageID || len(closes) != 1 {
						t.Errorf("reveal: %d replies (thread %q, message %q), %d closing edits; want one each", len(reveals),
							first(reveals).reply.ThreadID, p.MessageID, len(closes))
					}
				} else if len(reveals)+len(closes) != 0 {
					t.Errorf("a post not tracked was revealed or closed: %d, %d", len(reveals), len(closes))
				}
			})
		})
	}
}

func plain(kp *keyedPoster) core.Poster  { return kp }
func finder(kp *keyedPoster) core.Poster { return &finderPoster{keyedPoster: kp} }
func dedup(kp *keyedPoster) core.Poster  { return &dedupPoster{kp} }

func postsOf(p *keyedPoster, id int64) []sent {
	return p.filter(func(s sent) bool {
		return !s.update && s.reply.ThreadID == "" && s.reply.Meta["quiz_post"] == strconv.FormatInt(id, 10)
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func first(ss []sent) sent {
	if len(ss) == 0 {
		return sent{}
	}
	return ss[0]
}

// firstQuestion deals the bank's first question, whatever the deck.
func firstQuestion(b *quiz.Bank) quiz.Dealer {
	return func(_ core.ChannelKey, d quiz.Deck) (string, quiz.Deck) { return b.IDs()[0], d }
}

// TestTakeoverOfADeadReplicasReveal: a replica claimed a reveal (and perhaps posted the answer)
// and died; after its lease a live engine closes the quiz and marks it revealed, posting the
// answer only when it knows the first one did not go out.
func TestTakeoverOfADeadReplicasReveal(t *testing.T) {
	tests := []struct {
		name        string
		poster      func(*keyedPoster) core.Poster
		replied     bool // the dead replica's answer reached the platform
		wantReplies int
	}{
		{"finder, answer out: not again", finder, true, 1},
		{"finder, answer not out: posted", finder, false, 1},
		{"deduper, answer out: same key, one message", dedup, true, 1},
		{"plain poster cannot tell: close only", plain, true, 1},
		{"plain poster cannot tell, none out: close only", plain, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFixture(t)
				kp := newKeyedPoster()
				now := time.Now()
				ps, err := f.store.ClaimSlots(t.Context(), []quiz.Claim{{Channel: slackC1, Lang: "en", CreatedAt: now,
					RevealAt: now.Add(time.Minute)}}, firstQuestion(f.e.Bank()))
				if err != nil || len(ps) != 1 {
					t.Fatal(ps, err)
				}
				id := ps[0].ID
				msg, _ := kp.Post(t.Context(), slackC1, core.Reply{Body: "quiz", Meta: map[string]string{"quiz_post": strconv.FormatInt(id, 10)}})
				if err := f.store.SetMessageID(t.Context(), id, msg.ID); err != nil {
					t.Fatal(err)
				}
				at := now.Add(time.Minute)
				if ok, err := f.store.ClaimReveal(t.Context(), id, 0, "dead", at, at.Add(15*time.Second)); !ok || err != nil {
					t.Fatal(ok, err)
				}
				if tc.replied {
					if _, err := kp.Post(t.Context(), slackC1, core.Reply{Body: "answer", ThreadID: msg.ID, IdempotencyKey: "bmr" + strconv.FormatInt(id, 10),
						Meta: map[string]string{"quiz_reveal": strconv.FormatInt(id, 10)}}); err != nil {
						t.Fatal(err)
					}
				}
				e := quiz.New(quiz.Options{Base: embedded(t), Store: f.store, Poster: tc.poster(kp), RevealAfter: time.Minute, Workers: 2})
				t.Cleanup(e.Close)
				time.Sleep(time.Minute + 16*time.Second)
				if err := e.Tick(t.Context(), time.Now()); err != nil {
					t.Fatal(err)
				}
				e.Wait()
				// The deduper fake answers a repeated key with the first message: count messages, not calls.
				replies := map[string]bool{}
				for _, s := range kp.filter(func(s sent) bool { return s.reply.Meta["quiz_reveal"] != "" }) {
					replies[s.ref] = true
				}
				closes := kp.filter(func(s sent) bool { return s.update && s.ref == msg.ID && len(s.reply.Buttons) == 0 })
				if len(replies) != tc.wantReplies || len(closes) != 1 {
					t.Errorf("%d answer messages, %d closing edits; want %d and 1", len(replies), len(closes), tc.wantReplies)
				}
				if p, _, _ := f.store.Post(t.Context(), id); p.State != quiz.StateRevealed {
					t.Errorf("state %s", p.State)
				}
			})
		})
	}
}
