package postgres

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/store"
	"github.com/bigmodel-bot/bigmodel-bot/store/migration"
	"github.com/bigmodel-bot/bigmodel-bot/store/postgres/pgtest"
	"github.com/bigmodel-bot/bigmodel-bot/store/storetest"
)

// TestPostgres runs everything against one real server: starting it costs seconds, a database
// milliseconds.
func TestPostgres(t *testing.T) {
	srv := pgtest.Start(t)
	t.Run("Contract", func(t *testing.T) {
		storetest.Run(t, storetest.Factory{
			Fresh: func(t *testing.T) string { return srv.NewDatabase(t) },
			Open: func(ctx context.Context, dsn string) (storetest.Store, error) {
				return Open(ctx, dsn)
			},
		})
	})
	t.Run("MigrationsRecordedOnce", func(t *testing.T) { testMigrationsRecordedOnce(t, srv) })
	t.Run("DatabaseNewerThanBinary", func(t *testing.T) { testNewerThanBinary(t, srv) })
	t.Run("MigrationSteps", func(t *testing.T) { testMigrationSteps(t, srv) })
	t.Run("DedupPrune", func(t *testing.T) { testDedupPrune(t, srv) })
	t.Run("QuizDeliveryMigration", func(t *testing.T) { testQuizDeliveryMigration(t, srv) })
}

func openDB(t *testing.T, srv *pgtest.Server) (*Store, string) {
	t.Helper()
	dsn := srv.NewDatabase(t)
	s, err := Open(t.Context(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dsn
}

func testMigrationsRecordedOnce(t *testing.T, srv *pgtest.Server) {
	s, dsn := openDB(t, srv)
	ms, err := migration.Load(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		var n int
		if err := s.pool.QueryRow(t.Context(), `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(ms) {
			t.Fatalf("schema_migrations has %d rows (%v); want %d", n, err, len(ms))
		}
		s.Close()
		if s, err = Open(t.Context(), dsn); err != nil {
			t.Fatalf("reopen: %v", err)
		}
	}
	s.Close()
}

func testNewerThanBinary(t *testing.T, srv *pgtest.Server) {
	s, dsn := openDB(t, srv)
	if _, err := s.pool.Exec(t.Context(), `INSERT INTO schema_migrations (version, name) VALUES (9999, 'from_the_future')`); err != nil {
		t.Fatal(err)
	}
	_, err := Open(t.Context(), dsn)
	if err == nil || !strings.Contains(err.Error(), "9999_from_the_future") || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Open of a database from a newer binary: %v; want an error naming 9999 and 'newer'", err)
	}
}

func testMigrationSteps(t *testing.T, srv *pgtest.Server) {
	s, _ := openDB(t, srv)
	ctx := t.Context()
	// Versions the real migrations use are recorded already and must not run again; the test's
	// own steps use 0098 and 0099, which no real migration takes.
	v2 := fstest.MapFS{
		"migrations/0098_a.sql":     {Data: []byte("CREATE TABLE a (x int); INSERT INTO a VALUES (7);")},
		"migrations/0002_other.sql": {Data: []byte("CREATE TABLE b (y text);")},
	}
	real, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil || len(real) == 0 {
		t.Fatalf("the embedded migrations: %v", err)
	}
	for _, name := range real {
		if !strings.HasPrefix(name, "migrations/0002_") {
			v2[name] = &fstest.MapFile{Data: []byte("SELECT 1")}
		}
	}
	broken := fstest.MapFS{"migrations/0099_bad.sql": {Data: []byte("CREATE TABLE c (z int); INSERT INTO nowhere VALUES (1);")}}
	for name, f := range v2 {
		broken[name] = f
	}
	for range 2 {
		if err := s.migrate(ctx, v2); err != nil {
			t.Fatalf("migrate: %v", err)
		}
	}
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM a`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("table a has %d rows (%v); 0098 must run exactly once", n, err)
	}
	err = s.migrate(ctx, broken)
	if err == nil || !strings.Contains(err.Error(), "0099_bad") {
		t.Fatalf("broken migration: %v; want an error naming 0099_bad", err)
	}
	var exists bool
	s.pool.QueryRow(ctx, `SELECT to_regclass('c') IS NOT NULL`).Scan(&exists)
	if exists {
		t.Error("table c exists after its migration failed")
	}
	s.pool.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version = 99`).Scan(&n)
	if n != 0 {
		t.Error("failed migration 0099 was recorded")
	}
}

func testDedupPrune(t *testing.T, srv *pgtest.Server) {
	s, _ := openDB(t, srv)
	ctx := t.Context()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const live = 100
	for i := range 10 * live {
		now = now.Add(time.Second)
		if _, err := s.FirstSeen(ctx, fmt.Sprintf("ev-%d", i), now, live*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM event_dedup`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n > live+store.PruneEvery {
		t.Fatalf("event_dedup holds %d keys after 1000 events with %d live; pruning does not keep up", n, live)
	}
}
