package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/store"
)

// RecordSignal counts one implicit signal (core.SignalRecorder).
func (s *Store) RecordSignal(ctx context.Context, sig core.Signal) error {
	key, q, err := store.SignalKey(sig)
	if err != nil {
		return err
	}
	if sig.At.IsZero() {
		sig.At = time.Now()
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO signals (qkey, question, slug, kind, times, last_at)
		VALUES (?, ?, ?, ?, 1, ?)
		ON CONFLICT (qkey, slug, kind) DO UPDATE SET question = excluded.question, times = times + 1,
			last_at = max(last_at, excluded.last_at)`, key, q, sig.Slug, sig.Kind, sig.At.UnixNano())
	if err != nil {
		return fmt.Errorf("record signal %q → %s: %w", store.ClipQuestion(q), sig.Slug, err)
	}
	return nil
}

// Signals lists the suggestions, the most frequent first.
func (s *Store) Signals(ctx context.Context, limit int) ([]core.SignalTotal, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT question, slug, kind, times, last_at FROM signals
		ORDER BY times DESC, last_at DESC, qkey, slug, kind LIMIT ?`, store.ReportLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("read signals: %w", err)
	}
	out, err := collect(rows, func(r store.Row) (core.SignalTotal, error) {
		var t core.SignalTotal
		var at int64
		err := r.Scan(&t.Question, &t.Slug, &t.Kind, &t.Times, &at)
		t.Last = time.Unix(0, at)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("read signals: %w", err)
	}
	return out, nil
}

// DismissSignals removes the suggestions for question (however it is typed): those for slug,
// or with slug "" all of them. It returns how many there were.
func (s *Store) DismissSignals(ctx context.Context, question, slug string) (int64, error) {
	key := core.NormaliseQuery(question)
	res, err := s.db.ExecContext(ctx, `DELETE FROM signals WHERE qkey = ? AND (? = '' OR slug = ?)`, key, slug, slug)
	if err != nil {
		return 0, fmt.Errorf("dismiss signals for %q: %w", store.ClipQuestion(question), err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("dismiss signals for %q: %w", store.ClipQuestion(question), err)
	}
	return n, nil
}
