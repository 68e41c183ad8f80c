package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/store"
)

// BeginSend takes a post's sending step under a lease; see quiz.Posts.
func (s *Store) BeginSend(ctx context.Context, postID int64, attempts int, owner string, now, leaseUntil time.Time) (bool, error) {
	if err := store.CheckField("lease owner", owner, store.MaxID, true); err != nil {
		return false, fmt.Errorf("begin quiz send: %w", err)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE quiz_posts SET state = 'sending', attempts = attempts + 1, lease_owner = ?,
		lease_until = ?, send_at = CASE WHEN send_at = 0 THEN ? ELSE send_at END
		WHERE id = ? AND state IN ('claimed', 'sending') AND attempts = ? AND (lease_owner = ? OR lease_until <= ?)`,
		owner, store.Nanos(leaseUntil), now.UnixNano(), postID, attempts, owner, now.UnixNano())
	if err != nil {
		return false, fmt.Errorf("begin send of quiz %d: %w", postID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DueSends returns claimed or sending posts whose lease ended: their owner is gone.
func (s *Store) DueSends(ctx context.Context, now time.Time, limit int) ([]quiz.Post, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+store.PostColumns+` FROM quiz_posts
		WHERE state IN ('claimed', 'sending') AND lease_until <= ? ORDER BY lease_until, id LIMIT ?`, now.UnixNano(), limit)
	if err != nil {
		return nil, fmt.Errorf("due sends: %w", err)
	}
	out, err := collect(rows, store.ScanPost)
	if err != nil {
		return nil, fmt.Errorf("due sends: %w", err)
	}
	return out, nil
}

// SetMessageID records the platform's id of a post's message: the post is out.
func (s *Store) SetMessageID(ctx context.Context, postID int64, messageID string) error {
	if err := store.CheckField("message id", messageID, store.MaxID, true); err != nil {
		return fmt.Errorf("set quiz message: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE quiz_posts SET message_id = ?, state = 'posted', attempts = 0,
		lease_owner = '', lease_until = 0 WHERE id = ? AND state IN ('claimed', 'sending')`, messageID, postID); err != nil {
		return fmt.Errorf("set message of quiz %d: %w", postID, err)
	}
	return nil
}

// DropPost gives up a post that was never (knowably) sent.
func (s *Store) DropPost(ctx context.Context, postID int64) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE quiz_posts SET state = 'dropped', lease_owner = '', lease_until = 0
		WHERE id = ? AND state IN ('claimed', 'sending')`, postID)
	if err != nil {
		return false, fmt.Errorf("drop quiz %d: %w", postID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Post returns the post with the given id.
func (s *Store) Post(ctx context.Context, id int64) (quiz.Post, bool, error) {
	p, err := store.ScanPost(s.rdb.QueryRowContext(ctx, `SELECT `+store.PostColumns+` FROM quiz_posts WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return quiz.Post{}, false, nil
	}
	if err != nil {
		return quiz.Post{}, false, fmt.Errorf("quiz post %d: %w", id, err)
	}
	return p, true, nil
}

// LatestOpenPost returns the channel's newest posted, unrevealed quiz.
func (s *Store) LatestOpenPost(ctx context.Context, ch core.ChannelKey) (quiz.Post, bool, error) {
	if err := store.CheckChannel(ch); err != nil {
		return quiz.Post{}, false, fmt.Errorf("latest quiz: %w", err)
	}
	p, err := store.ScanPost(s.rdb.QueryRowContext(ctx, `SELECT `+store.PostColumns+` FROM quiz_posts
		WHERE platform = ? AND workspace = ? AND channel = ? AND state = 'posted'
		ORDER BY id DESC LIMIT 1`, ch.Platform, ch.Workspace, ch.Channel))
	if errors.Is(err, sql.ErrNoRows) {
		return quiz.Post{}, false, nil
	}
	if err != nil {
		return quiz.Post{}, false, fmt.Errorf("latest quiz in %s/%s: %w", ch.Platform, ch.Channel, err)
	}
	return p, true, nil
}

// RecordAnswer stores a user's first answer to a post and updates their streak; later answers
// are refused with the one that counted.
func (s *Store) RecordAnswer(ctx context.Context, a quiz.Answer) (quiz.Recorded, error) {
	if err := errors.Join(store.CheckUser(a.User), store.CheckChannel(a.Channel), store.CheckField("choice", a.Choice, store.MaxChoice, true)); err != nil {
		return quiz.Recorded{}, fmt.Errorf("record answer: %w", err)
	}
	name := store.ClipName(a.UserName)
	correct := 0
	if a.Correct {
		correct = 1
	}
	var rec quiz.Recorded
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO quiz_answers
			(post_id, platform, workspace, channel, user_workspace, user_id, user_name, choice, correct, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			a.PostID, a.Channel.Platform, a.Channel.Workspace, a.Channel.Channel, a.User.Workspace, a.User.User,
			name, a.Choice, correct, store.Nanos(a.At))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		rec.First = n == 1
		if !rec.First {
			if err := tx.QueryRowContext(ctx, `SELECT choice FROM quiz_answers WHERE post_id = ? AND user_workspace = ? AND user_id = ?`,
				a.PostID, a.User.Workspace, a.User.User).Scan(&rec.Earlier); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `INSERT INTO quiz_streaks
			(platform, workspace, channel, user_workspace, user_id, current, best) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (platform, workspace, channel, user_workspace, user_id) DO UPDATE SET
				current = CASE WHEN excluded.current = 1 THEN current + 1 ELSE 0 END,
				best = max(best, CASE WHEN excluded.current = 1 THEN current + 1 ELSE 0 END)`,
			a.Channel.Platform, a.Channel.Workspace, a.Channel.Channel, a.User.Workspace, a.User.User, correct, correct); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM quiz_answers WHERE post_id = ?`, a.PostID).Scan(&rec.Answered)
	})
	if err != nil {
		return quiz.Recorded{}, fmt.Errorf("record answer to quiz %d: %w", a.PostID, err)
	}
	return rec, nil
}

// Tally counts a post's answers and the correct ones.
func (s *Store) Tally(ctx context.Context, postID int64) (answered, correct int, err error) {
	err = s.rdb.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(correct), 0) FROM quiz_answers WHERE post_id = ?`,
		postID).Scan(&answered, &correct)
	if err != nil {
		return 0, 0, fmt.Errorf("tally quiz %d: %w", postID, err)
	}
	return answered, correct, nil
}

// DueReveals returns posted quizzes whose reveal time has come and reveals whose lease ended.
func (s *Store) DueReveals(ctx context.Context, now time.Time, limit int) ([]quiz.Post, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+store.PostColumns+` FROM (
			SELECT * FROM quiz_posts WHERE state = 'posted' AND reveal_at <= ?1
			UNION ALL SELECT * FROM quiz_posts WHERE state = 'revealing' AND lease_until <= ?1)
		ORDER BY reveal_at, id LIMIT ?2`, now.UnixNano(), limit)
	if err != nil {
		return nil, fmt.Errorf("due reveals: %w", err)
	}
	out, err := collect(rows, store.ScanPost)
	if err != nil {
		return nil, fmt.Errorf("due reveals: %w", err)
	}
	return out, nil
}

// ClaimReveal takes a due post's reveal step under a lease; see quiz.Reveals.
func (s *Store) ClaimReveal(ctx context.Context, postID int64, attempts int, owner string, now, leaseUntil time.Time) (bool, error) {
	if err := store.CheckField("lease owner", owner, store.MaxID, true); err != nil {
		return false, fmt.Errorf("claim quiz reveal: %w", err)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE quiz_posts SET state = 'revealing', attempts = attempts + 1, lease_owner = ?,
		lease_until = ? WHERE id = ? AND attempts = ?
			AND ((state = 'posted' AND reveal_at <= ?) OR (state = 'revealing' AND lease_until <= ?))`,
		owner, store.Nanos(leaseUntil), postID, attempts, now.UnixNano(), now.UnixNano())
	if err != nil {
		return false, fmt.Errorf("claim reveal of quiz %d: %w", postID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// MarkRevealed completes a post's reveal; true when this call did it.
func (s *Store) MarkRevealed(ctx context.Context, postID int64) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE quiz_posts SET state = 'revealed', revealed = 1, lease_owner = '', lease_until = 0
		WHERE id = ? AND state IN ('posted', 'revealing')`, postID)
	if err != nil {
		return false, fmt.Errorf("mark quiz %d revealed: %w", postID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Leaderboard returns every user who answered in ch since since, most correct first.
func (s *Store) Leaderboard(ctx context.Context, ch core.ChannelKey, since time.Time) ([]quiz.Score, error) {
	if err := store.CheckChannel(ch); err != nil {
		return nil, fmt.Errorf("leaderboard: %w", err)
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT user_id, max(user_name), sum(correct), count(*) FROM quiz_answers
		WHERE platform = ? AND workspace = ? AND channel = ? AND at >= ?
		GROUP BY user_workspace, user_id ORDER BY sum(correct) DESC, count(*) ASC, user_id`,
		ch.Platform, ch.Workspace, ch.Channel, store.Nanos(since))
	if err != nil {
		return nil, fmt.Errorf("leaderboard of %s/%s: %w", ch.Platform, ch.Channel, err)
	}
	out, err := collect(rows, func(r store.Row) (quiz.Score, error) {
		var sc quiz.Score
		err := r.Scan(&sc.User, &sc.Name, &sc.Correct, &sc.Answered)
		return sc, err
	})
	if err != nil {
		return nil, fmt.Errorf("leaderboard: %w", err)
	}
	return out, nil
}

// Streak returns the user's current and best run of correct answers in ch.
func (s *Store) Streak(ctx context.Context, ch core.ChannelKey, u core.UserKey) (quiz.Streak, error) {
	if err := errors.Join(store.CheckChannel(ch), store.CheckUser(u)); err != nil {
		return quiz.Streak{}, fmt.Errorf("streak: %w", err)
	}
	var st quiz.Streak
	err := s.rdb.QueryRowContext(ctx, `SELECT current, best FROM quiz_streaks
		WHERE platform = ? AND workspace = ? AND channel = ? AND user_workspace = ? AND user_id = ?`,
		ch.Platform, ch.Workspace, ch.Channel, u.Workspace, u.User).Scan(&st.Current, &st.Best)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return quiz.Streak{}, fmt.Errorf("streak: %w", err)
	}
	return st, nil
}
