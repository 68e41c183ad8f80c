package quiz_test

import (
	"strings"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseSchedule(t *testing.T) {
	sh := mustZone(t, "Asia/Shanghai")
	// Friday 2026-03-13 10:00 UTC = 18:00 in Shanghai.
	now := time.Date(2026, 3, 13, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		in, spec string
		next     time.Time
	}{
		{"09:00", "daily 09:00 UTC", time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)},
		{"9:05", "daily 09:05 UTC", time.Date(2026, 3, 14, 9, 5, 0, 0, time.UTC)},
		{"daily 11:00", "daily 11:00 UTC", time.Date(2026, 3, 13, 11, 0, 0, 0, time.UTC)},
		{"weekdays 09:30 Asia/Shanghai", "weekdays 09:30 Asia/Shanghai", time.Date(2026, 3, 16, 9, 30, 0, 0, sh)},
		{"WEEKDAYS ０９：３０ Asia/Shanghai", "weekdays 09:30 Asia/Shanghai", time.Date(2026, 3, 16, 9, 30, 0, 0, sh)},
		{"工作日 09:30 Asia/Shanghai", "weekdays 09:30 Asia/Shanghai", time.Date(2026, 3, 16, 9, 30, 0, 0, sh)},
		{"weekends 10:00", "weekends 10:00 UTC", time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)},
		{`cron "0 9 * * 1-5"`, `cron "0 9 * * 1-5" UTC`, time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)},
		{`cron “0 9 * * 1-5” Asia/Shanghai`, `cron "0 9 * * 1-5" Asia/Shanghai`, time.Date(2026, 3, 16, 9, 0, 0, 0, sh)},
		{`cron 30 10 * * * Asia/Shanghai`, `cron "30 10 * * *" Asia/Shanghai`, time.Date(2026, 3, 14, 10, 30, 0, 0, sh)},
		{"@every 2s", "@every 2s", now.Add(2 * time.Second)},
		{"@every 90m", "@every 1h30m", time.Date(2026, 3, 13, 10, 30, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			s, err := quiz.ParseSchedule(tc.in, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			if s.Spec != tc.spec {
				t.Errorf("spec = %q, want %q", s.Spec, tc.spec)
			}
			if got := s.Next(now); !got.Equal(tc.next) {
				t.Errorf("next = %v, want %v", got, tc.next)
			}
			again, err := quiz.ParseSchedule(s.Spec, mustZone(t, "America/New_York"))
			if err != nil || again.Spec != s.Spec || !again.Next(now).Equal(tc.next) {
				t.Errorf("spec %q does not parse back to the same schedule: %v", s.Spec, err)
			}
		})
	}
}

func TestParseScheduleDefaultZone(t *testing.T) {
	sh := mustZone(t, "Asia/Shanghai")
	s, err := quiz.ParseSchedule("09:00", sh)
	if err != nil {
		t.Fatal(err)
	}
	if s.Spec != "daily 09:00 Asia/Shanghai" {
		t.Errorf("spec = %q", s.Spec)
	}
}

func TestParseScheduleErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "no time"},
		{"25:00", "time of day"},
		{"9am", "time of day"},
		{"09:00 Mars/Olympus", "IANA time zone"},
		{"09:00 Local", "IANA time zone"},
		{"09:00 ../../etc/passwd", "IANA time zone"},
		{"@every 10ms", "at least 1s"},
		{"@every soon", "duration"},
		{`cron "61 9 * * *"`, "cron"},
		{`cron "0 0 30 2 *"`, "never fires"},
		{`cron "CRON_TZ=UTC 0 9 * * *"`, "zone after the quotes"},
		{"weekdays", "expected a time"},
		{"09:00 UTC extra", "expected a time"},
		{strings.Repeat("9", 500), "too long"},
		{"\xff\xfe", "time of day"},
	}
	for _, tc := range tests {
		_, err := quiz.ParseSchedule(tc.in, time.UTC)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseSchedule(%q) = %v, want an error about %q", tc.in, err, tc.want)
		}
	}
}

func TestScheduleAcrossDaylightSaving(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	s, err := quiz.ParseSchedule("09:00 America/New_York", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	// 2026-03-08 is the spring-forward day in New York: 09:00 stays 09:00 local.
	at := time.Date(2026, 3, 7, 12, 0, 0, 0, ny)
	for i := 0; i < 3; i++ {
		at = s.Next(at)
		if l := at.In(ny); l.Hour() != 9 || l.Minute() != 0 {
			t.Fatalf("slot %d at %v, want 09:00 New York time", i, l)
		}
	}
}

func TestLatestSlot(t *testing.T) {
	now := time.Date(2026, 3, 13, 10, 0, 7, 0, time.UTC)
	every, _ := quiz.ParseSchedule("@every 2s", time.UTC)
	daily, _ := quiz.ParseSchedule("09:00", time.UTC)
	tests := []struct {
		name     string
		s        quiz.Schedule
		from     time.Time
		want     time.Time
		wantNone bool
	}{
		{"every: latest of many", every, now.Add(-time.Hour), now.Add(-time.Second), false},
		{"every: none since from", every, now.Add(-500 * time.Millisecond), time.Time{}, true},
		{"daily: this morning", daily, now.Add(-2 * time.Hour), time.Date(2026, 3, 13, 9, 0, 0, 0, time.UTC), false},
		{"daily: from is the slot itself", daily, time.Date(2026, 3, 13, 9, 0, 0, 0, time.UTC), time.Date(2026, 3, 13, 9, 0, 0, 0, time.UTC), false},
		{"daily: window before 9", daily, now.Add(-30 * time.Minute), time.Time{}, true},
	}
	for _, tc := range tests {
		got, ok := tc.s.Latest(tc.from, now)
		if ok == tc.wantNone || !got.Equal(tc.want) {
			t.Errorf("%s: Latest = %v, %v; want %v", tc.name, got, ok, tc.want)
		}
	}
}

// Any text gives a schedule or an error, never a panic; a schedule's spec parses back to itself
// and its next slot is in the future.
func FuzzParseSchedule(f *testing.F) {
	for _, s := range []string{"09:00", "weekdays 09:30 Asia/Shanghai", `cron "0 9 * * 1-5"`, "@every 2s",
		"cron 0-", "cron \"*/0 * * * *\"", "@every -1s", "工作日 9:00", "\xff"} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 13, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, in string) {
		s, err := quiz.ParseSchedule(in, time.UTC)
		if err != nil {
			return
		}
		again, err := quiz.ParseSchedule(s.Spec, time.UTC)
		if err != nil || again.Spec != s.Spec {
			t.Fatalf("%q -> %q does not parse back: %v", in, s.Spec, err)
		}
		if next := s.Next(now); !next.After(now) {
			t.Fatalf("%q: next slot %v is not after %v", in, next, now)
		}
	})
}
