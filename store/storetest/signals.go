package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// testSignals: signals add up per question (however it is typed), entry and kind, most
// frequent first, shared by a second opener; bad ones are refused; dismissing removes one
// entry's or all of a question's.
func testSignals(t *testing.T, f Factory) {
	s, dsn := open(t, f)
	ctx := t.Context()
	q := "who holds the purse strings?"
	for i, sig := range []core.Signal{
		{Question: q, Slug: "funding", Kind: core.SignalDidYouMean},
		{Question: "  WHO holds the purse   strings? ", Slug: "funding", Kind: core.SignalDidYouMean},
		{Question: q, Slug: "funding", Kind: core.SignalAfterNotHelpful},
		{Question: q, Slug: "roles", Kind: core.SignalDidYouMean},
		{Question: "<script>alert(1)</script>", Slug: "risks", Kind: core.SignalDidYouMean},
	} {
		sig.At = t0.Add(time.Duration(i) * time.Second)
		if err := s.RecordSignal(ctx, sig); err != nil {
			t.Fatalf("RecordSignal %+v: %v", sig, err)
		}
	}
	for _, bad := range []core.Signal{
		{Question: "   ", Slug: "funding", Kind: core.SignalDidYouMean},
		{Question: q, Slug: "", Kind: core.SignalDidYouMean},
		{Question: q, Slug: "funding", Kind: "guess"},
		{Question: strings.Repeat("long ", 30_000), Slug: "funding", Kind: core.SignalDidYouMean},
	} {
		if err := s.RecordSignal(ctx, bad); err == nil {
			t.Errorf("RecordSignal(%.40q, %q, %q) accepted; want a refusal", bad.Question, bad.Slug, bad.Kind)
		}
	}
	other := reopen(t, f, dsn)
	got, err := other.Signals(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, g := range got {
		lines = append(lines, fmt.Sprintf("%s|%s|%s=%d", g.Question, g.Slug, g.Kind, g.Times))
	}
	want := []string{
		"WHO holds the purse   strings?|funding|" + core.SignalDidYouMean + "=2",
		"<script>alert(1)</script>|risks|" + core.SignalDidYouMean + "=1",
		"who holds the purse strings?|roles|" + core.SignalDidYouMean + "=1",
		"who holds the purse strings?|funding|" + core.SignalAfterNotHelpful + "=1",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("Signals:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if n, err := s.DismissSignals(ctx, "Who holds the purse strings?", "roles"); err != nil || n != 1 {
		t.Errorf("DismissSignals(roles) = %d, %v; want 1", n, err)
	}
	if n, err := s.DismissSignals(ctx, q, ""); err != nil || n != 2 {
		t.Errorf("DismissSignals(all) = %d, %v; want the 2 left for the question", n, err)
	}
	if got, err := s.Signals(ctx, 0); err != nil || len(got) != 1 || got[0].Slug != "risks" {
		t.Errorf("after dismissing: %+v, %v; want only the risks signal", got, err)
	}
}
