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
	roll := store.RollUp(counts)
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		for _, st := range []struct {
			sql  string
			rows int
			args func(i int) []any
		}{
			{`INSERT INTO query_stats (day, platform, query, slug, asked) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (day, platform, query, slug) DO UPDATE SET asked = asked + excluded.asked`,
				len(counts), func(i int) []any { c := counts[i]; return []any{c.Day, c.Platform, c.Query, c.Slug, c.N} }},
			{`INSERT INTO query_totals (query, slug, asked) VALUES (?, ?, ?)
				ON CONFLICT (query, slug) DO UPDATE SET asked = asked + excluded.asked`,
				len(roll.Totals), func(i int) []any { t := roll.Totals[i]; return []any{t.Query, t.Slug, t.Asked} }},
			{`INSERT INTO query_days (day, platform, answered, unanswered, small_talk) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (day, platform) DO UPDATE SET answered = answered + excluded.answered,
					unanswered = unanswered + excluded.unanswered, small_talk = small_talk + excluded.small_talk`,
				len(roll.Days), func(i int) []any {
					d := roll.Days[i]
					return []any{d.Day, d.Platform, d.Answered, d.Unanswered, d.SmallTalk}
				}},
		} {
			if err := execEach(ctx, tx, st.sql, st.rows, st.args); err != nil {
				return err
			}
		}
		return dropOldQueryDays(ctx, tx, store.OldestKeptDay(counts))
	})
	if err != nil {
		return fmt.Errorf("add %d query counts: %w", len(counts), err)
	}
	return nil
}

func execEach(ctx context.Context, tx *sql.Tx, query string, rows int, args func(i int) []any) error {
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return err
	}
	defer st.Close()
	for i := range rows {
		if _, err := st.ExecContext(ctx, args(i)...); err != nil {
			return err
		}
	}
	return nil
}

// dropOldQueryDays drops the days before oldest, taking what they counted off the running
// totals. Nothing to drop, as on most batches, costs one index probe.
func dropOldQueryDays(ctx context.Context, tx *sql.Tx, oldest int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM query_stats WHERE day < ? LIMIT 1)`, oldest).Scan(&n); err != nil || n == 0 {
		return err
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE query_totals SET asked = query_totals.asked - old.n
			FROM (SELECT query, slug, sum(asked) AS n FROM query_stats WHERE day < ? GROUP BY query, slug) AS old
			WHERE query_totals.query = old.query AND query_totals.slug = old.slug`, []any{oldest}},
		{`DELETE FROM query_totals WHERE asked <= 0`, nil},
		{`DELETE FROM query_days WHERE day < ?`, []any{oldest}},
		{`DELETE FROM query_stats WHERE day < ?`, []any{oldest}},
	} {
		if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
			return err
		}
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
