package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/store"
)

// Writable reports whether the store can write now (the /readyz store check): at most once a
// second it upserts one row, else it returns the last outcome. A database that is up but
// refuses writes (a read-only standby after a failover, a full disk) fails it while Ping passes.
// The pool replaces broken connections itself, so recovery needs nothing more.
func (s *Store) Writable(ctx context.Context) error { return s.probe.Check(ctx) }

func (s *Store) probeWrite(ctx context.Context) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO event_dedup (key, expires_at) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
		s.probeKey, time.Now().Add(store.ProbeTTL).UnixNano())
	if err != nil {
		return fmt.Errorf("postgres write probe: %w", err)
	}
	return nil
}
