package admin_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// BenchmarkAddQueryCountsSQLite is the query recorder's flush on a store that keeps the pages'
// running totals: a batch of 1,000 counts, half of them questions asked before, on a store
// that already holds 100,000 rows. It is the write the totals cost, against the reads they save.
func BenchmarkAddQueryCountsSQLite(b *testing.B) {
	ctx := b.Context()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bot.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	today := core.UnixDay(time.Now())
	batch := func(round int) []core.QueryCount {
		out := make([]core.QueryCount, 0, 1000)
		for k := range 1000 {
			q := k
			if k%2 == 1 {
				q = round*1000 + k // a new question
			}
			out = append(out, core.QueryCount{Day: today - int64(round%90), Platform: "slack",
				Query: fmt.Sprintf("question %d", q), Slug: []string{"", "risks", "funding"}[k%3], N: 1})
		}
		return out
	}
	for r := range 100 {
		if err := st.AddQueryCounts(ctx, batch(r)); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if err := st.AddQueryCounts(ctx, batch(100+i)); err != nil {
			b.Fatal(err)
		}
	}
}
