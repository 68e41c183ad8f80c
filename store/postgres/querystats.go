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
	roll := store.RollUp(counts)
	tq, ts, ta := make([]string, len(roll.Totals)), make([]string, len(roll.Totals)), make([]int64, len(roll.Totals))
	for i, t := range roll.Totals {
		tq[i], ts[i], ta[i] = t.Query, t.Slug, t.Asked
	}
	dd, dp := make([]int64, len(roll.Days)), make([]string, len(roll.Days))
	da, du, dt := make([]int64, len(roll.Days)), make([]int64, len(roll.Days)), make([]int64, len(roll.Days))
	for i, d := range roll.Days {
		dd[i], dp[i], da[i], du[i], dt[i] = d.Day, d.Platform, d.Answered, d.Unanswered, d.SmallTalk
	}
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		// One statement per table for the batch: MergeQueryCounts and RollUp made every key
		// unique, which ON CONFLICT DO UPDATE needs within one statement.
		for _, st := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO query_stats (day, platform, query, slug, asked)
				SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[])
				ON CONFLICT (day, platform, query, slug) DO UPDATE SET asked = query_stats.asked + excluded.asked`,
				[]any{days, platforms, queries, slugs, asked}},
			{`INSERT INTO query_totals (query, slug, asked)
				SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
				ON CONFLICT (query, slug) DO UPDATE SET asked = query_totals.asked + excluded.asked`,
				[]any{tq, ts, ta}},
			{`INSERT INTO query_days (day, platform, answered, unanswered, small_talk)
				SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[])
				ON CONFLICT (day, platform) DO UPDATE SET answered = query_days.answered + excluded.answered,
					unanswered = query_days.unanswered + excluded.unanswered, small_talk = query_days.small_talk + excluded.small_talk`,
				[]any{dd, dp, da, du, dt}},
		} {
			if _, err := tx.Exec(ctx, st.sql, st.args...); err != nil {
				return err
			}
		}
		return dropOldQueryDays(ctx, tx, store.OldestKeptDay(counts))
	})
	if err != nil {
		return fmt.Errorf("add %d query counts: %w", n, err)
	}
	return nil
}

// dropOldQueryDays drops the days before oldest, taking what they counted off the running
// totals. Nothing to drop, as on most batches, costs one index probe.
func dropOldQueryDays(ctx context.Context, tx pgx.Tx, oldest int64) error {
	var some bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM query_stats WHERE day < $1)`, oldest).Scan(&some); err != nil || !some {
		return err
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE query_totals SET asked = query_totals.asked - old.n
			FROM (SELECT query, slug, sum(asked) AS n FROM query_stats WHERE day < $1 GROUP BY query, slug) AS old
			WHERE query_totals.query = old.query AND query_totals.slug = old.slug`, []any{oldest}},
		{`DELETE FROM query_totals WHERE asked <= 0`, nil},
		{`DELETE FROM query_days WHERE day < $1`, []any{oldest}},
		{`DELETE FROM query_stats WHERE day < $1`, []any{oldest}},
	} {
		if _, err := tx.Exec(ctx, q.sql, q.args...); err != nil {
			return err
		}
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
