package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/store"
)

// Teach saves a lesson, replacing an earlier one for the same question.
func (s *Store) Teach(ctx context.Context, l core.Lesson) (core.Lesson, error) {
	key, q, err := store.LessonKey(l)
	if err != nil {
		return core.Lesson{}, err
	}
	if l.At.IsZero() {
		l.At = time.Now()
	}
	l.Question = q
	err = s.pool.QueryRow(ctx, `INSERT INTO lessons (qkey, question, slug, taught_by, taught_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (qkey) DO UPDATE SET question = excluded.question, slug = excluded.slug,
			taught_by = excluded.taught_by, taught_at = excluded.taught_at
		RETURNING id`, key, q, l.Slug, l.By, l.At).Scan(&l.ID)
	if err != nil {
		return core.Lesson{}, fmt.Errorf("teach %q: %w", store.ClipQuestion(q), err)
	}
	return l, nil
}

// Lessons lists every lesson, oldest first.
func (s *Store) Lessons(ctx context.Context) ([]core.Lesson, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, question, slug, taught_by, taught_at FROM lessons ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read lessons: %w", err)
	}
	defer rows.Close()
	var out []core.Lesson
	for rows.Next() {
		var l core.Lesson
		if err := rows.Scan(&l.ID, &l.Question, &l.Slug, &l.By, &l.At); err != nil {
			return nil, fmt.Errorf("read lessons: %w", err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read lessons: %w", err)
	}
	return out, nil
}

// Forget removes the lesson with id.
func (s *Store) Forget(ctx context.Context, id int64) (bool, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM lessons WHERE id = $1`, id)
	if err != nil {
		return false, fmt.Errorf("forget lesson %d: %w", id, err)
	}
	return tag.RowsAffected() > 0, nil
}
