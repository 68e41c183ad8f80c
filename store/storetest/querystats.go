package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/store"
)

// QueryStatsStore is what the query report suite exercises: the counts port, the two reports
// and closing.
type QueryStatsStore interface {
	core.QueryStats
	// TopQueries returns the questions asked most often from the day of since on.
	TopQueries(ctx context.Context, since time.Time, limit int) ([]core.QueryTotal, error)
	// UnansweredQueries returns the questions not answered from the day of since on.
	UnansweredQueries(ctx context.Context, since time.Time, limit int) ([]core.QueryTotal, error)
	// Close releases the store; it is not used afterwards.
	Close() error
}

// QueryStatsFactory creates and opens stores for the query report suite (RunQueryStats).
type QueryStatsFactory = Opener[QueryStatsStore]

// RunQueryStats runs the query report's contract tests as subtests of t.
func RunQueryStats(t *testing.T, f QueryStatsFactory) {
	runContracts(t, f, []contract[QueryStatsStore]{
		{"Reports", testQueryReports},
		{"UpsertAddsUp", testQueryUpsert},
		{"OldDaysDropped", testQueryRetention},
		{"RunningTotalsFollowDays", testQueryRunningTotals},
		{"BadBatchStoresNothing", testQueryBadBatch},
		{"HostileText", testQueryHostile},
		{"ConcurrentFlushes", testQueryConcurrent},
		{"Persistence", testQueryPersistence},
		{"CanceledContext", testQueryCanceled},
	})
}

// qday is the day the query tests take as today.
var qday = core.UnixDay(time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC))

func dayTime(d int64) time.Time { return time.Unix(d*86400, 0).UTC() }

func add(t *testing.T, s core.QueryStats, counts ...core.QueryCount) {
	t.Helper()
	if err := s.AddQueryCounts(t.Context(), counts); err != nil {
		t.Fatalf("AddQueryCounts: %v", err)
	}
}

// lines renders report lines as "query|slug=asked" for comparison.
func lines(ts []core.QueryTotal) []string {
	out := make([]string, len(ts))
	for i, q := range ts {
		out[i] = fmt.Sprintf("%s|%s=%d", q.Query, q.Slug, q.Asked)
	}
	return out
}

func report(t *testing.T, s QueryStatsStore, unanswered bool, since time.Time, limit int) []string {
	t.Helper()
	get := s.TopQueries
	if unanswered {
		get = s.UnansweredQueries
	}
	got, err := get(t.Context(), since, limit)
	if err != nil {
		t.Fatalf("report since %s: %v", since, err)
	}
	return lines(got)
}

func testQueryReports(t *testing.T, f QueryStatsFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	add(t, s,
		core.QueryCount{Day: qday - 10, Platform: "slack", Query: "old question", Slug: "", N: 50},
		core.QueryCount{Day: qday - 1, Platform: "slack", Query: "what are the risks?", Slug: "risks", N: 3},
		core.QueryCount{Day: qday, Platform: "slack", Query: "what are the risks?", Slug: "risks", N: 2},
		core.QueryCount{Day: qday, Platform: "discord", Query: "what are the risks?", Slug: "risks", N: 1},
		core.QueryCount{Day: qday, Platform: "slack", Query: "weather in paris", Slug: "", N: 4},
		core.QueryCount{Day: qday, Platform: "discord", Query: "how to raise money", Slug: "funding", N: 1},
		core.QueryCount{Day: qday, Platform: "discord", Query: "gpu prices", Slug: "", N: 1},
	)
	tests := []struct {
		name       string
		unanswered bool
		since      time.Time
		limit      int
		want       []string
	}{
		{"top, summed over days and platforms", false, dayTime(qday - 7), 0,
			[]string{"what are the risks?|risks=6", "weather in paris|=4", "gpu prices|=1", "how to raise money|funding=1"}},
		{"top, limited", false, dayTime(qday - 7), 2, []string{"what are the risks?|risks=6", "weather in paris|=4"}},
		{"top, today only (since inside the day counts the whole day)", false, dayTime(qday).Add(13 * time.Hour), 0,
			[]string{"weather in paris|=4", "what are the risks?|risks=3", "gpu prices|=1", "how to raise money|funding=1"}},
		{"unanswered", true, dayTime(qday - 7), 0, []string{"weather in paris|=4", "gpu prices|=1"}},
		{"unanswered, the whole history", true, dayTime(qday - 30), 0, []string{"old question|=50", "weather in paris|=4", "gpu prices|=1"}},
		{"nothing in the future", false, dayTime(qday + 1), 0, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := report(t, s, tc.unanswered, tc.since, tc.limit)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func testQueryUpsert(t *testing.T, f QueryStatsFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	c := core.QueryCount{Day: qday, Platform: "slack", Query: "risks", Slug: "risks", N: 2}
	add(t, s, c)
	add(t, s, c, core.QueryCount{Day: qday, Platform: "slack", Query: "  RISKS ", Slug: "risks", N: 1}) // the same key twice in a batch
	if got, want := report(t, s, false, dayTime(qday), 0), []string{"risks|risks=5"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	add(t, s) // an empty batch is nothing to do
}

func testQueryRetention(t *testing.T, f QueryStatsFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	add(t, s, core.QueryCount{Day: qday - 200, Platform: "slack", Query: "ancient", N: 1},
		core.QueryCount{Day: qday - 95, Platform: "slack", Query: "old", N: 1},
		core.QueryCount{Day: qday - 80, Platform: "slack", Query: "recent", N: 1})
	add(t, s, core.QueryCount{Day: qday, Platform: "slack", Query: "today", N: 1})
	got := report(t, s, true, dayTime(0), 0)
	if want := []string{"recent|=1", "today|=1"}; !slices.Equal(got, want) {
		t.Errorf("after a flush today: %q, want %q (days older than 90 dropped)", got, want)
	}
	// One count with a wrong far-future day does not erase the history.
	add(t, s, core.QueryCount{Day: qday, Platform: "slack", Query: "today", N: 1},
		core.QueryCount{Day: qday + 10000, Platform: "slack", Query: "future", N: 1})
	if got := report(t, s, true, dayTime(0), 0); len(got) != 3 {
		t.Errorf("after a future day: %q, want recent, today and future", got)
	}
}

// The reports over every kept day come from running totals: after batches that move through
// 200 days, dropping old ones on the way, they still equal the sum of the days kept.
func testQueryRunningTotals(t *testing.T, f QueryStatsFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	type key struct {
		day         int64
		query, slug string
	}
	kept := map[key]int64{}
	for step := range int64(40) {
		today := qday + step*5
		var batch []core.QueryCount
		for i := range int64(12) {
			c := core.QueryCount{Day: today - i%3, Platform: []string{"slack", "discord"}[i%2],
				Query: fmt.Sprintf("question %d", (step+i)%9), Slug: []string{"", "risks", "funding"}[(step*i)%3], N: 1 + i%4}
			batch = append(batch, c)
			kept[key{c.Day, c.Query, c.Slug}] += c.N
		}
		add(t, s, batch...)
		oldest := store.OldestKeptDay(batch)
		for k := range kept {
			if k.day < oldest {
				delete(kept, k)
			}
		}
	}
	sums := map[string]int64{}
	for k, n := range kept {
		sums[k.query+"|"+k.slug] += n
	}
	got := report(t, s, false, dayTime(0), 0)
	if len(got) != len(sums) {
		t.Errorf("top queries over every kept day: %d lines %q; want %d", len(got), got, len(sums))
	}
	for _, l := range got {
		q, n, _ := strings.Cut(l, "=")
		if want := fmt.Sprint(sums[q]); n != want {
			t.Errorf("%s: asked %s; want %s, the sum of the kept days", q, n, want)
		}
	}
}

func testQueryBadBatch(t *testing.T, f QueryStatsFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	good := core.QueryCount{Day: qday, Platform: "slack", Query: "risks", Slug: "risks", N: 1}
	tests := []struct {
		name string
		bad  core.QueryCount
	}{
		{"no platform", core.QueryCount{Day: qday, Query: "q", N: 1}},
		{"huge platform", core.QueryCount{Day: qday, Platform: strings.Repeat("p", 300), Query: "q", N: 1}},
		{"huge slug", core.QueryCount{Day: qday, Platform: "slack", Query: "q", Slug: strings.Repeat("s", 300), N: 1}},
		{"zero count", core.QueryCount{Day: qday, Platform: "slack", Query: "q", N: 0}},
		{"negative count", core.QueryCount{Day: qday, Platform: "slack", Query: "q", N: -5}},
		{"blank query", core.QueryCount{Day: qday, Platform: "slack", Query: " \t ", N: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.AddQueryCounts(t.Context(), []core.QueryCount{good, tc.bad}); err == nil {
				t.Error("AddQueryCounts accepted it")
			}
			if got := report(t, s, false, dayTime(0), 0); len(got) != 0 {
				t.Errorf("a refused batch stored %q", got)
			}
		})
	}
}

func testQueryHostile(t *testing.T, f QueryStatsFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	long := strings.Repeat("风险", 1000)
	add(t, s,
		core.QueryCount{Day: qday, Platform: "slack", Query: long, N: 1},
		core.QueryCount{Day: qday, Platform: "slack", Query: "bad \xff\xfe utf8 and nul\x00byte", N: 1},
		core.QueryCount{Day: qday, Platform: "slack", Query: "'; DROP TABLE query_stats; --", N: 1},
		core.QueryCount{Day: qday, Platform: "slack", Query: "<!channel> @everyone", N: 1},
	)
	got, err := s.UnansweredQueries(t.Context(), dayTime(qday), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("got %d lines, want 4: %q", len(got), lines(got))
	}
	for _, q := range got {
		if len(q.Query) > core.MaxQueryLen || strings.ContainsRune(q.Query, 0) || !utf8.ValidString(q.Query) {
			t.Errorf("stored %.40q (%d bytes): want at most %d bytes of valid text", q.Query, len(q.Query), core.MaxQueryLen)
		}
	}
}

func testQueryConcurrent(t *testing.T, f QueryStatsFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	const writers, rounds = 4, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*rounds)
	for w := range writers {
		wg.Go(func() {
			for range rounds {
				errs <- s.AddQueryCounts(t.Context(), []core.QueryCount{
					{Day: qday, Platform: "slack", Query: "risks", Slug: "risks", N: 1},
					{Day: qday, Platform: fmt.Sprintf("p%d", w), Query: "mine", N: 1},
				})
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"mine|=40", "risks|risks=40"} // a tie: by query
	if got := report(t, s, false, dayTime(qday), 0); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func testQueryPersistence(t *testing.T, f QueryStatsFactory) {
	dsn := f.Fresh(t)
	s, err := f.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	add(t, s, core.QueryCount{Day: qday, Platform: "slack", Query: "risks", Slug: "risks", N: 7})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2 := openUntilEnd(t, f, dsn)
	if got, want := report(t, s2, false, dayTime(qday), 0), []string{"risks|risks=7"}; !slices.Equal(got, want) {
		t.Errorf("after reopening: %q, want %q", got, want)
	}
}

func testQueryCanceled(t *testing.T, f QueryStatsFactory) {
	s := openUntilEnd(t, f, f.Fresh(t))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := s.AddQueryCounts(ctx, []core.QueryCount{{Day: qday, Platform: "slack", Query: "q", N: 1}}); err == nil {
		t.Error("AddQueryCounts with a canceled context: no error")
	}
	if _, err := s.TopQueries(ctx, dayTime(qday), 0); err == nil {
		t.Error("TopQueries with a canceled context: no error")
	}
}
