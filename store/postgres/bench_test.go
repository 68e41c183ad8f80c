package postgres

import (
	"context"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/store/postgres/pgtest"
	"github.com/bigmodel-bot/bigmodel-bot/store/storetest"
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
	storetest.Bench(b, func(b *testing.B) storetest.Store { return open(b) })
}
