package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

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
	n := len(counts)
	days, asked := make([]int64, n), make([]int64, n)
	platforms, queries, slugs := make([]string, n), make([]string, n), make([]string, n)
	for i, c := range counts {
		if err := checkText("query count", c.Platform, c.Query, c.Slug); err != nil {
			return fmt.Errorf("add query counts: %w", err)
		}
		days[i], platforms[i], queries[i], slugs[i], asked[i] = c.Day, c.Platform, c.Query, c.Slug, c.N
	}
	// The running totals (query_totals, query_days) follow by the trigger of migration 0004.
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		// One statement for the batch: MergeQueryCounts made every key unique, which ON CONFLICT
		// DO UPDATE needs within one statement.
		_, err := tx.Exec(ctx, `INSERT INTO query_stats (day, platform, query, slug, asked)
			SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[])
			ON CONFLICT (day, platform, query, slug) DO UPDATE SET asked = query_stats.asked + excluded.asked`,
			days, platforms, queries, slugs, asked)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM query_stats WHERE day < $1`, store.OldestKeptDay(counts))
		return err
	})
	if err != nil {
		return fmt.Errorf("add %d query counts: %w", n, err)
	}
	return nil
}

// TopQueries returns the questions asked most often from the day of since on, each with the
// entry that answered it ("" for none), most asked first.
func (s *Store) TopQueries(ctx context.Context, since time.Time, limit int) ([]core.QueryTotal, error) {
	return s.queryReport(ctx, "top queries", since, limit,
		`SELECT query, slug, asked FROM query_totals ORDER BY asked DESC, query COLLATE "C", slug COLLATE "C" LIMIT $1`,
		`SELECT query, slug, sum(asked) AS n FROM query_stats
			WHERE day >= $2 GROUP BY query, slug ORDER BY n DESC, query COLLATE "C", slug COLLATE "C" LIMIT $1`)
}

// UnansweredQueries returns the questions the bot could not answer from the day of since on,
// most asked first: the knowledge base's gaps.
func (s *Store) UnansweredQueries(ctx context.Context, since time.Time, limit int) ([]core.QueryTotal, error) {
	return s.queryReport(ctx, "unanswered queries", since, limit,
		`SELECT query, slug, asked FROM query_totals WHERE slug = '' ORDER BY asked DESC, query COLLATE "C" LIMIT $1`,
		`SELECT query, slug, sum(asked) AS n FROM query_stats
			WHERE day >= $2 AND slug = '' GROUP BY query, slug ORDER BY n DESC, query COLLATE "C" LIMIT $1`)
}

// queryReport reads the running totals when since reaches back to the oldest kept day (the
// admin pages' 90 days), and sums the days from since on otherwise.
func (s *Store) queryReport(ctx context.Context, what string, since time.Time, limit int, fromTotals, fromDays string) ([]core.QueryTotal, error) {
	var oldest *int64
	if err := s.pool.QueryRow(ctx, `SELECT min(day) FROM query_stats`).Scan(&oldest); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	day := core.UnixDay(since)
	query, args := fromDays, []any{store.ReportLimit(limit), day}
	if oldest == nil || day <= *oldest {
		query, args = fromTotals, args[:1]
	}
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.QueryTotal, error) {
		var t core.QueryTotal
		// sum() of bigint is numeric in PostgreSQL; the scan converts it.
		err := r.Scan(&t.Query, &t.Slug, &t.Asked)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}
