package store

import (
	"fmt"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// Query report bounds, the same for both stores.
const (
	// QueryRetainDays is how many days of query counts a store keeps; older days are dropped
	// when new counts arrive, so the table stays bounded without a background job.
	QueryRetainDays = 90
	// MaxQueryReport bounds the lines of one report.
	MaxQueryReport = 1000
)

// MergeQueryCounts checks a batch of query counts and returns it normalised (core.NormaliseQuery)
// with counts of one (day, platform, query, slug) added together, so a store can upsert each
// key once. The whole batch is refused when one count is bad.
func MergeQueryCounts(counts []core.QueryCount) ([]core.QueryCount, error) {
	type key struct {
		day                   int64
		platform, query, slug string
	}
	at := make(map[key]int, len(counts))
	out := make([]core.QueryCount, 0, len(counts))
	for _, c := range counts {
		if err := CheckField("platform", c.Platform, MaxID, true); err != nil {
			return nil, fmt.Errorf("query count: %w", err)
		}
		if err := CheckField("slug", c.Slug, MaxID, false); err != nil {
			return nil, fmt.Errorf("query count: %w", err)
		}
		if c.N <= 0 {
			return nil, fmt.Errorf("query count of %q: %d is not a count", c.Query, c.N)
		}
		c.Query = core.NormaliseQuery(c.Query)
		if c.Query == "" {
			return nil, fmt.Errorf("query count: the query is blank")
		}
		k := key{c.Day, c.Platform, c.Query, c.Slug}
		if i, ok := at[k]; ok {
			out[i].N += c.N
			continue
		}
		at[k] = len(out)
		out = append(out, c)
	}
	return out, nil
}

// OldestKeptDay is the first day a store keeps after adding counts: QueryRetainDays before the
// oldest day of the batch. The oldest, not the newest: one count with a wrong far-future day
// must not erase the history.
func OldestKeptDay(counts []core.QueryCount) int64 {
	oldest := counts[0].Day
	for _, c := range counts[1:] {
		oldest = min(oldest, c.Day)
	}
	return oldest - QueryRetainDays
}

// ReportLimit is the number of lines a report of limit lines returns: MaxQueryReport when limit
// is not positive or larger.
func ReportLimit(limit int) int {
	if limit <= 0 || limit > MaxQueryReport {
		return MaxQueryReport
	}
	return limit
}
