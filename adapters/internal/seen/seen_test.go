package seen

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
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

// Two replicas share a real store: a delivery seen by one is refused by the other, and a
// repeat on one replica is refused by its own window. A failing store lets a delivery through
// once, with its error, and the window still stops the repeat.
func TestLayeredSharesAcrossReplicasAndSurvivesAStoreFailure(t *testing.T) {
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	a, b := Layered{Local: New(10), Shared: st}, Layered{Local: New(10), Shared: st}
	now := time.Now()
	for _, step := range []struct {
		on   Layered
		key  string
		want bool
	}{
		{a, "ev1", true},
		{a, "ev1", false}, // a redelivery to the same replica
		{b, "ev1", false}, // the other replica saw it through the store
		{b, "ev2", true},
	} {
		if got, err := step.on.FirstSeen(ctx, step.key, now, time.Hour); got != step.want || err != nil {
			t.Fatalf("FirstSeen(%s) = %v, %v; want %v", step.key, got, err, step.want)
		}
	}
	st.Close()
	if got, err := a.FirstSeen(ctx, "ev3", now, time.Hour); !got || err == nil {
		t.Fatalf("with the store down: %v, %v; want new, with the store's error", got, err)
	}
	if got, _ := a.FirstSeen(ctx, "ev3", now, time.Hour); got {
		t.Error("with the store down, the window let a repeat through")
	}
	if got, _ := (Layered{Local: New(10)}).FirstSeen(ctx, "ev1", now, time.Hour); !got {
		t.Error("with no store, a new id is refused")
	}
}
