package storetest

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// t0 is the suite's "now": the stores take times as arguments, so the suite picks them.
var t0 = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

func testLangRoundTrip(t *testing.T, f Factory) {
	s, _ := open(t, f)
	ctx := t.Context()
	u := core.UserKey{Platform: "slack", Workspace: "T1", User: "U1"}
	if lang, ok, err := s.UserLang(ctx, u); err != nil || ok {
		t.Fatalf("UserLang before any choice = %q, %v, %v; want no choice", lang, ok, err)
	}
	for _, want := range []knowledge.Lang{knowledge.ZH, knowledge.EN, knowledge.ZH} {
		if err := s.SetUserLang(ctx, u, want); err != nil {
			t.Fatalf("SetUserLang(%s): %v", want, err)
		}
		got, ok, err := s.UserLang(ctx, u)
		if err != nil || !ok || got != want {
			t.Fatalf("UserLang after SetUserLang(%s) = %q, %v, %v", want, got, ok, err)
		}
	}
}

func testLangIsolation(t *testing.T, f Factory) {
	s, _ := open(t, f)
	ctx := t.Context()
	// The same user id on another platform, in another workspace or in a DM is another person.
	keys := []struct {
		u    core.UserKey
		lang knowledge.Lang
	}{
		{core.UserKey{Platform: "slack", Workspace: "T1", User: "U1"}, knowledge.ZH},
		{core.UserKey{Platform: "slack", Workspace: "T2", User: "U1"}, knowledge.EN},
		{core.UserKey{Platform: "discord", Workspace: "T1", User: "U1"}, knowledge.EN},
		{core.UserKey{Platform: "discord", Workspace: "", User: "U1"}, knowledge.ZH},
		{core.UserKey{Platform: "slack", Workspace: "T1", User: "U2"}, knowledge.EN},
	}
	for _, k := range keys {
		if err := s.SetUserLang(ctx, k.u, k.lang); err != nil {
			t.Fatalf("SetUserLang(%+v): %v", k.u, err)
		}
	}
	for _, k := range keys {
		got, ok, err := s.UserLang(ctx, k.u)
		if err != nil || !ok || got != k.lang {
			t.Errorf("UserLang(%+v) = %q, %v, %v; want %q", k.u, got, ok, err, k.lang)
		}
	}
	unknown := core.UserKey{Platform: "slack", Workspace: "T1", User: "U3"}
	if _, ok, err := s.UserLang(ctx, unknown); err != nil || ok {
		t.Errorf("UserLang of a user who never chose: ok=%v err=%v", ok, err)
	}
}

func testFeedbackReplace(t *testing.T, f Factory) {
	s, _ := open(t, f)
	ctx := t.Context()
	a := core.UserKey{Platform: "slack", Workspace: "T1", User: "UA"}
	b := core.UserKey{Platform: "slack", Workspace: "T1", User: "UB"}
	steps := []struct {
		fb       core.Feedback
		up, down int // counts for "risks" afterwards
	}{
		{core.Feedback{User: a, Channel: "C1", Slug: "risks", Helpful: true, At: t0}, 1, 0},
		{core.Feedback{User: a, Channel: "C1", Slug: "risks", Helpful: true, At: t0.Add(time.Second)}, 1, 0},
		{core.Feedback{User: a, Channel: "C2", Slug: "risks", Helpful: false, At: t0.Add(2 * time.Second)}, 0, 1},
		{core.Feedback{User: b, Channel: "C1", Slug: "risks", Helpful: true, At: t0.Add(3 * time.Second)}, 1, 1},
		{core.Feedback{User: b, Channel: "C1", Slug: "funding", Helpful: false, At: t0.Add(4 * time.Second)}, 1, 1},
		{core.Feedback{User: a, Channel: "C1", Slug: "risks", Helpful: true, At: t0.Add(5 * time.Second)}, 2, 0},
	}
	for i, st := range steps {
		if err := s.SaveFeedback(ctx, st.fb); err != nil {
			t.Fatalf("step %d: SaveFeedback: %v", i, err)
		}
		up, down, err := s.FeedbackCounts(ctx, "risks")
		if err != nil || up != st.up || down != st.down {
			t.Fatalf("step %d: FeedbackCounts(risks) = %d up, %d down, %v; want %d, %d", i, up, down, err, st.up, st.down)
		}
	}
	if up, down, err := s.FeedbackCounts(ctx, "funding"); err != nil || up != 0 || down != 1 {
		t.Errorf("FeedbackCounts(funding) = %d, %d, %v; want 0, 1", up, down, err)
	}
	if up, down, err := s.FeedbackCounts(ctx, "never-rated"); err != nil || up != 0 || down != 0 {
		t.Errorf("FeedbackCounts(never-rated) = %d, %d, %v; want 0, 0", up, down, err)
	}
}

func testFeedbackIsolation(t *testing.T, f Factory) {
	s, _ := open(t, f)
	ctx := t.Context()
	// One user id in two workspaces and on two platforms: three people, three votes.
	users := []core.UserKey{
		{Platform: "slack", Workspace: "T1", User: "U1"},
		{Platform: "slack", Workspace: "T2", User: "U1"},
		{Platform: "discord", Workspace: "T1", User: "U1"},
	}
	for i, u := range users {
		fb := core.Feedback{User: u, Channel: "C", Slug: "overview", Helpful: i != 1, At: t0}
		if err := s.SaveFeedback(ctx, fb); err != nil {
			t.Fatalf("SaveFeedback(%+v): %v", u, err)
		}
	}
	if up, down, err := s.FeedbackCounts(ctx, "overview"); err != nil || up != 2 || down != 1 {
		t.Errorf("FeedbackCounts(overview) = %d, %d, %v; want 2, 1", up, down, err)
	}
	// Slugs match exactly: no prefix or pattern matching.
	if up, down, err := s.FeedbackCounts(ctx, "over%"); err != nil || up+down != 0 {
		t.Errorf("FeedbackCounts(over%%) = %d, %d, %v; want 0, 0", up, down, err)
	}
}

func testDedup(t *testing.T, f Factory) {
	s, _ := open(t, f)
	ctx := t.Context()
	ttl := 10 * time.Minute
	steps := []struct {
		key  string
		now  time.Time
		want bool
	}{
		{"slack:Ev1", t0, true},
		{"slack:Ev1", t0, false},
		{"slack:Ev1", t0.Add(ttl - time.Nanosecond), false},
		{"slack:Ev2", t0.Add(time.Minute), true},
		{"discord:Ev1", t0.Add(time.Minute), true},
		{"slack:Ev1", t0.Add(ttl), true}, // expired: a new delivery
		{"slack:Ev1", t0.Add(ttl + time.Second), false},
		{"slack:Ev2", t0.Add(ttl), false},
		{"slack:Ev2", t0.Add(time.Minute + ttl), true},
	}
	for i, st := range steps {
		got, err := s.FirstSeen(ctx, st.key, st.now, ttl)
		if err != nil || got != st.want {
			t.Fatalf("step %d: FirstSeen(%q, t0+%v) = %v, %v; want %v", i, st.key, st.now.Sub(t0), got, err, st.want)
		}
	}
}

func testDedupLongKeys(t *testing.T, f Factory) {
	s, _ := open(t, f)
	ctx := t.Context()
	// Keys longer than any platform id, sharing a long prefix, stay distinct.
	long := strings.Repeat("x", 10_000)
	for _, k := range []string{long + "a", long + "b", "sha256:" + long} {
		for i, want := range []bool{true, false} {
			got, err := s.FirstSeen(ctx, k, t0, time.Hour)
			if err != nil || got != want {
				t.Fatalf("FirstSeen(%d-byte key ending %q) call %d = %v, %v; want %v", len(k), k[len(k)-1:], i+1, got, err, want)
			}
		}
	}
}

func testDedupConcurrent(t *testing.T, f Factory) {
	s, _ := open(t, f)
	ctx := t.Context()
	for round := range 5 {
		key := fmt.Sprintf("slack:retried-%d", round)
		var wg sync.WaitGroup
		results := make(chan bool, 20)
		errs := make(chan error, 20)
		for range 20 {
			wg.Go(func() {
				ok, err := s.FirstSeen(ctx, key, t0, time.Hour)
				if err != nil {
					errs <- err
					return
				}
				results <- ok
			})
		}
		wg.Wait()
		close(results)
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: concurrent FirstSeen: %v", round, err)
		}
		n := 0
		for ok := range results {
			if ok {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("round %d: %d of 20 concurrent FirstSeen calls saw the key first; want exactly 1", round, n)
		}
	}
}

func testConcurrentWriters(t *testing.T, f Factory) {
	s, _ := open(t, f)
	ctx := t.Context()
	// Writers of every kind at once must neither fail (busy/locked) nor lose a write.
	const workers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*3)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				u := core.UserKey{Platform: "slack", Workspace: "T", User: fmt.Sprintf("U%d-%d", w, i)}
				if err := s.SetUserLang(ctx, u, knowledge.ZH); err != nil {
					errs <- err
				}
				fb := core.Feedback{User: u, Channel: "C", Slug: "training", Helpful: i%2 == 0, At: t0}
				if err := s.SaveFeedback(ctx, fb); err != nil {
					errs <- err
				}
				if _, err := s.FirstSeen(ctx, u.User, t0, time.Hour); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent write: %v", err)
	}
	up, down, err := s.FeedbackCounts(ctx, "training")
	wantUp := workers * ((each + 1) / 2)
	if err != nil || up != wantUp || down != workers*each-wantUp {
		t.Fatalf("FeedbackCounts after concurrent writes = %d, %d, %v; want %d, %d", up, down, err, wantUp, workers*each-wantUp)
	}
}
