package turns

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// Callers go one interval apart in the order they asked, and a hold pushes the queue behind it
// with the spacing restarting at its end (not every turn due at once).
func TestTurnsAreSpacedInOrderAndHeld(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := New(250 * time.Millisecond)
		start := time.Now()
		q.Hold(start.Add(time.Second))
		var mu sync.Mutex
		var order []int
		var at []time.Duration
		var wg sync.WaitGroup
		for i := range 6 {
			wg.Go(func() {
				if err := q.Wait(context.Background()); err != nil {
					t.Error(err)
				}
				mu.Lock()
				order, at = append(order, i), append(at, time.Since(start))
				mu.Unlock()
			})
			synctest.Wait() // each caller asks after the one before
		}
		wg.Wait()
		for i := range order {
			if order[i] != i {
				t.Fatalf("order %v, want the order they asked", order)
			}
			if want := time.Second + time.Duration(i)*250*time.Millisecond; at[i] != want {
				t.Errorf("caller %d went at %v, want %v", i, at[i], want)
			}
		}
	})
}

// A hold that begins while a caller waits for its turn sends it behind the hold.
func TestAHoldWhileWaitingRequeues(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := New(time.Second)
		start := time.Now()
		if err := q.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		done := make(chan time.Duration)
		go func() {
			_ = q.Wait(context.Background())
			done <- time.Since(start)
		}()
		synctest.Wait()
		q.Hold(start.Add(3 * time.Second))
		if got := <-done; got != 3*time.Second {
			t.Errorf("went at %v, want the hold's end (3s)", got)
		}
	})
}

// A caller that gives up returns with its context's error and gives its turn back instead of
// pushing later callers further out.
func TestGivingUpGivesTheTurnBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := New(time.Second)
		start := time.Now()
		if err := q.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		if err := q.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("wait: %v", err)
		}
		if err := q.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := time.Since(start); got != time.Second {
			t.Errorf("next caller went at %v, want the turn given back (1s)", got)
		}
	})
}
