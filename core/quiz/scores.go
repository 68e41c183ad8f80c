package quiz

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// topN is how many users a leaderboard lists.
const topN = 10

// leaderboard shows the channel's top ten this week and all time, the asking user's ranks and
// their streak.
func (e *Engine) leaderboard(ctx context.Context, req core.Request, lang knowledge.Lang) (core.Reply, error) {
	ch := req.ChannelKey()
	now := time.Now()
	week, err := e.store.Leaderboard(ctx, ch, weekStart(now, e.zone))
	if err != nil {
		return core.Reply{}, fmt.Errorf("weekly leaderboard: %w", err)
	}
	all, err := e.store.Leaderboard(ctx, ch, time.Time{})
	if err != nil {
		return core.Reply{}, fmt.Errorf("all-time leaderboard: %w", err)
	}
	r := core.Reply{Title: text(lang, msgLBTitle), Visibility: core.Ephemeral, Lang: lang}
	if len(all) == 0 {
		r.Body = text(lang, msgLBEmpty)
		return r, nil
	}
	r.Fields = []core.Field{
		{Name: text(lang, msgLBWeek), Value: board(week, lang), Inline: true},
		{Name: text(lang, msgLBAll), Value: board(all, lang), Inline: true},
	}
	wr, wc, wn := rank(week, req.User)
	ar, ac, an := rank(all, req.User)
	if ar == 0 {
		r.Body = text(lang, msgLBYouNone)
		return r, nil
	}
	st, err := e.store.Streak(ctx, ch, req.UserKey())
	if err != nil {
		return core.Reply{}, fmt.Errorf("streak: %w", err)
	}
	you := text(lang, msgLBYou, standing(lang, wr, wc, wn, msgLBWeekRank, msgLBWeekZero, msgLBWeekNone),
		standing(lang, ar, ac, an, msgLBAllRank, msgLBAllZero, msgLBAllZero))
	r.Body = sentences(lang, you, text(lang, msgStreak, st.Current, st.Best))
	return r, nil
}

// standing is the user's place in one board: a rank only with a correct answer ("#1 this week
// (0 correct)" would rank a user who got nothing right), else how many they answered, else none.
func standing(lang knowledge.Lang, place, correct, answered int, ranked, zero, none msg) string {
	switch {
	case place > 0 && correct > 0:
		return text(lang, ranked, place, correct)
	case place > 0:
		return text(lang, zero, answered)
	}
	return text(lang, none)
}

// board lists the top scores, one a line: "1. alice: 5/7".
func board(scores []Score, lang knowledge.Lang) string {
	if len(scores) == 0 {
		return text(lang, msgLBEmpty)
	}
	var b strings.Builder
	for i, s := range scores[:min(topN, len(scores))] {
		name := s.Name
		if name == "" {
			name = s.User
		}
		fmt.Fprintf(&b, "%d. %s: %d/%d\n", i+1, shorten(name), s.Correct, s.Answered)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// rank finds user's place (1-based, 0 when absent), correct answers and answers; ties share a
// place.
func rank(scores []Score, user string) (place, correct, answered int) {
	for i, s := range scores {
		if i == 0 || s.Correct != scores[i-1].Correct {
			place = i + 1
		}
		if s.User == user {
			return place, s.Correct, s.Answered
		}
	}
	return 0, 0, 0
}

// weekStart is Monday 00:00 of t's week in loc.
func weekStart(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	days := (int(t.Weekday()) + 6) % 7
	y, m, d := t.Date()
	return time.Date(y, m, d-days, 0, 0, 0, 0, loc)
}
