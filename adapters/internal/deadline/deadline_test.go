package deadline

import (
	"context"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func TestWorkDoneInTimeIsTheAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var lateCalls atomic.Int32
		v, ok := Race(t.Context(), 2*time.Second, time.Minute, func(context.Context) string { return "risks" }, func() { lateCalls.Add(1) })
		if !ok || v != "risks" {
			t.Fatalf("Race = %q, %v; want risks, true", v, ok)
		}
		time.Sleep(time.Minute)
		if lateCalls.Load() != 0 {
			t.Error("the late acknowledgement ran for work done in time")
		}
	})
}

func TestLateWorkIsAcknowledgedAtTheDeadlineThenReturned(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		release := make(chan struct{})
		var ackedAt time.Duration
		v, ok := Race(t.Context(), 2*time.Second, time.Minute, func(context.Context) string {
			<-release
			return "late"
		}, func() {
			ackedAt = time.Since(start)
			close(release) // the work finishes only once the platform has been acknowledged
		})
		if ok || v != "late" {
			t.Fatalf("Race = %q, %v; want late, false", v, ok)
		}
		if ackedAt != 2*time.Second {
			t.Errorf("acknowledged after %v, want the 2s deadline", ackedAt)
		}
	})
}

func TestLateWorkIsCancelledAtItsLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		_, ok := Race(t.Context(), time.Second, time.Minute, func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		}, func() {})
		if took := time.Since(start); ok || took != time.Minute {
			t.Fatalf("in time %v after %v; want late, cancelled at the one-minute limit", ok, took)
		}
	})
}

func TestLateWorkEndsWithItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		base, shutdown := context.WithCancel(t.Context())
		err, _ := Race(base, time.Second, time.Hour, func(ctx context.Context) error {
			<-ctx.Done()
			return ctx.Err()
		}, shutdown) // the adapter shuts down while the work is late
		if err != context.Canceled {
			t.Fatalf("the work ended with %v, want its context's cancellation", err)
		}
	})
}
