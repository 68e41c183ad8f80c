package quiz_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

func slots(ss []sent) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.reply.Meta["slot"])
	}
	return out
}

func TestScheduledSlotPostedExactlyOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		f.command(t, req("C1", "admin", ""), "subscribe", "09:00")
		f.tick(t)
		if n := len(f.poster.posts()); n != 0 {
			t.Fatalf("%d posts before 09:00", n)
		}
		time.Sleep(time.Minute)
		f.tick(t)
		f.tick(t) // the same instant again: nothing new
		restarted := f.engine(t, f.store)
		if err := restarted.Tick(t.Context(), time.Now()); err != nil {
			t.Fatal(err)
		}
		restarted.Wait()
		got := f.poster.posts()
		if len(got) != 1 || got[0].reply.Meta["slot"] != "2026-03-13T09:00:00Z" {
			t.Fatalf("posts = %v, want one for 09:00", slots(got))
		}
		if got[0].reply.Meta["quiz_post"] == "" || got[0].reply.Meta["question"] == "" || len(got[0].reply.Buttons) == 0 {
			t.Errorf("post lacks meta or buttons: %+v", got[0].reply)
		}
		time.Sleep(24 * time.Hour)
		f.tick(t)
		if got := slots(f.poster.posts()); len(got) != 2 || got[1] != "2026-03-14T09:00:00Z" {
			t.Fatalf("slots = %v, want the next day's too", got)
		}
	})
}

func TestMissedSlotsCatchUpOnceWithinGrace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		f.command(t, req("C1", "admin", ""), "subscribe", "@every 1m")
		// Down for 30 minutes: 30 slots missed, one post (the latest), never a burst.
		time.Sleep(30 * time.Minute)
		f.tick(t)
		got := f.poster.posts()
		if len(got) != 1 || got[0].reply.Meta["slot"] != "2026-03-13T09:29:00Z" {
			t.Fatalf("after 30 min down: %v, want only 09:29", slots(got))
		}
	})
	synctest.Test(t, func(t *testing.T) {
		g := newFixture(t)
		g.command(t, req("C1", "admin", ""), "subscribe", "09:00")
		// Down until 12:00: the 09:00 slot is 3 h late, beyond the 2 h grace, so it is skipped.
		time.Sleep(3*time.Hour + time.Minute)
		g.tick(t)
		if got := g.poster.posts(); len(got) != 0 {
			t.Fatalf("posted %v beyond the grace", slots(got))
		}
		time.Sleep(21 * time.Hour)
		g.tick(t)
		if got := slots(g.poster.posts()); len(got) != 1 || got[0] != "2026-03-14T09:00:00Z" {
			t.Fatalf("next day: %v", got)
		}
	})
}

func TestFailedPostIsLostNotRepeated(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		f.poster.fail["C1"] = true
		f.command(t, req("C1", "admin", ""), "subscribe", "@every 1m")
		time.Sleep(time.Minute)
		f.tick(t)
		f.poster.fail["C1"] = false
		f.tick(t)
		if n := len(f.poster.posts()); n != 0 {
			t.Fatalf("the failed slot was retried: %d posts", n)
		}
		time.Sleep(time.Minute)
		f.tick(t)
		if got := slots(f.poster.posts()); len(got) != 1 || got[0] != "2026-03-13T09:01:00Z" {
			t.Fatalf("slots = %v, want the next one only", got)
		}
	})
}

func TestDeckCoversEveryQuestionBeforeRepeating(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		n := f.e.Bank().Len()
		f.command(t, req("C1", "admin", ""), "subscribe", "@every 1m")
		seen := map[string]bool{}
		for i := 0; i < n; i++ {
			time.Sleep(time.Minute)
			if i == n/2 {
				f.e = f.engine(t, f.store) // a restart half way keeps the deck position
			}
			f.tick(t)
		}
		posts := f.poster.posts()
		if len(posts) != n {
			t.Fatalf("%d posts for %d slots", len(posts), n)
		}
		for _, p := range posts {
			q := p.reply.Meta["question"]
			if seen[q] {
				t.Fatalf("question %s repeated before the deck ran out", q)
			}
			seen[q] = true
		}
		time.Sleep(time.Minute)
		f.tick(t)
		if len(f.poster.posts()) != n+1 {
			t.Fatal("no post after the deck ran out: the next round did not start")
		}
	})
}

func TestDecksAreShuffledPerChannel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		for _, ch := range []string{"C1", "C2"} {
			f.command(t, req(ch, "admin", ""), "subscribe", "@every 1m")
		}
		for i := 0; i < 5; i++ {
			time.Sleep(time.Minute)
			f.tick(t)
		}
		order := map[string]string{}
		for _, p := range f.poster.posts() {
			order[p.ch.Channel] += p.reply.Meta["question"] + " "
		}
		if order["C1"] == order["C2"] {
			t.Errorf("two channels got the same questions in the same order: %s", order["C1"])
		}
	})
}

// Run posts each slot when its time comes, not before; the bubble's clock makes a minute
// instant and lets the test see what the loop did once it is idle again.
func TestRunLoopPostsEachSlotOnTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		f.poster.sentCh = make(chan sent, 16)
		f.command(t, req("C1", "admin", ""), "subscribe", "@every 1m")
		done := make(chan error, 1)
		ctx, cancel := context.WithCancel(t.Context())
		go func() { done <- f.e.Run(ctx) }()
		for i := 0; i < 3; i++ {
			time.Sleep(time.Minute - time.Second)
			synctest.Wait()
			if n := len(f.poster.sentCh); n != 0 {
				t.Fatalf("%d posts a second before slot %d", n, i)
			}
			time.Sleep(time.Second)
			synctest.Wait()
			select {
			case s := <-f.poster.sentCh:
				if want := t0.Add(time.Duration(i+1) * time.Minute).Format(time.RFC3339); s.reply.Meta["slot"] != want {
					t.Fatalf("post %d for slot %s, want %s", i, s.reply.Meta["slot"], want)
				}
			default:
				t.Fatalf("no post %d when the clock reached its slot", i)
			}
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}

func TestSlowChannelDoesNotHoldUpOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		release := make(chan struct{})
		f.poster.block = map[string]chan struct{}{"slow": release}
		f.poster.sentCh = make(chan sent, 16)
		for _, ch := range []string{"slow", "C1", "C2", "C3", "C4", "C5"} {
			f.command(t, req(ch, "admin", ""), "subscribe", "09:00")
		}
		time.Sleep(time.Minute)
		if err := f.e.Tick(t.Context(), time.Now()); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 5; i++ {
			select {
			case s := <-f.poster.sentCh:
				if s.ch.Channel == "slow" {
					t.Fatal("the blocked channel posted")
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("only %d of 5 channels posted while one channel hangs", i)
			}
		}
		close(release)
		f.e.Wait()
		if n := len(f.poster.posts()); n != 6 {
			t.Errorf("%d posts, want 6", n)
		}
	})
}
