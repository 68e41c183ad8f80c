package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

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
	_, err = s.pool.Exec(ctx, `INSERT INTO signals (qkey, question, slug, kind, times, last_at)
		VALUES ($1, $2, $3, $4, 1, $5)
		ON CONFLICT (qkey, slug, kind) DO UPDATE SET question = EXCLUDED.question, times = signals.times + 1,
			last_at = greatest(signals.last_at, EXCLUDED.last_at)`, key, q, sig.Slug, sig.Kind, sig.At)
	if err != nil {
		return fmt.Errorf("record signal %q → %s: %w", store.ClipQuestion(q), sig.Slug, err)
	}
	return nil
}

// Signals lists the suggestions, the most frequent first.
func (s *Store) Signals(ctx context.Context, limit int) ([]core.SignalTotal, error) {
	rows, err := s.pool.Query(ctx, `SELECT question, slug, kind, times, last_at FROM signals
		ORDER BY times DESC, last_at DESC, qkey COLLATE "C", slug COLLATE "C", kind LIMIT $1`, store.ReportLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("read signals: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.SignalTotal, error) {
		var t core.SignalTotal
		err := r.Scan(&t.Question, &t.Slug, &t.Kind, &t.Times, &t.Last)
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
	tag, err := s.pool.Exec(ctx, `DELETE FROM signals WHERE qkey = $1 AND ($2 = '' OR slug = $2)`, key, slug)
	if err != nil {
		return 0, fmt.Errorf("dismiss signals for %q: %w", store.ClipQuestion(question), err)
	}
	return tag.RowsAffected(), nil
}
