package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/store"
)

// UserLang returns the user's saved language choice; ok is false when there is none.
func (s *Store) UserLang(ctx context.Context, u core.UserKey) (knowledge.Lang, bool, error) {
	if err := store.CheckUser(u); err != nil {
		return "", false, fmt.Errorf("user lang: %w", err)
	}
	var lang string
	err := s.rdb.QueryRowContext(ctx,
		`SELECT lang FROM user_lang WHERE platform = ? AND workspace = ? AND user_id = ?`,
		u.Platform, u.Workspace, u.User).Scan(&lang)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("user lang of %s/%s: %w", u.Platform, u.User, err)
	}
	return knowledge.Lang(lang), true, nil
}

// SetUserLang saves the user's language choice, replacing any earlier one.
func (s *Store) SetUserLang(ctx context.Context, u core.UserKey, lang knowledge.Lang) error {
	if err := store.CheckUser(u); err != nil {
		return fmt.Errorf("set user lang: %w", err)
	}
	if err := store.CheckField("lang", string(lang), store.MaxLang, true); err != nil {
		return fmt.Errorf("set user lang: %w", err)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO user_lang (platform, workspace, user_id, lang, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (platform, workspace, user_id) DO UPDATE SET lang = excluded.lang, updated_at = excluded.updated_at`,
		u.Platform, u.Workspace, u.User, string(lang), time.Now().UnixNano())
	if err != nil {
		return fmt.Errorf("set user lang of %s/%s: %w", u.Platform, u.User, err)
	}
	return nil
}

// SaveFeedback records a helpful/not-helpful press; the user's later press on the same slug
// replaces the earlier one.
func (s *Store) SaveFeedback(ctx context.Context, f core.Feedback) error {
	if err := store.CheckUser(f.User); err != nil {
		return fmt.Errorf("save feedback: %w", err)
	}
	if err := store.CheckField("slug", f.Slug, store.MaxID, true); err != nil {
		return fmt.Errorf("save feedback: %w", err)
	}
	if err := store.CheckField("channel", f.Channel, store.MaxID, false); err != nil {
		return fmt.Errorf("save feedback: %w", err)
	}
	at := f.At
	if at.IsZero() {
		at = time.Now()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO feedback (platform, workspace, user_id, slug, channel, helpful, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (platform, workspace, user_id, slug)
		DO UPDATE SET channel = excluded.channel, helpful = excluded.helpful, at = excluded.at`,
		f.User.Platform, f.User.Workspace, f.User.User, f.Slug, f.Channel, f.Helpful, at.UnixNano())
	if err != nil {
		return fmt.Errorf("save feedback on %s: %w", f.Slug, err)
	}
	return nil
}

// FeedbackCounts returns how many users found slug's answer helpful and how many did not,
// counting each user's latest press.
func (s *Store) FeedbackCounts(ctx context.Context, slug string) (up, down int, err error) {
	err = s.rdb.QueryRowContext(ctx, `SELECT
			coalesce(sum(CASE WHEN helpful = 1 THEN 1 ELSE 0 END), 0),
			coalesce(sum(CASE WHEN helpful = 0 THEN 1 ELSE 0 END), 0)
		FROM feedback WHERE slug = ?`, slug).Scan(&up, &down)
	if err != nil {
		return 0, 0, fmt.Errorf("feedback counts of %s: %w", slug, err)
	}
	return up, down, nil
}
