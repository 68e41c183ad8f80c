package postgres

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/store/postgres/pgtest"
)

// BenchmarkPostgres starts one server for all its sub-benchmarks: a parent benchmark runs once,
// its children as often as timing needs.
func BenchmarkPostgres(b *testing.B) {
	srv := pgtest.Start(b)
	open := func(b *testing.B) *Store {
		s, err := Open(context.Background(), srv.NewDatabase(b))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	}
	b.Run("FirstSeen", func(b *testing.B) {
		s := open(b)
		ctx := context.Background()
		now := time.Now()
		var seq atomic.Int64
		b.SetParallelism(4)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := s.FirstSeen(ctx, fmt.Sprintf("ev-%d", seq.Add(1)), now, time.Hour); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
	})
	b.Run("SetUserLang", func(b *testing.B) {
		s := open(b)
		ctx := context.Background()
		var seq atomic.Int64
		b.SetParallelism(4)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				u := core.UserKey{Platform: "slack", Workspace: "T1", User: fmt.Sprintf("U%d", seq.Add(1)%5000)}
				if err := s.SetUserLang(ctx, u, knowledge.ZH); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
	})
}
