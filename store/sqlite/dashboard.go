package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/store"
)

// QueryDays totals the questions per day and platform from the day of since on, oldest first.
func (s *Store) QueryDays(ctx context.Context, since time.Time) ([]core.QueryDay, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT day, platform, answered, unanswered, small_talk
		FROM query_days WHERE day >= ? ORDER BY day, platform`, core.UnixDay(since))
	if err != nil {
		return nil, fmt.Errorf("questions per day: %w", err)
	}
	out, err := collect(rows, func(r store.Row) (core.QueryDay, error) {
		var d core.QueryDay
		err := r.Scan(&d.Day, &d.Platform, &d.Answered, &d.Unanswered, &d.SmallTalk)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("questions per day: %w", err)
	}
	return out, nil
}

// FeedbackTotals counts, per entry, the users whose latest press was helpful and those whose
// was not, by slug.
func (s *Store) FeedbackTotals(ctx context.Context) ([]core.FeedbackTotal, error) {
	// feedback_totals is kept by triggers on feedback (migration 0004).
	rows, err := s.rdb.QueryContext(ctx, `SELECT slug, helpful, not_helpful FROM feedback_totals
		WHERE helpful + not_helpful > 0 ORDER BY slug`)
	if err != nil {
		return nil, fmt.Errorf("feedback totals: %w", err)
	}
	out, err := collect(rows, func(r store.Row) (core.FeedbackTotal, error) {
		var f core.FeedbackTotal
		err := r.Scan(&f.Slug, &f.Helpful, &f.NotHelpful)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("feedback totals: %w", err)
	}
	return out, nil
}

// QuizChannels totals each channel's quiz posts that went out since since, the answers to
// them and the correct ones, the busiest channel first.
func (s *Store) QuizChannels(ctx context.Context, since time.Time) ([]quiz.ChannelTotal, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT p.platform, p.workspace, p.channel,
			count(DISTINCT p.id), count(a.post_id), coalesce(sum(a.correct), 0)
		FROM quiz_posts p LEFT JOIN quiz_answers a ON a.post_id = p.id
		WHERE p.created_at >= ? AND p.message_id <> ''
		GROUP BY p.platform, p.workspace, p.channel
		ORDER BY count(a.post_id) DESC, count(DISTINCT p.id) DESC, p.platform, p.workspace, p.channel`,
		store.Nanos(since))
	if err != nil {
		return nil, fmt.Errorf("quiz channels: %w", err)
	}
	out, err := collect(rows, func(r store.Row) (quiz.ChannelTotal, error) {
		var c quiz.ChannelTotal
		err := r.Scan(&c.Channel.Platform, &c.Channel.Workspace, &c.Channel.Channel, &c.Posts, &c.Answers, &c.Correct)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("quiz channels: %w", err)
	}
	return out, nil
}
