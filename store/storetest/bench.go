package storetest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// Bench runs the ports' benchmarks as sub-benchmarks of b, each on a store from open (a fresh
// database per sub-benchmark). The figures are in ops/s, as the bot's load is stated.
func Bench(b *testing.B, open func(b *testing.B) Store) {
	b.Run("FirstSeen", func(b *testing.B) {
		s := open(b)
		ctx := context.Background()
		now := time.Now()
		var seq atomic.Int64
		parallel(b, 4, func() error {
			_, err := s.FirstSeen(ctx, fmt.Sprintf("ev-%d", seq.Add(1)), now, time.Hour)
			return err
		})
	})
	b.Run("SetUserLang", func(b *testing.B) {
		s := open(b)
		ctx := context.Background()
		var seq atomic.Int64
		parallel(b, 4, func() error {
			u := core.UserKey{Platform: "slack", Workspace: "T1", User: fmt.Sprintf("U%d", seq.Add(1)%5000)}
			return s.SetUserLang(ctx, u, knowledge.ZH)
		})
	})
	b.Run("UserLang", func(b *testing.B) {
		s := open(b)
		ctx := context.Background()
		for i := range 1000 {
			if err := s.SetUserLang(ctx, core.UserKey{Platform: "slack", User: fmt.Sprint(i)}, knowledge.EN); err != nil {
				b.Fatal(err)
			}
		}
		var seq atomic.Int64
		parallel(b, 1, func() error {
			_, _, err := s.UserLang(ctx, core.UserKey{Platform: "slack", User: fmt.Sprint(seq.Add(1) % 1000)})
			return err
		})
	})
}

// parallel runs op b.N times from goroutines (p per GOMAXPROCS) and reports ops/s.
func parallel(b *testing.B, p int, op func() error) {
	b.SetParallelism(p)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := op(); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}
