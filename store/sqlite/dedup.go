package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/store"
)

// FirstSeen records key until now+ttl and reports whether it was new (or its earlier record had
// expired). Concurrent calls with one key: exactly one sees true.
func (s *Store) FirstSeen(ctx context.Context, key string, now time.Time, ttl time.Duration) (bool, error) {
	k, err := store.DedupKey(key)
	if err != nil {
		return false, fmt.Errorf("first seen: %w", err)
	}
	if ttl <= 0 {
		return false, fmt.Errorf("first seen %q: ttl %v must be positive", k, ttl)
	}
	// One statement decides atomically: insert, or take over a record that has expired.
	res, err := s.db.ExecContext(ctx, `INSERT INTO event_dedup (key, expires_at) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at
		WHERE event_dedup.expires_at <= ?`,
		k, now.Add(ttl).UnixNano(), now.UnixNano())
	if err != nil {
		return false, fmt.Errorf("first seen %q: %w", k, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("first seen %q: %w", k, err)
	}
	if s.dedupCalls.Add(1)%store.PruneEvery == 0 {
		// The key is recorded; a failed cleanup only delays pruning to the next round, and a
		// database that keeps failing shows up in the insert above.
		_ = s.pruneDedup(ctx, now)
	}
	return n == 1, nil
}

// pruneDedup deletes a bounded batch of keys that expired before now.
func (s *Store) pruneDedup(ctx context.Context, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM event_dedup WHERE key IN (
		SELECT key FROM event_dedup WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)`,
		now.UnixNano(), store.PruneBatch)
	if err != nil {
		return fmt.Errorf("prune dedup keys: %w", err)
	}
	return nil
}
