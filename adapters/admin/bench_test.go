package admin_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/admin"
	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
	"github.com/bigmodel-bot/bigmodel-bot/store/postgres"
	"github.com/bigmodel-bot/bigmodel-bot/store/postgres/pgtest"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// The store a busy team's bot has after 90 days: a million counted questions (rows of
// distinct question, day, platform and answer) and a hundred thousand feedback presses.
const (
	benchQueryRows = 1_000_000
	benchFeedback  = 100_000
)

// benchStore is what the pages read, as both stores implement it.
type benchStore interface {
	admin.Questions
	admin.Feedback
	admin.QuizStats
	core.LessonStore
	AddQueryCounts(ctx context.Context, counts []core.QueryCount) error
	SaveFeedback(ctx context.Context, f core.Feedback) error
}

// BenchmarkPagesSQLite renders each page on a SQLite store of that size (the bar: < 50 ms).
func BenchmarkPagesSQLite(b *testing.B) {
	st, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "bot.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	benchPages(b, st)
}

// BenchmarkPagesPostgres renders each page on a PostgreSQL store of that size.
func BenchmarkPagesPostgres(b *testing.B) {
	srv := pgtest.Start(b)
	st, err := postgres.Open(b.Context(), srv.NewDatabase(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	benchPages(b, st)
}

func benchPages(b *testing.B, st benchStore) {
	base, err := knowledge.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	var slugs []string
	for _, e := range base.Entries {
		slugs = append(slugs, e.Slug)
	}
	start := time.Now()
	seedBusyStore(b, st, slugs)
	b.Logf("seeded %d query rows and %d feedback rows in %v", benchQueryRows, benchFeedback, time.Since(start).Round(time.Second))
	ix := core.NewTaughtIndex(base, search.New(base), st, nil)
	p := admin.New(admin.Options{Token: token, Base: base, Search: ix, Questions: st, Feedback: st, Quiz: st, Lessons: st,
		Apply: func(ctx context.Context) error { _, err := ix.Refresh(ctx); return err }})
	mux := http.NewServeMux()
	p.Mount(mux)
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	c := client(nil)
	if r, err := c.PostForm(srv.URL+"/admin/login", url.Values{"token": {token}}); err != nil || r.StatusCode != 200 {
		b.Fatalf("login: %v", err)
	}
	for _, path := range []string{"/admin/", "/admin/gaps", "/admin/topics", "/admin/api/overview.json",
		"/admin/export/questions.csv", "/admin/export/unanswered.json", "/admin/export/days.csv", "/admin/export/feedback.csv"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				r, err := c.Get(srv.URL + path)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, r.Body)
				r.Body.Close()
				if r.StatusCode != 200 {
					b.Fatalf("GET %s: %d", path, r.StatusCode)
				}
			}
		})
	}
}

// seedBusyStore fills st through its own API: 90 days of questions on two platforms, a
// quarter of them unanswered, drawn from 150,000 distinct questions, and feedback from 25,000
// users on the base's topics.
func seedBusyStore(b *testing.B, st benchStore, slugs []string) {
	ctx := b.Context()
	today := core.UnixDay(time.Now())
	const distinct, batch = 150_000, 20_000
	perDay := benchQueryRows / 90
	var counts []core.QueryCount
	flush := func() {
		if err := st.AddQueryCounts(ctx, counts); err != nil {
			b.Fatal(err)
		}
		counts = counts[:0]
	}
	n := 0
	for d := range int64(90) {
		for k := range perDay + 1 {
			if n == benchQueryRows {
				break
			}
			n++
			q := (int(d)*7919 + k*31) % distinct
			slug := slugs[q%len(slugs)]
			if q%4 == 0 {
				slug = ""
			}
			counts = append(counts, core.QueryCount{Day: today - d, Platform: []string{"slack", "discord"}[k%2],
				Query: fmt.Sprintf("question number %d about something", q), Slug: slug, N: int64(1 + q%7)})
			if len(counts) == batch {
				flush()
			}
		}
	}
	flush()
	for i := range benchFeedback {
		f := core.Feedback{User: core.UserKey{Platform: "slack", Workspace: "T1", User: fmt.Sprintf("U%d", i%25_000)},
			Channel: "C1", Slug: slugs[(i/25_000*5+i%5)%len(slugs)], Helpful: i%3 != 0, At: time.Now()}
		if err := st.SaveFeedback(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
}
