package quiz

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"golang.org/x/text/width"
)

// MinEvery is the shortest "@every" interval. Such schedules are for demos and tests; a
// team's quiz is daily.
const MinEvery = time.Second

// maxSpec bounds the schedule text the parser looks at.
const maxSpec = 200

// Schedule says when a channel gets a quiz. Slots are computed in the schedule's zone, so a
// daily 09:00 stays 09:00 across daylight-saving changes.
type Schedule struct {
	// Spec is the schedule in canonical form, zone included ("weekdays 09:30 Asia/Shanghai");
	// ParseSchedule(Spec, anything) gives the same schedule back.
	Spec  string
	every time.Duration
	cron  cron.Schedule
	loc   *time.Location
}

// Location is the zone the schedule's times are in; nil for "@every".
func (s Schedule) Location() *time.Location { return s.loc }

var (
	clockRE = regexp.MustCompile(`^([01]?[0-9]|2[0-3])[:：]([0-5][0-9])$`)
	cronRE  = regexp.MustCompile(`^["“”'‘’]([^"“”'‘’]+)["“”'‘’](?:\s+(\S+))?$`)
)

// ParseSchedule reads what a user typed after "quiz subscribe": "09:00", "daily 09:00",
// "weekdays 09:30 Asia/Shanghai", "weekends 10:00", `cron "0 9 * * 1-5" [Zone]` or
// "@every 2s". zone is used when the text names none. Errors say what is wrong in plain words.
func ParseSchedule(s string, zone *time.Location) (sch Schedule, err error) {
	defer func() {
		if p := recover(); p != nil {
			// The cron parser is not ours; a malformed spec must cost an error, not the process.
			sch, err = Schedule{}, fmt.Errorf("not a valid schedule")
		}
	}()
	s = strings.TrimSpace(width.Fold.String(s))
	if s == "" {
		return Schedule{}, errors.New("no time given")
	}
	if len(s) > maxSpec {
		return Schedule{}, errors.New("too long")
	}
	lower := strings.ToLower(s)
	if rest, ok := cutWord(lower, "@every", "every", "每隔"); ok {
		d, err := time.ParseDuration(strings.ReplaceAll(rest, " ", ""))
		if err != nil {
			return Schedule{}, fmt.Errorf("%q is not a duration like 2s, 10m or 1h", rest)
		}
		if d < MinEvery {
			return Schedule{}, fmt.Errorf("@every needs at least %s", MinEvery)
		}
		if d > 366*24*time.Hour {
			return Schedule{}, errors.New("@every is at most a year")
		}
		return Schedule{Spec: "@every " + shortDuration(d), every: d}, nil
	}
	if len(s) > 5 && strings.EqualFold(s[:4], "cron") && s[4] == ' ' {
		rest := strings.TrimSpace(s[5:])
		expr, zoneName := rest, ""
		if m := cronRE.FindStringSubmatch(rest); m != nil {
			expr, zoneName = m[1], m[2]
		} else if f := strings.Fields(rest); len(f) == 6 {
			expr, zoneName = strings.Join(f[:5], " "), f[5]
		}
		loc, err := location(zoneName, zone)
		if err != nil {
			return Schedule{}, err
		}
		fields := strings.Join(strings.Fields(expr), " ")
		if strings.Contains(fields, "TZ=") || strings.HasPrefix(fields, "@") {
			return Schedule{}, errors.New(`put the zone after the quotes: cron "0 9 * * 1-5" Asia/Shanghai`)
		}
		return cronSchedule(fmt.Sprintf("cron %q %s", fields, loc), fields, loc)
	}
	fields := strings.Fields(s)
	days, dow := "daily", "*"
	if len(fields) > 0 {
		switch strings.ToLower(fields[0]) {
		case "daily", "everyday", "每天", "每日":
			fields = fields[1:]
		case "weekdays", "weekday", "工作日":
			days, dow, fields = "weekdays", "1-5", fields[1:]
		case "weekends", "weekend", "周末":
			days, dow, fields = "weekends", "0,6", fields[1:]
		}
	}
	if len(fields) == 0 || len(fields) > 2 {
		return Schedule{}, errors.New("expected a time like 09:00, optionally a day set and a zone")
	}
	m := clockRE.FindStringSubmatch(fields[0])
	if m == nil {
		return Schedule{}, fmt.Errorf("%q is not a time of day like 09:00", fields[0])
	}
	zoneName := ""
	if len(fields) == 2 {
		zoneName = fields[1]
	}
	loc, err := location(zoneName, zone)
	if err != nil {
		return Schedule{}, err
	}
	h, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	spec := fmt.Sprintf("%s %02d:%02d %s", days, h, mi, loc)
	return cronSchedule(spec, fmt.Sprintf("%d %d * * %s", mi, h, dow), loc)
}

func cronSchedule(spec, fields string, loc *time.Location) (Schedule, error) {
	c, err := cron.ParseStandard("CRON_TZ=" + loc.String() + " " + fields)
	if err != nil {
		return Schedule{}, fmt.Errorf("not a cron expression of five fields (minute hour day month weekday): %v", err)
	}
	if c.Next(time.Now()).IsZero() {
		return Schedule{}, errors.New("that cron expression never fires")
	}
	return Schedule{Spec: spec, cron: c, loc: loc}, nil
}

// location loads an IANA zone by name; "" means def.
func location(name string, def *time.Location) (*time.Location, error) {
	if name == "" {
		if def == nil {
			return time.UTC, nil
		}
		return def, nil
	}
	if strings.EqualFold(name, "local") || len(name) > 64 {
		return nil, fmt.Errorf("%q is not an IANA time zone like Asia/Shanghai or UTC", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%q is not an IANA time zone like Asia/Shanghai or UTC", name)
	}
	return loc, nil
}

// cutWord returns what follows the first word of s when that word is one of words.
func cutWord(s string, words ...string) (string, bool) {
	for _, w := range words {
		if rest, ok := strings.CutPrefix(s, w); ok && (rest == "" || rest[0] == ' ' || w == "每隔") {
			return strings.TrimSpace(rest), true
		}
	}
	return "", false
}

// Next returns the first slot strictly after t.
func (s Schedule) Next(t time.Time) time.Time {
	if s.every > 0 {
		return t.Truncate(s.every).Add(s.every)
	}
	if s.cron == nil {
		return time.Time{}
	}
	return s.cron.Next(t)
}

// Latest returns the last slot in [from, now], if there is one. The caller bounds the window
// (the catch-up grace), which bounds the work.
func (s Schedule) Latest(from, now time.Time) (time.Time, bool) {
	if now.Before(from) {
		return time.Time{}, false
	}
	if s.every > 0 {
		t := now.Truncate(s.every)
		if t.Before(from) {
			return time.Time{}, false
		}
		return t, true
	}
	var last time.Time
	for t := s.Next(from.Add(-time.Nanosecond)); !t.IsZero() && !t.After(now); t = s.Next(t) {
		last = t
	}
	return last, !last.IsZero()
}
