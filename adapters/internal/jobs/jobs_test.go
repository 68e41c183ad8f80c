package jobs

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func TestShutdownWaitsForRunningJobs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := New(4, time.Minute)
		var finished atomic.Int32
		for range 3 {
			g.Go("C1", func(context.Context) { time.Sleep(time.Second); finished.Add(1) })
		}
		if late := g.Shutdown(t.Context()); late != nil {
			t.Fatalf("cancelled %v", late)
		}
		if finished.Load() != 3 {
			t.Errorf("%d of 3 jobs finished before Shutdown returned", finished.Load())
		}
		if g.Go("C2", func(context.Context) { t.Error("a job ran after shutdown") }) {
			t.Error("Go accepted a job after shutdown")
		}
	})
}

func TestShutdownCancelsWhatOutlivesItsContextAndNamesIt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := New(4, time.Hour)
		g.Go("C-slow", func(ctx context.Context) { <-ctx.Done() })
		g.Go("C-fast", func(context.Context) {})
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		if late := g.Shutdown(ctx); !slices.Equal(late, []string{"C-slow"}) {
			t.Fatalf("cancelled %v, want [C-slow]", late)
		}
	})
}

func TestAtMostSizeJobsRunAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := New(2, time.Minute)
		var now, most atomic.Int32
		for range 6 {
			g.Go("C", func(context.Context) {
				n := now.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				time.Sleep(time.Second)
				now.Add(-1)
			})
		}
		g.Shutdown(t.Context())
		if most.Load() != 2 {
			t.Errorf("%d jobs ran at once, want 2", most.Load())
		}
	})
}

func TestAJobEndsAtItsLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		g := New(1, 30*time.Second)
		start := time.Now()
		var took time.Duration
		g.Go("C", func(ctx context.Context) { <-ctx.Done(); took = time.Since(start) })
		g.Shutdown(t.Context())
		if took != 30*time.Second {
			t.Errorf("job ran %v, want its 30s limit", took)
		}
	})
}
