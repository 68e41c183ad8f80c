package deadline

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

func TestWorkDoneInTimeIsTheAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := Start(t.Context(), func(context.Context) string { return "risks" })
		if v, ok := c.Within(2 * time.Second); !ok || v != "risks" {
			t.Fatalf("Within = %q, %v; want risks, true", v, ok)
		}
	})
}

func TestLateWorkIsDeliveredByWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		start := time.Now()
		c := Start(t.Context(), func(context.Context) string { <-release; return "late" })
		if _, ok := c.Within(2 * time.Second); ok {
			t.Fatal("blocked work counted as in time")
		}
		if waited := time.Since(start); waited != 2*time.Second {
			t.Errorf("Within waited %v, want the deadline, 2s", waited)
		}
		close(release)
		if v, err := c.Wait(t.Context(), time.Minute); err != nil || v != "late" {
			t.Fatalf("Wait = %q, %v", v, err)
		}
	})
}

func TestWaitGivesUpAtItsLimitAndCancelsTheWork(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cancelled := make(chan struct{})
		c := Start(t.Context(), func(ctx context.Context) int { <-ctx.Done(); close(cancelled); return 0 })
		c.Within(time.Second)
		_, err := c.Wait(t.Context(), time.Minute)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Wait error %v, want DeadlineExceeded", err)
		}
		<-cancelled // the work saw its context end
	})
}

func TestTheWorkOutlivesTheRequestThatStartedIt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		req, end := context.WithCancel(t.Context())
		release := make(chan struct{})
		c := Start(req, func(ctx context.Context) error { <-release; return ctx.Err() })
		c.Within(time.Second)
		end() // the platform's request is over once the adapter deferred
		close(release)
		if err, _ := c.Wait(t.Context(), time.Minute); err != nil {
			t.Fatalf("the work's context ended with the request: %v", err)
		}
	})
}
