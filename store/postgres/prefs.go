package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/store"
	"github.com/jackc/pgx/v5"
)

// UserLang returns the user's saved language choice; ok is false when there is none.
func (s *Store) UserLang(ctx context.Context, u core.UserKey) (knowledge.Lang, bool, error) {
	if err := checkUser(u); err != nil {
		return "", false, fmt.Errorf("user lang: %w", err)
	}
	var lang string
	err := s.pool.QueryRow(ctx,
		`SELECT lang FROM user_lang WHERE platform = $1 AND workspace = $2 AND user_id = $3`,
		u.Platform, u.Workspace, u.User).Scan(&lang)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("user lang of %s/%s: %w", u.Platform, u.User, err)
	}
	return knowledge.Lang(lang), true, nil
}

// SetUserLang saves the user's language choice, replacing any earlier one.
func (s *Store) SetUserLang(ctx context.Context, u core.UserKey, lang knowledge.Lang) error {
	if err := checkUser(u); err != nil {
		return fmt.Errorf("set user lang: %w", err)
	}
	if err := checkField("lang", string(lang), store.MaxLang, true); err != nil {
		return fmt.Errorf("set user lang: %w", err)
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO user_lang (platform, workspace, user_id, lang, updated_at)
		VALUES ($1, $2, $3, $4, now())
		ON CONFLICT (platform, workspace, user_id) DO UPDATE SET lang = EXCLUDED.lang, updated_at = EXCLUDED.updated_at`,
		u.Platform, u.Workspace, u.User, string(lang))
	if err != nil {
		return fmt.Errorf("set user lang of %s/%s: %w", u.Platform, u.User, err)
	}
	return nil
}

// SaveFeedback records a helpful/not-helpful press; the user's later press on the same slug
// replaces the earlier one.
func (s *Store) SaveFeedback(ctx context.Context, f core.Feedback) error {
	if err := checkUser(f.User); err != nil {
		return fmt.Errorf("save feedback: %w", err)
	}
	if err := checkField("slug", f.Slug, store.MaxID, true); err != nil {
		return fmt.Errorf("save feedback: %w", err)
	}
	if err := checkField("channel", f.Channel, store.MaxID, false); err != nil {
		return fmt.Errorf("save feedback: %w", err)
	}
	at := f.At
	if at.IsZero() {
		at = time.Now()
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO feedback (platform, workspace, user_id, slug, channel, helpful, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (platform, workspace, user_id, slug)
		DO UPDATE SET channel = EXCLUDED.channel, helpful = EXCLUDED.helpful, at = EXCLUDED.at`,
		f.User.Platform, f.User.Workspace, f.User.User, f.Slug, f.Channel, f.Helpful, at)
	if err != nil {
		return fmt.Errorf("save feedback on %s: %w", f.Slug, err)
	}
	return nil
}

// FeedbackCounts returns how many users found slug's answer helpful and how many did not,
// counting each user's latest press.
func (s *Store) FeedbackCounts(ctx context.Context, slug string) (up, down int, err error) {
	if err := checkText("slug", slug); err != nil {
		return 0, 0, fmt.Errorf("feedback counts: %w", err)
	}
	err = s.pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE helpful), count(*) FILTER (WHERE NOT helpful)
		FROM feedback WHERE slug = $1`, slug).Scan(&up, &down)
	if err != nil {
		return 0, 0, fmt.Errorf("feedback counts of %s: %w", slug, err)
	}
	return up, down, nil
}
