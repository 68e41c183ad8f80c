package quiz_test

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// countPoster is an in-memory Poster that only counts.
type countPoster struct{ posts, updates atomic.Int64 }

func (p *countPoster) Post(_ context.Context, ch core.ChannelKey, _ core.Reply) (core.MessageRef, error) {
	n := p.posts.Add(1)
	return core.MessageRef{Channel: ch, ID: fmt.Sprint(n)}, nil
}

func (p *countPoster) Update(context.Context, core.MessageRef, core.Reply) error {
	p.updates.Add(1)
	return nil
}

// BenchmarkClaimAndDispatch10kChannels: 10,000 channels subscribed to the same minute, one
// iteration is one day's 09:00 tick on SQLite: claim every slot (deck deal included) and post
// through an in-memory Poster via the worker pool. Reports posts/s and the largest heap in use
// after a day's tick (it stays flat from day to day: nothing is kept per channel in memory).
func BenchmarkClaimAndDispatch10kChannels(b *testing.B) {
	const channels = 10000
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	poster := &countPoster{}
	e := quiz.New(quiz.Options{Base: embedded(b), Store: st, Poster: poster,
		RevealAfter: 1000 * time.Hour, Workers: quiz.DefaultWorkers})
	defer e.Close()
	for i := range channels {
		r := core.Request{Platform: "slack", Workspace: "T1", Channel: fmt.Sprintf("C%05d", i), User: "U", CanManage: true}
		if _, err := e.Command(ctx, r, core.QuizCommand{Name: "subscribe", Args: "09:00"}, "en"); err != nil {
			b.Fatal(err)
		}
	}
	at := nextDayAtNine(time.Now())
	var maxHeap uint64
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := e.Tick(ctx, at); err != nil {
			b.Fatal(err)
		}
		e.Wait()
		b.StopTimer()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		maxHeap = max(maxHeap, ms.HeapInuse)
		at = at.Add(24 * time.Hour)
		b.StartTimer()
	}
	b.StopTimer()
	if got := poster.posts.Load(); got != int64(channels*b.N) {
		b.Fatalf("%d posts for %d channels × %d days", got, channels, b.N)
	}
	b.ReportMetric(float64(channels*b.N)/b.Elapsed().Seconds(), "posts/s")
	b.ReportMetric(float64(maxHeap)/(1<<20), "heapMB")
}

// nextDayAtNine is 09:00 UTC tomorrow. A benchmark ticks ahead of the real clock, a day at a
// time (synctest cannot time a benchmark): each tick finds that day's 09:00 slot due, and a
// slot ahead of the clock is never late.
func nextDayAtNine(now time.Time) time.Time {
	return now.UTC().Truncate(24 * time.Hour).Add(33 * time.Hour)
}
