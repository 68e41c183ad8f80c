package seen

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestWindow(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	w := New(3)
	first := func(key string, at time.Time) bool {
		ok, err := w.FirstSeen(ctx, key, at, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	for _, tc := range []struct {
		key  string
		at   time.Duration
		want bool
	}{
		{"a", 0, true},
		{"a", time.Second, false},    // a redelivery
		{"a", 2 * time.Minute, true}, // older than the ttl: new again
		{"b", 2 * time.Minute, true},
		{"c", 2 * time.Minute, true},
		{"d", 2 * time.Minute, true},   // the window holds 3: the least recent, a, goes
		{"a", 2*time.Minute + 1, true}, // forgotten
		{"d", 2*time.Minute + 2, false},
	} {
		if got := first(tc.key, t0.Add(tc.at)); got != tc.want {
			t.Errorf("FirstSeen(%s at +%v) = %v; want %v", tc.key, tc.at, got, tc.want)
		}
	}
}

// Deliveries of one event at once: exactly one is new.
func TestWindowConcurrent(t *testing.T) {
	w := New(100)
	var news atomic.Int32
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, _ := w.FirstSeen(context.Background(), "ev", time.Unix(0, 0), time.Minute); ok {
				news.Add(1)
			}
			_ = fmt.Sprint(i)
		}()
	}
	wg.Wait()
	if n := news.Load(); n != 1 {
		t.Errorf("%d deliveries counted as new; want 1", n)
	}
}
