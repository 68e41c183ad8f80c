// Package sqlite is the bot's embedded store on SQLite (modernc.org/sqlite, pure Go): language
// choices, answer feedback, event de-duplication, and the quiz engine's tables.
//
// # For code in this package (the quiz store, quiz.go)
//
// A Store holds two pools on the same file:
//
//   - s.db, the writer: exactly one connection, and every transaction begins IMMEDIATE
//     (_txlock=immediate). All writes go through it. Because there is one writer connection,
//     concurrent writers in this process queue in database/sql instead of fighting over the
//     SQLite lock, so read-modify-write transactions never fail with SQLITE_BUSY or deadlock;
//     busy_timeout covers another process on the same file.
//   - s.rdb, the readers: several read-only connections (query_only). In WAL mode they read a
//     consistent snapshot without waiting for the writer. Use it for plain SELECTs; a read that
//     decides a later write must run inside withTx instead.
//
// Run a read-modify-write transaction with
//
//	err := s.withTx(ctx, func(tx *sql.Tx) error { ... })
//
// It commits when fn returns nil and rolls back otherwise (fn's error is returned, wrapped).
// Keep fn short and free of network calls: it holds the only write connection.
//
// Schema changes are migrations in migrations/NNNN_name.sql (0001-0099 base, 0100-0199 quiz);
// see migrate.go. Times are stored as INTEGER Unix nanoseconds (UTC).
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	// The pure-Go SQLite driver, registered as "sqlite".
	"modernc.org/sqlite"

	"github.com/bigmodel-bot/bigmodel-bot/store"
)

// DefaultDSN is the database file used when the configuration names none.
const DefaultDSN = "bigmodel-bot.db"

// Store is the SQLite implementation of the bot's storage ports. It is safe for concurrent use.
type Store struct {
	db  *sql.DB // the single writer connection; see the package doc
	rdb *sql.DB // read-only connections; the same pool as db for in-memory databases

	dedupCalls atomic.Uint64 // paces opportunistic pruning of expired dedup keys

	probe    *store.WriteProbe // Writable's write check
	probeKey string
	readers  int // rdb's pool size
}

// Open opens (creating if needed) the database at dsn and applies pending migrations. dsn is a
// file path, optionally "file:" prefixed and with query parameters; "" means DefaultDSN, and
// ":memory:" a private in-memory database (for tests and throwaway runs).
func Open(ctx context.Context, dsn string) (*Store, error) {
	if dsn == "" {
		dsn = DefaultDSN
	}
	memory := isMemory(dsn)
	db, err := sql.Open("sqlite", withParams(dsn, writerParams(memory)))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", dsn, err)
	}
	db.SetMaxOpenConns(1)
	// Keep the connection: for :memory: it is the database, for files it saves re-running pragmas.
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	s := &Store{db: db, rdb: db, probeKey: store.ProbeKey()}
	s.probe = store.NewWriteProbe(s.probeWrite)
	if err := connect(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: connect: %w%s", dsn, err, readOnlyHint(err))
	}
	if err := s.migrate(ctx, migrationFiles); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w%s", dsn, err, readOnlyHint(err))
	}
	if !memory {
		rdb, err := sql.Open("sqlite", withParams(dsn, readerParams()))
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("open sqlite %s for reading: %w", dsn, err)
		}
		n := max(2, runtime.GOMAXPROCS(0))
		rdb.SetMaxOpenConns(n)
		rdb.SetMaxIdleConns(n)
		s.rdb, s.readers = rdb, n
	}
	return s, nil
}

// connectPatience bounds how long Open retries a connection that found the file busy.
const connectPatience = 5 * time.Second

// connect opens the writer connection, running its pragmas. Switching a new file to WAL can
// fail with SQLITE_BUSY without SQLite waiting out busy_timeout, when another process (a second
// replica starting at the same moment) is switching it too; so a busy connect is retried with
// a short backoff for a few seconds.
func connect(ctx context.Context, db *sql.DB) error {
	deadline := time.Now().Add(connectPatience)
	wait := 5 * time.Millisecond
	for {
		err := db.PingContext(ctx)
		var se *sqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqliteBusy || time.Now().Add(wait).After(deadline) {
			return err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}

// sqliteBusy is SQLite's primary result code SQLITE_BUSY.
const sqliteBusy = 5

// Ping checks that the database answers (the /readyz store check).
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.rdb.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping sqlite: %w", err)
	}
	return nil
}

// Close closes both pools; the Store must not be used afterwards.
func (s *Store) Close() error {
	var errs []error
	if s.rdb != s.db {
		errs = append(errs, s.rdb.Close())
	}
	errs = append(errs, s.db.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close sqlite: %w", err)
	}
	return nil
}

// withTx runs fn in an IMMEDIATE transaction on the writer connection (see the package doc).
func (s *Store) withTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// collect reads every row of rows with scan, then closes rows (pgx.CollectRows, for database/sql).
func collect[T any](rows *sql.Rows, scan func(store.Row) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// writerParams are the connection settings of the writer. Pragmas go in the DSN so that a
// connection the pool re-creates gets them too.
func writerParams(memory bool) url.Values {
	v := url.Values{}
	v.Add("_pragma", "busy_timeout(5000)")
	v.Add("_pragma", "foreign_keys(1)")
	if !memory {
		v.Add("_pragma", "journal_mode(WAL)")
		v.Add("_pragma", "synchronous(NORMAL)")
	}
	v.Set("_txlock", "immediate")
	return v
}

// readerParams are the settings of the read-only pool: never a writer, so a stray write fails
// loudly instead of racing the writer connection for the lock.
func readerParams() url.Values {
	v := url.Values{}
	v.Add("_pragma", "busy_timeout(5000)")
	v.Add("_pragma", "foreign_keys(1)")
	v.Set("_query_only", "1")
	return v
}

// withParams adds params to dsn's query string, keeping what the caller already set there.
func withParams(dsn string, params url.Values) string {
	path, query, _ := strings.Cut(dsn, "?")
	have, err := url.ParseQuery(query)
	if err != nil {
		// Let the driver report the malformed DSN itself.
		return dsn
	}
	for k, vs := range params {
		if k == "_pragma" {
			have[k] = append(vs, have[k]...)
			continue
		}
		if _, ok := have[k]; !ok {
			have[k] = vs
		}
	}
	return path + "?" + have.Encode()
}

// isMemory reports whether dsn names an in-memory database, which exists only per connection.
func isMemory(dsn string) bool {
	path, query, _ := strings.Cut(dsn, "?")
	return strings.TrimPrefix(path, "file:") == ":memory:" || strings.Contains(query, "mode=memory")
}
