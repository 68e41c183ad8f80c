package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bigmodel-bot/bigmodel-bot/store/migration"
)

func openFile(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bot.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestMigrationsRecordedOnce(t *testing.T) {
	s, path := openFile(t)
	ms, err := migration.Load(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].Version != 1 {
		t.Fatalf("embedded migrations = %+v; want 0001 first", ms)
	}
	count := func(s *Store) int {
		var n int
		if err := s.db.QueryRowContext(t.Context(), `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(s); n != len(ms) {
		t.Fatalf("schema_migrations has %d rows; want %d", n, len(ms))
	}
	var name string
	var at int64
	if err := s.db.QueryRowContext(t.Context(), `SELECT name, applied_at FROM schema_migrations WHERE version = 1`).Scan(&name, &at); err != nil || name != "base" || at <= 0 {
		t.Fatalf("row 0001 = %q, %d, %v; want base with a time", name, at, err)
	}
	s.Close()
	s2, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s2.Close()
	if n := count(s2); n != len(ms) {
		t.Fatalf("after reopen schema_migrations has %d rows; want %d", n, len(ms))
	}
}

func TestDatabaseNewerThanBinary(t *testing.T) {
	s, path := openFile(t)
	if _, err := s.db.ExecContext(t.Context(),
		`INSERT INTO schema_migrations(version, name, applied_at) VALUES (9999, 'from_the_future', 1)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(t.Context(), path)
	if err == nil || !strings.Contains(err.Error(), "9999_from_the_future") || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Open of a database from a newer binary: %v; want an error naming 9999 and 'newer'", err)
	}
}

func TestMigrationSteps(t *testing.T) {
	v1 := fstest.MapFS{
		"migrations/0001_one.sql": {Data: []byte("CREATE TABLE a (x INTEGER);\nCREATE TABLE b (y TEXT);")},
	}
	v2 := fstest.MapFS{
		"migrations/0001_one.sql": v1["migrations/0001_one.sql"],
		"migrations/0100_two.sql": {Data: []byte("INSERT INTO a VALUES (7);")},
	}
	broken := fstest.MapFS{
		"migrations/0001_one.sql":   v1["migrations/0001_one.sql"],
		"migrations/0100_two.sql":   v2["migrations/0100_two.sql"],
		"migrations/0101_three.sql": {Data: []byte("CREATE TABLE c (z INTEGER); INSERT INTO nowhere VALUES (1);")},
	}
	s := bare(t)
	ctx := t.Context()
	for _, fsys := range []fstest.MapFS{v1, v2, v2} {
		if err := s.migrate(ctx, fsys); err != nil {
			t.Fatalf("migrate: %v", err)
		}
	}
	var rows int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM a`).Scan(&rows); err != nil || rows != 1 {
		t.Fatalf("table a has %d rows (%v); 0100 must run exactly once", rows, err)
	}
	err := s.migrate(ctx, broken)
	if err == nil || !strings.Contains(err.Error(), "0101_three") {
		t.Fatalf("broken migration: %v; want an error naming 0101_three", err)
	}
	// The failed step left nothing: no table c, no record.
	var n int
	s.db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'c'`).Scan(&n)
	if n != 0 {
		t.Error("table c exists after its migration failed")
	}
	s.db.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = 101`).Scan(&n)
	if n != 0 {
		t.Error("failed migration 0101 was recorded")
	}
}

// bare opens a database file with the store's connection settings but no schema.
func bare(t *testing.T) *Store {
	t.Helper()
	db, err := sql.Open("sqlite", withParams(filepath.Join(t.TempDir(), "bare.db"), writerParams(false)))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return &Store{db: db, rdb: db}
}

func TestWithTxRollsBack(t *testing.T) {
	s, _ := openFile(t)
	ctx := context.Background()
	boom := sql.ErrNoRows // any error
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_dedup(key, expires_at) VALUES ('k', 1)`); err != nil {
			return err
		}
		return boom
	})
	if err != boom {
		t.Fatalf("withTx = %v; want fn's error", err)
	}
	var n int
	s.db.QueryRowContext(ctx, `SELECT count(*) FROM event_dedup`).Scan(&n)
	if n != 0 {
		t.Fatalf("a failed transaction left %d rows", n)
	}
}
