package sqlite

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestQueryLogReports(t *testing.T) {
	s, _ := openFile(t)
	ctx := t.Context()
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	logs := []struct {
		query, slug string
		at          time.Time
	}{
		{"What are the risks?", "risks", t0.Add(-48 * time.Hour)}, // before the report period
		{"what are the  RISKS?", "risks", t0},
		{"  What are the risks? ", "risks", t0.Add(time.Minute)},
		{"大模型创业有哪些风险", "risks", t0.Add(2 * time.Minute)},
		{"how do I bake bread", "", t0.Add(3 * time.Minute)},
		{"How do I bake bread", "", t0.Add(4 * time.Minute)},
		{"quantum pizza", "", t0.Add(5 * time.Minute)},
		{"   ", "", t0.Add(6 * time.Minute)}, // blank: not recorded
	}
	for _, l := range logs {
		if err := s.LogQuery(ctx, "slack", l.query, l.slug, 0.5, l.at); err != nil {
			t.Fatalf("LogQuery(%q): %v", l.query, err)
		}
	}
	since := t0.Add(-time.Hour)
	top, err := s.TopQueries(ctx, since, 2)
	if err != nil {
		t.Fatal(err)
	}
	// Equal counts: the more recent first.
	want := []QueryCount{
		{Query: "how do i bake bread", Slug: "", Count: 2, Last: t0.Add(4 * time.Minute)},
		{Query: "what are the risks?", Slug: "risks", Count: 2, Last: t0.Add(time.Minute)},
	}
	if !equalCounts(top, want) {
		t.Errorf("TopQueries = %+v\nwant %+v", top, want)
	}
	gaps, err := s.UnansweredQueries(ctx, since, 10)
	if err != nil {
		t.Fatal(err)
	}
	want = []QueryCount{
		{Query: "how do i bake bread", Count: 2, Last: t0.Add(4 * time.Minute)},
		{Query: "quantum pizza", Count: 1, Last: t0.Add(5 * time.Minute)},
	}
	if !equalCounts(gaps, want) {
		t.Errorf("UnansweredQueries = %+v\nwant %+v", gaps, want)
	}
}

func equalCounts(a, b []QueryCount) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Query != b[i].Query || a[i].Slug != b[i].Slug || a[i].Count != b[i].Count || !a[i].Last.Equal(b[i].Last) {
			return false
		}
	}
	return true
}

func TestQueryLogHostileInput(t *testing.T) {
	s, _ := openFile(t)
	ctx := t.Context()
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, q := range []string{strings.Repeat("风险", 10_000), "bad \xff\xfe utf8", "<!channel> @everyone"} {
		if err := s.LogQuery(ctx, "discord", q, "", 0, now); err != nil {
			t.Fatalf("LogQuery(%.20q): %v", q, err)
		}
	}
	gaps, err := s.UnansweredQueries(ctx, now, 0)
	if err != nil || len(gaps) != 3 {
		t.Fatalf("UnansweredQueries = %d rows, %v; want 3", len(gaps), err)
	}
	for _, g := range gaps {
		if len(g.Query) > maxQueryLen || !utf8.ValidString(g.Query) {
			t.Errorf("stored query %.30q: %d bytes, valid UTF-8 %v; want <= %d bytes of valid text", g.Query, len(g.Query), utf8.ValidString(g.Query), maxQueryLen)
		}
	}
	if err := s.LogQuery(ctx, "", "q", "", 0, now); err == nil {
		t.Error("LogQuery without a platform: no error")
	}
}

func TestQueryLogBounded(t *testing.T) {
	s, _ := openFile(t)
	ctx := t.Context()
	// Pretend maxQueryRows*3 queries were logged: the oldest row and, far later, the newest.
	for _, id := range []int{1, 3 * maxQueryRows} {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO query_log (id, platform, query, slug, score, at) VALUES (?, 'slack', ?, '', 0, 0)`,
			id, fmt.Sprint("q", id)); err != nil {
			t.Fatal(err)
		}
	}
	for range trimEvery {
		if err := s.LogQuery(ctx, "slack", "new", "", 0, time.Unix(1, 0)); err != nil {
			t.Fatal(err)
		}
	}
	var oldest, total int
	s.db.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE id = 1), count(*) FROM query_log`).Scan(&oldest, &total)
	if oldest != 0 || total != trimEvery+1 {
		t.Fatalf("after a trim round: oldest row kept %d, %d rows in all; want it gone and %d", oldest, total, trimEvery+1)
	}
}
