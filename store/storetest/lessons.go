package storetest

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// testLessons: a lesson is kept, listed oldest first, replaced when the same question is
// taught again (however it is typed), marks a question off-topic with no slug, survives a
// restart, is shared by two openers of one database, and is forgotten by id.
func testLessons(t *testing.T, f Factory) {
	s, dsn := open(t, f)
	ctx := t.Context()
	if ls, err := s.Lessons(ctx); err != nil || len(ls) != 0 {
		t.Fatalf("Lessons of a new store = %v, %v; want none", ls, err)
	}
	a, err := s.Teach(ctx, core.Lesson{Question: "who holds the purse strings?", Slug: "funding", By: "cli", At: t0})
	if err != nil || a.ID == 0 {
		t.Fatalf("Teach = %+v, %v; want a lesson with an id", a, err)
	}
	b, err := s.Teach(ctx, core.Lesson{Question: "what's the capital of France?", By: "admin", At: t0})
	if err != nil {
		t.Fatalf("Teach off-topic: %v", err)
	}
	// The same question typed another way is the same lesson: teaching it again moves it.
	again, err := s.Teach(ctx, core.Lesson{Question: "  WHO holds   the purse strings?", Slug: "roles", By: "admin", At: t0})
	if err != nil || again.ID != a.ID {
		t.Fatalf("Teach again = %+v, %v; want the lesson %d replaced", again, err, a.ID)
	}
	other := reopen(t, f, dsn) // a second replica on the same database
	ls, err := other.Lessons(ctx)
	if err != nil || len(ls) != 2 {
		t.Fatalf("Lessons on a second opener = %+v, %v; want 2", ls, err)
	}
	if ls[0].ID != a.ID || ls[0].Slug != "roles" || ls[0].By != "admin" || !ls[0].At.Equal(t0) {
		t.Errorf("first lesson = %+v; want id %d moved to roles by admin at %v", ls[0], a.ID, t0)
	}
	if ls[1].ID != b.ID || !ls[1].OffTopic() || ls[1].Question != "what's the capital of France?" {
		t.Errorf("second lesson = %+v; want the off-topic question as taught", ls[1])
	}
	if ok, err := s.Forget(ctx, b.ID); err != nil || !ok {
		t.Fatalf("Forget(%d) = %v, %v", b.ID, ok, err)
	}
	if ok, err := s.Forget(ctx, b.ID); err != nil || ok {
		t.Errorf("Forget(%d) twice = %v, %v; want false, nil", b.ID, ok, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, f, dsn)
	if ls, err := s.Lessons(ctx); err != nil || len(ls) != 1 || ls[0].ID != a.ID {
		t.Errorf("Lessons after a restart = %+v, %v; want lesson %d only", ls, err, a.ID)
	}
}

// testLessonsBadInput: blank, huge or hostile questions are refused or stored safely, never
// half-saved.
func testLessonsBadInput(t *testing.T, f Factory) {
	s, _ := open(t, f)
	ctx := t.Context()
	for _, l := range []core.Lesson{
		{Question: "", Slug: "funding"},
		{Question: " \t\n ", Slug: "funding"},
		{Question: strings.Repeat("x", 100_000), Slug: "funding"},
		{Question: "fine", Slug: strings.Repeat("s", 1000)},
	} {
		if _, err := s.Teach(ctx, l); err == nil {
			t.Errorf("Teach(%.20q, slug %d bytes) = nil error; want a refusal", l.Question, len(l.Slug))
		}
	}
	hostile := "<script>alert(1)</script>\x00 '; DROP TABLE lessons; -- \xff <!channel>"
	l, err := s.Teach(ctx, core.Lesson{Question: hostile, Slug: "funding", By: "cli"})
	if err != nil {
		t.Fatalf("Teach(hostile) = %v; want it stored as text", err)
	}
	ls, err := s.Lessons(ctx)
	if err != nil || len(ls) != 1 || ls[0].ID != l.ID {
		t.Fatalf("Lessons = %+v, %v; want the one hostile lesson", ls, err)
	}
	if q := ls[0].Question; !strings.Contains(q, "<script>") || strings.ContainsRune(q, 0) {
		t.Errorf("stored question = %q; want the text kept, without the NUL", q)
	}
}

// testLessonsConcurrent: replicas teaching at once lose nothing.
func testLessonsConcurrent(t *testing.T, f Factory) {
	s, dsn := open(t, f)
	other := reopen(t, f, dsn)
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		st := s
		if i%2 == 1 {
			st = other
		}
		wg.Go(func() {
			if _, err := st.Teach(ctx, core.Lesson{Question: fmt.Sprintf("question %d", i), Slug: "funding"}); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if ls, err := s.Lessons(ctx); err != nil || len(ls) != 40 {
		t.Errorf("Lessons after 40 concurrent teachings = %d, %v; want 40", len(ls), err)
	}
}
