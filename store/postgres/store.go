// Package postgres is the bot's store on PostgreSQL (pgx/v5, pgxpool), for several replicas
// sharing one database. It implements the same ports as store/sqlite and passes the same
// contract suite (store/storetest).
//
// # For code in this package (a quiz store)
//
// Run a read-modify-write transaction with
//
//	err := s.withTx(ctx, func(tx pgx.Tx) error { ... })
//
// It commits when fn returns nil and rolls back otherwise. Transactions are READ COMMITTED:
// make claims atomic with single statements (INSERT ... ON CONFLICT DO NOTHING, UPDATE ...
// WHERE state = $old) or SELECT ... FOR UPDATE, not with a read followed by a write.
//
// Schema changes are migrations in migrations/NNNN_name.sql (0001-0099 base, 0100-0199 quiz),
// applied under an advisory lock so that replicas starting together apply each once.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bigmodel-bot/bigmodel-bot/store"
)

// Store is the PostgreSQL implementation of the bot's storage ports. It is safe for concurrent
// use.
type Store struct {
	pool *pgxpool.Pool

	dedupCalls atomic.Uint64 // paces opportunistic pruning of expired dedup keys

	probe    *store.WriteProbe // Writable's write check
	probeKey string
}

// Open connects to the database at dsn (a URL or "key=value" string, as libpq takes) and applies
// pending migrations.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, dsnError(err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s/%s: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Database, err)
	}
	s := &Store{pool: pool, probeKey: store.ProbeKey()}
	s.probe = store.NewWriteProbe(s.probeWrite)
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres %s/%s: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Database, err)
	}
	if err := s.migrate(ctx, migrationFiles); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres %s/%s: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Database, err)
	}
	return s, nil
}

// Ping checks that the database answers (the /readyz store check).
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("ping postgres: %w", err)
	}
	return nil
}

// Close closes the pool, waiting for connections in use to be returned.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// withTx runs fn in a transaction (see the package doc).
func (s *Store) withTx(ctx context.Context, fn func(pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(ctx); rerr != nil && !errors.Is(rerr, pgx.ErrTxClosed) {
			return errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// dsnError reports a malformed DSN without repeating it: it may hold a password, and pgx's
// redaction is best effort.
func dsnError(err error) error {
	if inner := errors.Unwrap(err); inner != nil {
		return fmt.Errorf("open postgres: invalid dsn: %w", inner)
	}
	return errors.New("open postgres: invalid dsn (not shown: it may hold a password)")
}
