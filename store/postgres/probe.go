package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/bigmodel-bot/bigmodel-bot/store"
)

// Writable reports whether the store can write now (the /readyz store check): at most once a
// second it upserts one row, else it returns the last outcome. A database that is up but
// refuses writes (a read-only standby after a failover, a full disk) fails it while Ping passes.
// The pool replaces connections that broke; one that works but is read-only (a session of a
// database set read-only, a standby) it would keep, so on such a failure the pool is reset and
// the next probe, and every write after it, gets fresh connections.
func (s *Store) Writable(ctx context.Context) error { return s.probe.Check(ctx) }

func (s *Store) probeWrite(ctx context.Context) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO event_dedup (key, expires_at) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
		s.probeKey, time.Now().Add(store.ProbeTTL).UnixNano())
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == readOnlyTransaction {
			s.pool.Reset()
		}
		return fmt.Errorf("postgres write probe: %w", err)
	}
	return nil
}

// readOnlyTransaction is SQLSTATE 25006, read_only_sql_transaction.
const readOnlyTransaction = "25006"
