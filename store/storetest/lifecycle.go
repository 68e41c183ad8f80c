package storetest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

func testPersistence(t *testing.T, f Factory) {
	s, dsn := open(t, f)
	ctx := t.Context()
	u := core.UserKey{Platform: "discord", Workspace: "G1", User: "42"}
	if err := s.SetUserLang(ctx, u, knowledge.ZH); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveFeedback(ctx, core.Feedback{User: u, Channel: "C", Slug: "future", Helpful: true, At: t0}); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.FirstSeen(ctx, "discord:interaction-1", t0, time.Hour); err != nil || !ok {
		t.Fatalf("FirstSeen = %v, %v", ok, err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	// A restart: the same database opened again (migrations must not run twice or wipe data).
	s = reopen(t, f, dsn)
	if lang, ok, err := s.UserLang(ctx, u); err != nil || !ok || lang != knowledge.ZH {
		t.Errorf("UserLang after reopen = %q, %v, %v; want zh", lang, ok, err)
	}
	if up, down, err := s.FeedbackCounts(ctx, "future"); err != nil || up != 1 || down != 0 {
		t.Errorf("FeedbackCounts after reopen = %d, %d, %v; want 1, 0", up, down, err)
	}
	if ok, err := s.FirstSeen(ctx, "discord:interaction-1", t0.Add(time.Minute), time.Hour); err != nil || ok {
		t.Errorf("FirstSeen of an event seen before the restart = %v, %v; want false", ok, err)
	}
}

func testTwoOpeners(t *testing.T, f Factory) {
	dsn := f.Fresh(t)
	ctx := t.Context()
	// Two replicas starting at once on one empty database: both migrate and both work.
	stores := make([]Store, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range stores {
		wg.Go(func() { stores[i], errs[i] = f.Open(ctx, dsn) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("opener %d: %v", i, err)
		}
		c := &closer{Store: stores[i]}
		t.Cleanup(func() { c.close(t) })
	}
	u := core.UserKey{Platform: "slack", Workspace: "T", User: "U"}
	if err := stores[0].SetUserLang(ctx, u, knowledge.EN); err != nil {
		t.Fatal(err)
	}
	if lang, ok, err := stores[1].UserLang(ctx, u); err != nil || !ok || lang != knowledge.EN {
		t.Errorf("second opener reads %q, %v, %v; want en written by the first", lang, ok, err)
	}
	first := 0
	for _, s := range stores {
		ok, err := s.FirstSeen(ctx, "shared-event", t0, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			first++
		}
	}
	if first != 1 {
		t.Errorf("an event delivered to both replicas was first for %d of them; want 1", first)
	}
}

// hostile are identifiers a user or a platform could send; stores must keep them byte for byte.
var hostile = []string{
	"王小明",
	"ユーザー🙂👍🏽",
	"مرحبا",   // right to left
	"e\u0301", // combining accent: not to be normalised
	"'; DROP TABLE user_lang; --",
	`" OR 1=1 --`,
	"<!channel> <!here> @everyone @here <@U123>",
	`100%_off\`,
	"tab\tnew\nline",
	strings.Repeat("长", 80), // 240 bytes, near the limit but legal
}

// broken is text that is not valid UTF-8 or holds a NUL byte. A store may refuse it with an
// error, but what it accepts it must give back unchanged.
var broken = []string{"\xff\xfe bad", "nul\x00byte", "half \xe4\xb8"}

func testHostileStrings(t *testing.T, f Factory) {
	s, _ := open(t, f)
	ctx := t.Context()
	for i, v := range hostile {
		u := core.UserKey{Platform: "slack", Workspace: v, User: v}
		lang := knowledge.EN
		if i%2 == 0 {
			lang = knowledge.ZH
		}
		if err := s.SetUserLang(ctx, u, lang); err != nil {
			t.Errorf("SetUserLang(%q): %v", v, err)
			continue
		}
		if got, ok, err := s.UserLang(ctx, u); err != nil || !ok || got != lang {
			t.Errorf("UserLang(%q) = %q, %v, %v; want %q", v, got, ok, err, lang)
		}
		if err := s.SaveFeedback(ctx, core.Feedback{User: u, Channel: v, Slug: v, Helpful: true, At: t0}); err != nil {
			t.Errorf("SaveFeedback(slug %q): %v", v, err)
		} else if up, _, err := s.FeedbackCounts(ctx, v); err != nil || up != 1 {
			t.Errorf("FeedbackCounts(%q) = %d, %v; want 1", v, up, err)
		}
		if ok, err := s.FirstSeen(ctx, v, t0, time.Hour); err != nil || !ok {
			t.Errorf("FirstSeen(%q) = %v, %v; want true", v, ok, err)
		}
	}
	for _, v := range broken {
		u := core.UserKey{Platform: "slack", Workspace: "T", User: v}
		if err := s.SetUserLang(ctx, u, knowledge.ZH); err != nil {
			t.Logf("SetUserLang(%q) refused: %v", v, err)
		} else if got, ok, err := s.UserLang(ctx, u); err != nil || !ok || got != knowledge.ZH {
			t.Errorf("UserLang(%q) = %q, %v, %v after it was accepted", v, got, ok, err)
		}
		// An event id is only compared, never shown: every key must work.
		for i, want := range []bool{true, false} {
			if ok, err := s.FirstSeen(ctx, v, t0, time.Hour); err != nil || ok != want {
				t.Errorf("FirstSeen(%q) call %d = %v, %v; want %v", v, i+1, ok, err, want)
			}
		}
	}
	// Near-identical strings are different keys.
	a := core.UserKey{Platform: "slack", Workspace: "T", User: "e\u0301"}
	b := core.UserKey{Platform: "slack", Workspace: "T", User: "\u00e9"}
	for _, w := range []struct {
		u    core.UserKey
		lang knowledge.Lang
	}{{a, knowledge.ZH}, {b, knowledge.EN}} {
		if err := s.SetUserLang(ctx, w.u, w.lang); err != nil {
			t.Fatal(err)
		}
	}
	if got, _, err := s.UserLang(ctx, a); err != nil || got != knowledge.ZH {
		t.Errorf("decomposed é reads %q, %v; want its own zh, not the composed é's en", got, err)
	}
}

func testBadInput(t *testing.T, f Factory) {
	s, _ := open(t, f)
	ctx := t.Context()
	huge := strings.Repeat("a", 1<<20)
	good := core.UserKey{Platform: "slack", Workspace: "T", User: "U"}
	cases := []struct {
		name string
		call func() error
	}{
		{"empty user", func() error { return s.SetUserLang(ctx, core.UserKey{Platform: "slack"}, knowledge.EN) }},
		{"empty platform", func() error { return s.SetUserLang(ctx, core.UserKey{User: "U"}, knowledge.EN) }},
		{"huge user id", func() error {
			return s.SetUserLang(ctx, core.UserKey{Platform: "slack", User: huge}, knowledge.EN)
		}},
		{"empty lang", func() error { return s.SetUserLang(ctx, good, "") }},
		{"huge lang", func() error { return s.SetUserLang(ctx, good, knowledge.Lang(huge)) }},
		{"read huge user id", func() error {
			_, _, err := s.UserLang(ctx, core.UserKey{Platform: "slack", User: huge})
			return err
		}},
		{"feedback without slug", func() error { return s.SaveFeedback(ctx, core.Feedback{User: good, Helpful: true}) }},
		{"feedback huge slug", func() error { return s.SaveFeedback(ctx, core.Feedback{User: good, Slug: huge}) }},
		{"feedback huge channel", func() error {
			return s.SaveFeedback(ctx, core.Feedback{User: good, Slug: "risks", Channel: huge})
		}},
		{"empty dedup key", func() error { _, err := s.FirstSeen(ctx, "", t0, time.Hour); return err }},
		{"zero ttl", func() error { _, err := s.FirstSeen(ctx, "k", t0, 0); return err }},
	}
	for _, tc := range cases {
		if err := tc.call(); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	// Refused writes leave nothing behind.
	if _, ok, err := s.UserLang(ctx, good); err != nil || ok {
		t.Errorf("UserLang after refused writes: ok=%v err=%v; want no choice", ok, err)
	}
	if up, down, err := s.FeedbackCounts(ctx, "risks"); err != nil || up+down != 0 {
		t.Errorf("FeedbackCounts(risks) after refused writes = %d, %d, %v", up, down, err)
	}
}

func testPingAndClose(t *testing.T, f Factory) {
	s, _ := open(t, f)
	ctx := t.Context()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping on an open store: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Ping(ctx); err == nil {
		t.Error("Ping after Close: no error; readiness would lie")
	}
}

func testCanceledContext(t *testing.T, f Factory) {
	s, _ := open(t, f)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	u := core.UserKey{Platform: "slack", Workspace: "T", User: "U"}
	if err := s.SetUserLang(ctx, u, knowledge.ZH); err == nil {
		t.Error("SetUserLang with a canceled context: no error")
	}
	if _, err := s.FirstSeen(ctx, "k", t0, time.Hour); err == nil {
		t.Error("FirstSeen with a canceled context: no error")
	}
	if err := s.Ping(ctx); err == nil {
		t.Error("Ping with a canceled context: no error")
	}
	// The store still works for the next caller.
	if err := s.SetUserLang(t.Context(), u, knowledge.ZH); err != nil {
		t.Errorf("SetUserLang after a canceled call: %v", err)
	}
}
