package quiz_test

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

func TestSubscribeStatusUnsubscribe(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		admin := req("C1", "admin", "")
		if r := f.command(t, admin, "status", ""); !strings.Contains(r.Body, "no quiz schedule") {
			t.Errorf("status before: %q", r.Body)
		}
		r := f.command(t, admin, "subscribe", "weekdays 09:30 Asia/Shanghai")
		// Friday 08:59 UTC is 16:59 in Shanghai: the next weekday 09:30 there is Monday.
		if !strings.Contains(r.Body, "weekdays 09:30 Asia/Shanghai") || !strings.Contains(r.Body, "2026-03-16 09:30:00 UTC+8") {
			t.Errorf("subscribe: %q", r.Body)
		}
		if r := f.command(t, admin, "status", ""); !strings.Contains(r.Body, "2026-03-16 09:30:00 UTC+8") || !strings.Contains(r.Body, "revealed 1h after") {
			t.Errorf("status: %q", r.Body)
		}
		// Re-subscribing replaces the schedule, and says which one it replaced.
		if r := f.command(t, admin, "subscribe", "@every 1m"); !strings.Contains(r.Body, "It replaces this channel's previous schedule, weekdays 09:30 Asia/Shanghai.") {
			t.Errorf("re-subscribe: %q", r.Body)
		}
		if r := f.command(t, admin, "subscribe", "@every 1m"); !strings.Contains(r.Body, "already had this schedule") {
			t.Errorf("the same schedule again: %q", r.Body)
		}
		time.Sleep(time.Minute)
		f.tick(t)
		if n := len(f.poster.posts()); n != 1 {
			t.Fatalf("%d posts after re-subscribing to @every 1m", n)
		}
		if r := f.command(t, admin, "unsubscribe", ""); !strings.Contains(r.Body, "Unsubscribed") {
			t.Errorf("unsubscribe: %q", r.Body)
		}
		if r := f.command(t, admin, "unsubscribe", ""); !strings.Contains(r.Body, "no quiz schedule") {
			t.Errorf("unsubscribe again: %q", r.Body)
		}
		time.Sleep(time.Hour)
		f.tick(t)
		if n := len(f.poster.posts()); n != 1 {
			t.Errorf("%d posts after unsubscribing", n)
		}
	})
}

// Times are shown with their offset from UTC: Asia/Shanghai's abbreviation "CST" reads as US
// Central time.
func TestTimesShowTheirUTCOffset(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		admin := req("C1", "admin", "")
		for spec, want := range map[string]string{
			"09:30 Asia/Shanghai": "09:30:00 UTC+8.",
			"09:30 Asia/Kolkata":  "09:30:00 UTC+5:30.",
			"09:30 America/Lima":  "09:30:00 UTC-5.",
			"09:30 UTC":           "09:30:00 UTC.",
		} {
			if r := f.command(t, admin, "subscribe", spec); !strings.Contains(r.Body, want) || strings.Contains(r.Body, "CST") || strings.Contains(r.Body, "IST") {
				t.Errorf("%s: %q, want %q", spec, r.Body, want)
			}
		}
	})
}

func TestOnlyManagersChangeSchedules(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		user := req("C1", "someone", "")
		user.CanManage = false
		for _, cmd := range []string{"subscribe", "unsubscribe"} {
			r := f.command(t, user, cmd, "09:00")
			if !strings.Contains(r.Body, "Only channel managers") {
				t.Errorf("%s by a plain user: %q", cmd, r.Body)
			}
			if r.Needs != core.NeedsManage {
				t.Errorf("%s refusal not marked as needing manage rights: %v", cmd, r.Meta)
			}
		}
		r := f.command(t, user, "status", "")
		if !strings.Contains(r.Body, "no quiz schedule") {
			t.Errorf("status after a refused subscribe: %q", r.Body)
		}
		if r.Needs != "" {
			t.Errorf("status, open to everyone, marked as needing rights: %v", r.Meta)
		}
		// A bad schedule from a manager is refused for the schedule, not for rights.
		if r := f.command(t, req("C1", "admin", ""), "subscribe", "25:00"); r.Needs != "" {
			t.Errorf("bad schedule marked as needing rights: %v", r.Meta)
		}
	})
}

func TestBadScheduleShowsAnExample(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		for _, in := range []string{"25:00", "09:00 Mars/Base", "@every 1ms", "tomorrow", "", "<!channel> 09:00", strings.Repeat("x", 5000)} {
			r := f.command(t, req("C1", "admin", ""), "subscribe", in)
			if !strings.Contains(r.Body, "quiz subscribe weekdays 09:30 Asia/Shanghai") || len(r.Body) > 1000 {
				t.Errorf("subscribe %.20q: %q", in, r.Body)
			}
		}
		zh, err := f.e.Command(t.Context(), req("C1", "admin", ""), cmd("subscribe", "25:00"), "zh")
		if err != nil || !strings.Contains(zh.Body, "无法") {
			t.Errorf("Chinese error: %q, %v", zh.Body, err)
		}
		if r := f.command(t, req("C1", "admin", ""), "quiz", "bogus"); !strings.Contains(r.Body, "bogus") {
			t.Errorf("unknown quiz word: %q", r.Body)
		}
	})
}
