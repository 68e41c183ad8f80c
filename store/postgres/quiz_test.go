package postgres

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"

	"github.com/bigmodel-bot/bigmodel-bot/store/postgres/pgtest"
	"github.com/bigmodel-bot/bigmodel-bot/store/storetest"
)

func TestPostgresQuiz(t *testing.T) {
	srv := pgtest.Start(t)
	storetest.RunQuiz(t, storetest.QuizFactory{
		Fresh: func(t *testing.T) string { return srv.NewDatabase(t) },
		Open: func(ctx context.Context, dsn string) (storetest.QuizStore, error) {
			return Open(ctx, dsn)
		},
	})
	storetest.RunDashboard(t, storetest.DashboardFactory{
		Fresh: func(t *testing.T) string { return srv.NewDatabase(t) },
		Open: func(ctx context.Context, dsn string) (storetest.DashboardStore, error) {
			return Open(ctx, dsn)
		},
	})
}

// countPoster is an in-memory Poster that only counts.
type countPoster struct{ posts atomic.Int64 }

func (p *countPoster) Post(_ context.Context, ch core.ChannelKey, _ core.Reply) (core.MessageRef, error) {
	return core.MessageRef{Channel: ch, ID: fmt.Sprint(p.posts.Add(1))}, nil
}

func (p *countPoster) Update(context.Context, core.MessageRef, core.Reply) error { return nil }

// BenchmarkPostgresQuizDispatch is the 09:00 tick of 2,000 subscribed channels on PostgreSQL:
// claim every slot, deal the question, post through an in-memory Poster.
func BenchmarkPostgresQuizDispatch(b *testing.B) {
	const channels = 2000
	srv := pgtest.Start(b)
	ctx := context.Background()
	st, err := Open(ctx, srv.NewDatabase(b))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	base, err := knowledge.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	poster := &countPoster{}
	e := quiz.New(quiz.Options{Base: base, Store: st, Poster: poster, RevealAfter: 1000 * time.Hour})
	defer e.Close()
	for i := range channels {
		r := core.Request{Platform: "slack", Workspace: "T1", Channel: fmt.Sprintf("C%05d", i), User: "U", CanManage: true}
		if _, err := e.Command(ctx, r, core.QuizCommand{Name: "subscribe", Args: "09:00"}, "en"); err != nil {
			b.Fatal(err)
		}
	}
	// The ticks run ahead of the real clock a day at a time, from 09:00 UTC tomorrow: each
	// finds that day's slot due, and a slot ahead of the clock is never late.
	at := time.Now().UTC().Truncate(24 * time.Hour).Add(33 * time.Hour)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := e.Tick(ctx, at); err != nil {
			b.Fatal(err)
		}
		e.Wait()
		at = at.Add(24 * time.Hour)
	}
	b.StopTimer()
	if got := poster.posts.Load(); got != int64(channels*b.N) {
		b.Fatalf("%d posts for %d channels × %d days", got, channels, b.N)
	}
	b.ReportMetric(float64(channels*b.N)/b.Elapsed().Seconds(), "posts/s")
}
