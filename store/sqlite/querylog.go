package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/store"
)

// AddQueryCounts adds a batch of question counts to the daily totals (core.QueryStats), in one
// transaction, and drops days older than store.QueryRetainDays.
func (s *Store) AddQueryCounts(ctx context.Context, counts []core.QueryCount) error {
	counts, err := store.MergeQueryCounts(counts)
	if err != nil {
		return fmt.Errorf("add query counts: %w", err)
	}
	if len(counts) == 0 {
		return nil
	}
	// The running totals (query_totals, query_days) follow by the triggers of migration 0004.
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		ins, err := tx.PrepareContext(ctx, `INSERT INTO query_stats (day, platform, query, slug, asked)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (day, platform, query, slug) DO UPDATE SET asked = asked + excluded.asked`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for _, c := range counts {
			if _, err := ins.ExecContext(ctx, c.Day, c.Platform, c.Query, c.Slug, c.N); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM query_stats WHERE day < ?`, store.OldestKeptDay(counts))
		return err
	})
	if err != nil {
		return fmt.Errorf("add %d query counts: %w", len(counts), err)
	}
	return nil
}

// TopQueries returns the questions asked most often from the day of since on, each with the
// entry that answered it ("" for none), most asked first.
func (s *Store) TopQueries(ctx context.Context, since time.Time, limit int) ([]core.QueryTotal, error) {
	return s.queryReport(ctx, "top queries", since, limit,
		`SELECT query, slug, asked FROM query_totals ORDER BY asked DESC, query, slug LIMIT ?`,
		`SELECT query, slug, sum(asked) AS n FROM query_stats
			WHERE day >= ? GROUP BY query, slug ORDER BY n DESC, query, slug LIMIT ?`)
}

// UnansweredQueries returns the questions the bot could not answer from the day of since on,
// most asked first: the knowledge base's gaps.
func (s *Store) UnansweredQueries(ctx context.Context, since time.Time, limit int) ([]core.QueryTotal, error) {
	return s.queryReport(ctx, "unanswered queries", since, limit,
		`SELECT query, slug, asked FROM query_totals WHERE slug = '' ORDER BY asked DESC, query LIMIT ?`,
		`SELECT query, slug, sum(asked) AS n FROM query_stats
			WHERE day >= ? AND slug = '' GROUP BY query, slug ORDER BY n DESC, query LIMIT ?`)
}

// queryReport reads the running totals when since reaches back to the oldest kept day (the
// admin pages' 90 days), and sums the days from since on otherwise.
func (s *Store) queryReport(ctx context.Context, what string, since time.Time, limit int, fromTotals, fromDays string) ([]core.QueryTotal, error) {
	var oldest sql.NullInt64
	if err := s.rdb.QueryRowContext(ctx, `SELECT min(day) FROM query_stats`).Scan(&oldest); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	day := core.UnixDay(since)
	query, args := fromDays, []any{day, store.ReportLimit(limit)}
	if !oldest.Valid || day <= oldest.Int64 {
		query, args = fromTotals, args[1:]
	}
	rows, err := s.rdb.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	out, err := collect(rows, func(r store.Row) (core.QueryTotal, error) {
		var t core.QueryTotal
		err := r.Scan(&t.Query, &t.Slug, &t.Asked)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}
