package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/store/storetest"
)

func benchStore(b *testing.B) *Store {
	b.Helper()
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// reportRate adds ops/s, the figure the quiz engine's load is stated in.
func reportRate(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

// BenchmarkPorts runs the ports' benchmarks shared with store/postgres.
func BenchmarkPorts(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) storetest.Store { return benchStore(b) })
}

// BenchmarkClaimTx is the quiz engine's pattern through withTx: read a slot, and claim it
// only if nobody has, from several goroutines at once.
func BenchmarkClaimTx(b *testing.B) {
	s := benchStore(b)
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE bench_claims (slot INTEGER PRIMARY KEY, owner TEXT NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	var seq, won atomic.Int64
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			slot := seq.Add(1) / 2 // every slot is contended by two claimers
			err := s.withTx(ctx, func(tx *sql.Tx) error {
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM bench_claims WHERE slot = ?`, slot).Scan(&n); err != nil {
					return err
				}
				if n > 0 {
					return nil
				}
				won.Add(1)
				_, err := tx.ExecContext(ctx, `INSERT INTO bench_claims (slot, owner) VALUES (?, 'me')`, slot)
				return err
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
	reportRate(b)
	var rows int64
	s.db.QueryRowContext(ctx, `SELECT count(*) FROM bench_claims`).Scan(&rows)
	if rows != won.Load() {
		b.Fatalf("%d claims won but %d rows: a slot was claimed twice or lost", won.Load(), rows)
	}
}
