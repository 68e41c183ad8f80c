package core

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// memStats is a QueryStats in memory: totals by (day, platform, query, slug).
type memStats struct {
	mu      sync.Mutex
	totals  map[queryKey]int64
	batches int
	fail    error
}

func (m *memStats) AddQueryCounts(_ context.Context, counts []QueryCount) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	if m.totals == nil {
		m.totals = map[queryKey]int64{}
	}
	m.batches++
	for _, c := range counts {
		m.totals[queryKey{c.Day, c.Platform, c.Query, c.Slug}] += c.N
	}
	return nil
}

// lines lists the totals as "platform|query|slug=n", sorted.
func (m *memStats) lines() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for k, n := range m.totals {
		out = append(out, fmt.Sprintf("%s|%s|%s=%d", k.platform, k.query, k.slug, n))
	}
	slices.Sort(out)
	return out
}

func TestNormaliseQuery(t *testing.T) {
	long := strings.Repeat("ab ", 100)
	zh := strings.Repeat("风险", 50) // 3 bytes a character: the cut must not split one
	tests := []struct{ in, want string }{
		{"risks", "risks"},
		{"  What are   the RISKS? ", "what are the risks?"},
		{"tab\tand\nnewline", "tab and newline"},
		{"大模型 创业　风险", "大模型 创业 风险"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"nul\x00and\x1bescape", "nul and escape"},
		{"   ", ""},
		{"", ""},
		{long, strings.TrimSpace(long[:MaxQueryLen])},
		{zh, zh[:198]},
	}
	for _, tc := range tests {
		got := NormaliseQuery(tc.in)
		if got != tc.want {
			t.Errorf("NormaliseQuery(%.30q) = %.40q, want %.40q", tc.in, got, tc.want)
		}
		if NormaliseQuery(got) != got {
			t.Errorf("NormaliseQuery is not stable on %.30q", got)
		}
	}
}

func TestUnixDay(t *testing.T) {
	for _, tc := range []struct {
		t    time.Time
		want int64
	}{
		{time.Unix(0, 0), 0},
		{time.Date(1970, 1, 1, 23, 59, 59, 0, time.UTC), 0},
		{time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC), 1},
		{time.Date(1969, 12, 31, 23, 0, 0, 0, time.UTC), -1},
		{time.Date(2026, 5, 1, 23, 0, 0, 0, time.FixedZone("CST", 8*3600)), 20574},
	} {
		if got := UnixDay(tc.t); got != tc.want {
			t.Errorf("UnixDay(%v) = %d, want %d", tc.t, got, tc.want)
		}
	}
}

func TestRecorderAggregatesByDayPlatformQueryAndSlug(t *testing.T) {
	st := &memStats{}
	r := NewQueryRecorder(QueryRecorderOptions{Stats: st})
	day1 := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	r.Record("slack", "What are the risks?", "risks", day1)
	r.Record("slack", "what are  the risks?", "risks", day1.Add(time.Hour))
	r.Record("discord", "what are the risks?", "risks", day1)
	r.Record("slack", "weather in Paris", "", day1)
	r.Record("slack", "what are the risks?", "risks", day1.Add(24*time.Hour))
	r.Record("slack", "   ", "", day1)                             // blank: not a question
	r.Record("", "no platform", "", day1)                          // a store would refuse it, and the batch with it
	r.Record("slack", "long slug", strings.Repeat("s", 300), day1) //
	if err := r.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := []string{"discord|what are the risks?|risks=1", "slack|weather in paris|=1", "slack|what are the risks?|risks=2", "slack|what are the risks?|risks=1"}
	slices.Sort(want)
	if got := st.lines(); !slices.Equal(got, want) {
		t.Errorf("stored %q\nwant %q", got, want)
	}
	// A flush empties the window: the next adds only what came after.
	r.Record("slack", "weather in paris", "", day1)
	if err := r.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := r.Flush(t.Context()); err != nil { // nothing new: no call to the store
		t.Fatal(err)
	}
	if got := st.lines(); !slices.Contains(got, "slack|weather in paris|=2") || st.batches != 2 {
		t.Errorf("after a second window: %q, %d batches; want weather counted twice in 2 batches", got, st.batches)
	}
}

func TestRecorderIsBoundedPerWindow(t *testing.T) {
	st := &memStats{}
	var logs strings.Builder
	r := NewQueryRecorder(QueryRecorderOptions{Stats: st, MaxKeys: 2, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	for _, q := range []string{"a", "b", "c", "d", "a", "b"} {
		r.Record("slack", q, "", now)
	}
	if err := r.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got, want := st.lines(), []string{"slack|a|=2", "slack|b|=2"}; !slices.Equal(got, want) {
		t.Errorf("stored %q, want %q (questions already counted keep counting)", got, want)
	}
	if r.Dropped() != 2 {
		t.Errorf("Dropped = %d, want 2", r.Dropped())
	}
	// The next window has room again; its drops are counted but not logged again.
	for _, q := range []string{"c", "e", "f"} {
		r.Record("slack", q, "", now)
	}
	if err := r.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(st.lines(), "slack|c|=1") {
		t.Errorf("a new window did not count: %q", st.lines())
	}
	if r.Dropped() != 3 {
		t.Errorf("Dropped = %d after the second window, want 3", r.Dropped())
	}
	if n := strings.Count(logs.String(), "not counted"); n != 1 {
		t.Errorf("the drop was logged %d times, want once:\n%s", n, logs.String())
	}
}

func TestRecorderKeepsCountsWhenTheStoreFails(t *testing.T) {
	st := &memStats{fail: errors.New("database is locked")}
	r := NewQueryRecorder(QueryRecorderOptions{Stats: st})
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	r.Record("slack", "risks", "risks", now)
	if err := r.Flush(t.Context()); err == nil || !strings.Contains(err.Error(), "database is locked") {
		t.Fatalf("Flush = %v, want the store's error", err)
	}
	r.Record("slack", "risks", "risks", now)
	st.mu.Lock()
	st.fail = nil
	st.mu.Unlock()
	if err := r.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got, want := st.lines(), []string{"slack|risks|risks=2"}; !slices.Equal(got, want) {
		t.Errorf("stored %q, want %q", got, want)
	}
}

func TestRecorderRunFlushesEveryIntervalAndOnStop(t *testing.T) { synctest.Test(t, recorderRunFlushes) }

func recorderRunFlushes(t *testing.T) {
	st := &memStats{}
	flushed := make(chan int, 4)
	r := NewQueryRecorder(QueryRecorderOptions{Stats: st, FlushEvery: time.Minute, OnFlush: func(n int, _ error) { flushed <- n }})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- r.Run(ctx) }()
	now := time.Now()

	r.Record("slack", "risks", "risks", now)
	time.Sleep(time.Minute - time.Millisecond)
	synctest.Wait()
	if len(flushed) != 0 || len(st.lines()) != 0 {
		t.Fatal("flushed before FlushEvery")
	}
	time.Sleep(time.Millisecond)
	synctest.Wait()
	if n := <-flushed; n != 1 {
		t.Fatalf("the minute's flush stored %d counts, want 1", n)
	}
	// A question right before the stop is stored by the final flush.
	r.Record("discord", "funding", "funding", now)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}
	if got, want := st.lines(), []string{"discord|funding|funding=1", "slack|risks|risks=1"}; !slices.Equal(got, want) {
		t.Errorf("stored %q, want %q", got, want)
	}
}

func TestNilRecorderRecordsNothing(t *testing.T) {
	var r *QueryRecorder
	r.Record("slack", "risks", "risks", time.Now())
	if err := r.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func TestBotRecordsOnlyQuestions(t *testing.T) {
	rg := newRig(t)
	st := &memStats{}
	rec := NewQueryRecorder(QueryRecorderOptions{Stats: st})
	rg.bot = New(Options{Base: testBase(), Search: rg.search, Quiz: rg.quiz, Queries: rec})
	for _, s := range []struct {
		kind Kind
		text string
	}{
		{KindCommand, "risks"},
		{KindMention, "<!channel> Risks"},
		{KindMessage, "what is the weather in Paris"},
		{KindCommand, "money risk"},                 // "did you mean": not answered
		{KindCommand, "ask how do we raise money?"}, // the ask command
		{KindCommand, "risks share"},                // "share" is not part of the question
		{KindCommand, "help"},                       // commands are not questions
		{KindCommand, "topics"},                     //
		{KindCommand, "topic risks"},                //
		{KindCommand, "quiz"},                       //
		{KindCommand, "lang zh"},                    //
		{KindCommand, "topcis"},                     // a mistyped command runs the command
		{KindCommand, ""},                           // help
		{KindMessage, "exit"},                       // a goodbye, not an unanswered question
		{KindMessage, "QUIT"},                       //
		{KindMessage, "退出"},                         //
	} {
		rg.say(t, s.kind, s.text)
	}
	rg.press(t, "topic:funding", "en")
	rg.press(t, "fb:up:risks", "en")
	if err := rec.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"test|exit|~small-talk=1",
		"test|how do we raise money?|funding=1",
		"test|money risk|=1",
		"test|quit|~small-talk=1",
		"test|risks|risks=3",
		"test|what is the weather in paris|=1",
		"test|退出|~small-talk=1",
	}
	if got := st.lines(); !slices.Equal(got, want) {
		t.Errorf("recorded\n%q\nwant\n%q", got, want)
	}
}

// "exit" where nothing ends (a DM, a piped script) is said goodbye to, in the user's language.
func TestQuitWordsAreAGoodbye(t *testing.T) {
	rg := newRig(t)
	for _, tc := range []struct{ text, want string }{
		{"exit", "Bye!"},
		{"quit", "Bye!"},
		{"退出", "再见！"},
	} {
		r := rg.say(t, KindMessage, tc.text)
		if !strings.Contains(r.Body, tc.want) || r.Facts()["small_talk"] != "bye" {
			t.Errorf("%q: body %q meta %v, want %q and small_talk bye", tc.text, r.Body, r.Meta, tc.want)
		}
	}
}

func BenchmarkRecord(b *testing.B) {
	r := NewQueryRecorder(QueryRecorderOptions{Stats: &memStats{}})
	now := time.Now()
	qs := []string{"what are the risks?", "How do we raise money?", "大模型创业的风险", "risks"}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			r.Record("slack", qs[i%len(qs)], "risks", now)
			i++
		}
	})
}
