package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/store"
	"github.com/jackc/pgx/v5"
)

func collectPosts(rows pgx.Rows) ([]quiz.Post, error) {
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (quiz.Post, error) { return store.ScanPost(r) })
}

// BeginSend takes a post's sending step under a lease; see quiz.Posts.
func (s *Store) BeginSend(ctx context.Context, postID int64, attempts int, owner string, now, leaseUntil time.Time) (bool, error) {
	if err := checkField("lease owner", owner, store.MaxID, true); err != nil {
		return false, fmt.Errorf("begin quiz send: %w", err)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE quiz_posts SET state = 'sending', attempts = attempts + 1, lease_owner = $1,
		lease_until = $2, send_at = CASE WHEN send_at = 0 THEN $3 ELSE send_at END
		WHERE id = $4 AND state IN ('claimed', 'sending') AND attempts = $5 AND (lease_owner = $1 OR lease_until <= $3)`,
		owner, store.Nanos(leaseUntil), now.UnixNano(), postID, attempts)
	if err != nil {
		return false, fmt.Errorf("begin send of quiz %d: %w", postID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// DueSends returns claimed or sending posts whose lease ended: their owner is gone.
func (s *Store) DueSends(ctx context.Context, now time.Time, limit int) ([]quiz.Post, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+store.PostColumns+` FROM quiz_posts
		WHERE state IN ('claimed', 'sending') AND lease_until <= $1 ORDER BY lease_until, id LIMIT $2`, now.UnixNano(), limit)
	if err != nil {
		return nil, fmt.Errorf("due sends: %w", err)
	}
	out, err := collectPosts(rows)
	if err != nil {
		return nil, fmt.Errorf("due sends: %w", err)
	}
	return out, nil
}

// SetMessageID records the platform's id of a post's message: the post is out.
func (s *Store) SetMessageID(ctx context.Context, postID int64, messageID string) error {
	if err := checkField("message id", messageID, store.MaxID, true); err != nil {
		return fmt.Errorf("set quiz message: %w", err)
	}
	if _, err := s.pool.Exec(ctx, `UPDATE quiz_posts SET message_id = $1, state = 'posted', attempts = 0,
		lease_owner = '', lease_until = 0 WHERE id = $2 AND state IN ('claimed', 'sending')`, messageID, postID); err != nil {
		return fmt.Errorf("set message of quiz %d: %w", postID, err)
	}
	return nil
}

// DropPost gives up a post that was never (knowably) sent.
func (s *Store) DropPost(ctx context.Context, postID int64) (bool, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE quiz_posts SET state = 'dropped', lease_owner = '', lease_until = 0
		WHERE id = $1 AND state IN ('claimed', 'sending')`, postID)
	if err != nil {
		return false, fmt.Errorf("drop quiz %d: %w", postID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// Post returns the post with the given id.
func (s *Store) Post(ctx context.Context, id int64) (quiz.Post, bool, error) {
	p, err := store.ScanPost(s.pool.QueryRow(ctx, `SELECT `+store.PostColumns+` FROM quiz_posts WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return quiz.Post{}, false, nil
	}
	if err != nil {
		return quiz.Post{}, false, fmt.Errorf("quiz post %d: %w", id, err)
	}
	return p, true, nil
}

// LatestOpenPost returns the channel's newest posted, unrevealed quiz.
func (s *Store) LatestOpenPost(ctx context.Context, ch core.ChannelKey) (quiz.Post, bool, error) {
	if err := checkChannel(ch); err != nil {
		return quiz.Post{}, false, fmt.Errorf("latest quiz: %w", err)
	}
	p, err := store.ScanPost(s.pool.QueryRow(ctx, `SELECT `+store.PostColumns+` FROM quiz_posts
		WHERE platform = $1 AND workspace = $2 AND channel = $3 AND state = 'posted'
		ORDER BY id DESC LIMIT 1`, ch.Platform, ch.Workspace, ch.Channel))
	if errors.Is(err, pgx.ErrNoRows) {
		return quiz.Post{}, false, nil
	}
	if err != nil {
		return quiz.Post{}, false, fmt.Errorf("latest quiz in %s/%s: %w", ch.Platform, ch.Channel, err)
	}
	return p, true, nil
}

// RecordAnswer stores a user's first answer to a post and updates their streak; later answers
// are refused with the one that counted. The insert is the claim: ON CONFLICT DO NOTHING makes
// concurrent first answers of one user count once.
func (s *Store) RecordAnswer(ctx context.Context, a quiz.Answer) (quiz.Recorded, error) {
	if err := errors.Join(checkUser(a.User), checkChannel(a.Channel), checkField("choice", a.Choice, store.MaxChoice, true)); err != nil {
		return quiz.Recorded{}, fmt.Errorf("record answer: %w", err)
	}
	// A text column holds no NUL or invalid UTF-8; a name is only shown, so clean it, not refuse it.
	name := store.ClipName(strings.ToValidUTF8(strings.ReplaceAll(a.UserName, "\x00", ""), ""))
	var rec quiz.Recorded
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO quiz_answers
			(post_id, platform, workspace, channel, user_workspace, user_id, user_name, choice, correct, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
			a.PostID, a.Channel.Platform, a.Channel.Workspace, a.Channel.Channel, a.User.Workspace, a.User.User,
			name, a.Choice, a.Correct, store.Nanos(a.At))
		if err != nil {
			return err
		}
		rec.First = tag.RowsAffected() == 1
		if !rec.First {
			if err := tx.QueryRow(ctx, `SELECT choice FROM quiz_answers WHERE post_id = $1 AND user_workspace = $2 AND user_id = $3`,
				a.PostID, a.User.Workspace, a.User.User).Scan(&rec.Earlier); err != nil {
				return err
			}
		} else {
			c := 0
			if a.Correct {
				c = 1
			}
			if _, err := tx.Exec(ctx, `INSERT INTO quiz_streaks AS s
				(platform, workspace, channel, user_workspace, user_id, current, best) VALUES ($1, $2, $3, $4, $5, $6, $6)
				ON CONFLICT (platform, workspace, channel, user_workspace, user_id) DO UPDATE SET
					current = CASE WHEN excluded.current = 1 THEN s.current + 1 ELSE 0 END,
					best = greatest(s.best, CASE WHEN excluded.current = 1 THEN s.current + 1 ELSE 0 END)`,
				a.Channel.Platform, a.Channel.Workspace, a.Channel.Channel, a.User.Workspace, a.User.User, c); err != nil {
				return err
			}
		}
		return tx.QueryRow(ctx, `SELECT count(*) FROM quiz_answers WHERE post_id = $1`, a.PostID).Scan(&rec.Answered)
	})
	if err != nil {
		return quiz.Recorded{}, fmt.Errorf("record answer to quiz %d: %w", a.PostID, err)
	}
	return rec, nil
}

// Tally counts a post's answers and the correct ones.
func (s *Store) Tally(ctx context.Context, postID int64) (answered, correct int, err error) {
	err = s.pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE correct) FROM quiz_answers WHERE post_id = $1`,
		postID).Scan(&answered, &correct)
	if err != nil {
		return 0, 0, fmt.Errorf("tally quiz %d: %w", postID, err)
	}
	return answered, correct, nil
}

// DueReveals returns posted quizzes whose reveal time has come and reveals whose lease ended.
func (s *Store) DueReveals(ctx context.Context, now time.Time, limit int) ([]quiz.Post, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+store.PostColumns+` FROM (
			SELECT * FROM quiz_posts WHERE state = 'posted' AND reveal_at <= $1
			UNION ALL SELECT * FROM quiz_posts WHERE state = 'revealing' AND lease_until <= $1) p
		ORDER BY reveal_at, id LIMIT $2`, now.UnixNano(), limit)
	if err != nil {
		return nil, fmt.Errorf("due reveals: %w", err)
	}
	out, err := collectPosts(rows)
	if err != nil {
		return nil, fmt.Errorf("due reveals: %w", err)
	}
	return out, nil
}

// ClaimReveal takes a due post's reveal step under a lease (one replica wins); see quiz.Reveals.
func (s *Store) ClaimReveal(ctx context.Context, postID int64, attempts int, owner string, now, leaseUntil time.Time) (bool, error) {
	if err := checkField("lease owner", owner, store.MaxID, true); err != nil {
		return false, fmt.Errorf("claim quiz reveal: %w", err)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE quiz_posts SET state = 'revealing', attempts = attempts + 1, lease_owner = $1,
		lease_until = $2 WHERE id = $3 AND attempts = $4
			AND ((state = 'posted' AND reveal_at <= $5) OR (state = 'revealing' AND lease_until <= $5))`,
		owner, store.Nanos(leaseUntil), postID, attempts, now.UnixNano())
	if err != nil {
		return false, fmt.Errorf("claim reveal of quiz %d: %w", postID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// MarkRevealed completes a post's reveal; true when this call did it (one replica wins).
func (s *Store) MarkRevealed(ctx context.Context, postID int64) (bool, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE quiz_posts SET state = 'revealed', revealed = true, lease_owner = '', lease_until = 0
		WHERE id = $1 AND state IN ('posted', 'revealing')`, postID)
	if err != nil {
		return false, fmt.Errorf("mark quiz %d revealed: %w", postID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// Leaderboard returns every user who answered in ch since since, most correct first.
func (s *Store) Leaderboard(ctx context.Context, ch core.ChannelKey, since time.Time) ([]quiz.Score, error) {
	if err := checkChannel(ch); err != nil {
		return nil, fmt.Errorf("leaderboard: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT user_id, max(user_name), count(*) FILTER (WHERE correct) AS c, count(*) AS n
		FROM quiz_answers WHERE platform = $1 AND workspace = $2 AND channel = $3 AND at >= $4
		GROUP BY user_workspace, user_id ORDER BY c DESC, n ASC, user_id`,
		ch.Platform, ch.Workspace, ch.Channel, store.Nanos(since))
	if err != nil {
		return nil, fmt.Errorf("leaderboard of %s/%s: %w", ch.Platform, ch.Channel, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (quiz.Score, error) {
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
	if err := errors.Join(checkChannel(ch), checkUser(u)); err != nil {
		return quiz.Streak{}, fmt.Errorf("streak: %w", err)
	}
	var st quiz.Streak
	err := s.pool.QueryRow(ctx, `SELECT current, best FROM quiz_streaks
		WHERE platform = $1 AND workspace = $2 AND channel = $3 AND user_workspace = $4 AND user_id = $5`,
		ch.Platform, ch.Workspace, ch.Channel, u.Workspace, u.User).Scan(&st.Current, &st.Best)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return quiz.Streak{}, fmt.Errorf("streak: %w", err)
	}
	return st, nil
}
