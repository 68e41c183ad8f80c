package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bigmodel-bot/bigmodel-bot/store"
)

// Query log bounds: the table keeps the newest maxQueryRows rows, trimmed every trimEvery
// inserts, and a query is cut to maxQueryLen bytes.
const (
	maxQueryRows = 100_000
	trimEvery    = 256
	maxQueryLen  = 200
	maxReport    = 1000
)

// QueryCount is one line of a query report.
type QueryCount struct {
	Query string    // normalised query text
	Slug  string    // the topic of its latest answer; "" when it was not answered
	Count int       // how often it was asked in the period
	Last  time.Time // when it was last asked
}

// LogQuery records one query and the topic it was answered with (slug "" for none). Blank
// queries are not recorded.
func (s *Store) LogQuery(ctx context.Context, platform, query, slug string, score float64, at time.Time) error {
	q := normaliseQuery(query)
	if q == "" {
		return nil
	}
	if err := store.CheckField("platform", platform, store.MaxID, true); err != nil {
		return fmt.Errorf("log query: %w", err)
	}
	if err := store.CheckField("slug", slug, store.MaxID, false); err != nil {
		return fmt.Errorf("log query: %w", err)
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO query_log (platform, query, slug, score, at) VALUES (?, ?, ?, ?, ?)`,
		platform, q, slug, score, at.UnixNano())
	if err != nil {
		return fmt.Errorf("log query: %w", err)
	}
	if id, err := res.LastInsertId(); err == nil && id%trimEvery == 0 {
		// Ids grow by one per insert, so this keeps the newest rows; a failure only delays it.
		_, _ = s.db.ExecContext(ctx, `DELETE FROM query_log WHERE id <= ?`, id-maxQueryRows)
	}
	return nil
}

// TopQueries returns the queries asked most often since the given time, most frequent first.
func (s *Store) TopQueries(ctx context.Context, since time.Time, limit int) ([]QueryCount, error) {
	return s.queryReport(ctx, "top queries", `SELECT query, slug, count(*) AS n, max(at) AS last
		FROM query_log WHERE at >= ? GROUP BY query ORDER BY n DESC, last DESC LIMIT ?`, since, limit)
}

// UnansweredQueries returns the queries the bot could not answer since the given time, most
// frequent first: the knowledge base's gaps.
func (s *Store) UnansweredQueries(ctx context.Context, since time.Time, limit int) ([]QueryCount, error) {
	return s.queryReport(ctx, "unanswered queries", `SELECT query, slug, count(*) AS n, max(at) AS last
		FROM query_log WHERE at >= ? AND slug = '' GROUP BY query ORDER BY n DESC, last DESC LIMIT ?`, since, limit)
}

func (s *Store) queryReport(ctx context.Context, what, query string, since time.Time, limit int) ([]QueryCount, error) {
	if limit <= 0 || limit > maxReport {
		limit = maxReport
	}
	// With max(at) in the select list, SQLite takes the bare slug from the latest row.
	rows, err := s.rdb.QueryContext(ctx, query, since.UnixNano(), limit)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	out, err := collect(rows, func(r store.Row) (QueryCount, error) {
		var c QueryCount
		var last int64
		err := r.Scan(&c.Query, &c.Slug, &c.Count, &last)
		c.Last = time.Unix(0, last).UTC()
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// normaliseQuery folds the ways of typing one question together: case, spacing, and bytes that
// are not UTF-8; and bounds its length at a character boundary.
func normaliseQuery(q string) string {
	q = strings.ToLower(strings.Join(strings.Fields(strings.ToValidUTF8(q, "\uFFFD")), " "))
	if len(q) <= maxQueryLen {
		return q
	}
	cut := maxQueryLen
	for cut > 0 && !utf8.RuneStart(q[cut]) {
		cut--
	}
	return q[:cut]
}
