package quiz

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// subscribe sets the channel's schedule. Only users the adapter marked as able to manage the
// channel may (the console's user always can).
func (e *Engine) subscribe(ctx context.Context, req core.Request, args string, lang knowledge.Lang) (core.Reply, error) {
	if !req.CanManage {
		return e.forbidden(lang), nil
	}
	sch, err := ParseSchedule(args, e.zone)
	if err != nil {
		body := text(lang, msgSubBad, shorten(args), err.Error()) + "\n\n" + text(lang, msgSubUsage)
		if strings.TrimSpace(args) == "" {
			body = text(lang, msgSubUsage)
		}
		return e.reply(lang, body), nil
	}
	// A channel has one schedule: a new one replaces it, and the reply says which it replaced,
	// so nobody wipes a colleague's schedule without knowing.
	old, had, err := e.store.Subscription(ctx, req.ChannelKey())
	if err != nil {
		return core.Reply{}, fmt.Errorf("read %s channel's subscription: %w", req.Platform, err)
	}
	next := sch.Next(time.Now())
	s := Subscription{Channel: req.ChannelKey(), Spec: sch.Spec, Lang: lang, NextDue: next, By: req.User}
	if err := e.store.Subscribe(ctx, s); err != nil {
		return core.Reply{}, fmt.Errorf("subscribe %s channel: %w", req.Platform, err)
	}
	e.poke()
	body := text(lang, msgSubscribed, specText(lang, sch.Spec), e.when(sch, next))
	switch {
	case had && old.Spec == sch.Spec:
		body = sentences(lang, body, text(lang, msgSubSame))
	case had:
		body = sentences(lang, body, text(lang, msgSubReplaced, specText(lang, old.Spec)))
	}
	return e.reply(lang, body), nil
}

func (e *Engine) unsubscribe(ctx context.Context, req core.Request, lang knowledge.Lang) (core.Reply, error) {
	if !req.CanManage {
		return e.forbidden(lang), nil
	}
	had, err := e.store.Unsubscribe(ctx, req.ChannelKey())
	if err != nil {
		return core.Reply{}, fmt.Errorf("unsubscribe %s channel: %w", req.Platform, err)
	}
	if !had {
		return e.reply(lang, text(lang, msgUnsubNone)), nil
	}
	return e.reply(lang, text(lang, msgUnsubscribed)), nil
}

// forbidden refuses a schedule change, marked so an adapter that learns a user's rights late
// may ask again once it knows them.
func (e *Engine) forbidden(lang knowledge.Lang) core.Reply {
	r := e.reply(lang, text(lang, msgSubForbidden))
	r.Needs = core.NeedsManage
	return r
}

func (e *Engine) status(ctx context.Context, req core.Request, lang knowledge.Lang) (core.Reply, error) {
	s, ok, err := e.store.Subscription(ctx, req.ChannelKey())
	if err != nil {
		return core.Reply{}, fmt.Errorf("read subscription: %w", err)
	}
	if !ok {
		return e.reply(lang, text(lang, msgStatusNone)), nil
	}
	sch, err := ParseSchedule(s.Spec, e.zone)
	if err != nil {
		return core.Reply{}, fmt.Errorf("stored schedule %q: %w", s.Spec, err)
	}
	body := text(lang, msgStatus, specText(lang, s.Spec), e.when(sch, s.NextDue), shortDuration(e.revealAfter))
	if s.Skipped > 0 {
		body = sentences(lang, body, text(lang, msgStatusBehind, s.Skipped, e.when(sch, s.SkippedAt)))
	}
	return e.reply(lang, body), nil
}

// zhDays are the Chinese words ParseSchedule also reads for a canonical spec's first word.
var zhDays = map[string]string{"daily": "每天", "weekdays": "工作日", "weekends": "周末", "@every": "每隔"}

// specText shows a canonical schedule inside a sentence of lang: a Chinese sentence names the
// days in Chinese ("每天 09:00 UTC"), which ParseSchedule reads back as the same schedule.
func specText(lang knowledge.Lang, spec string) string {
	if lang != knowledge.ZH {
		return spec
	}
	first, rest, _ := strings.Cut(spec, " ")
	if zh, ok := zhDays[first]; ok {
		return zh + " " + rest
	}
	return spec
}

// when shows a slot in the schedule's own zone (the default zone for @every), the zone named
// by its offset from UTC.
func (e *Engine) when(sch Schedule, t time.Time) string {
	loc := sch.Location()
	if loc == nil {
		loc = e.zone
	}
	t = t.In(loc)
	return t.Format("2006-01-02 15:04:05") + " " + offsetName(t)
}

// shortDuration prints 1h0m0s as 1h and 30m0s as 30m.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
