package sqlite

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/store"
)

func TestConnectionSettings(t *testing.T) {
	s, _ := openFile(t)
	ctx := t.Context()
	for _, pool := range []struct {
		name  string
		query func(q string) (string, error)
	}{
		{"writer", func(q string) (v string, err error) { err = s.db.QueryRowContext(ctx, q).Scan(&v); return }},
		{"reader", func(q string) (v string, err error) { err = s.rdb.QueryRowContext(ctx, q).Scan(&v); return }},
	} {
		for q, want := range map[string]string{
			"PRAGMA journal_mode": "wal",
			"PRAGMA busy_timeout": "5000",
			"PRAGMA foreign_keys": "1",
		} {
			if got, err := pool.query(q); err != nil || got != want {
				t.Errorf("%s: %s = %q, %v; want %q", pool.name, q, got, err, want)
			}
		}
	}
	if got, _ := func() (v string, err error) { err = s.db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&v); return }(); got != "1" {
		t.Errorf("writer: synchronous = %q; want 1 (NORMAL)", got)
	}
	// The read pool must refuse writes: every write belongs to the single writer connection.
	if _, err := s.rdb.ExecContext(ctx, `INSERT INTO event_dedup(key, expires_at) VALUES ('x', 1)`); err == nil {
		t.Error("read pool accepted a write")
	}
}

func TestMemoryDSN(t *testing.T) {
	s, err := Open(t.Context(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Readers and the writer must see one database, not one each.
	if ok, err := s.FirstSeen(t.Context(), "k", time.Unix(0, 0), time.Hour); err != nil || !ok {
		t.Fatalf("FirstSeen = %v, %v", ok, err)
	}
	if err := s.Ping(t.Context()); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.rdb.QueryRowContext(t.Context(), `SELECT count(*) FROM event_dedup`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("read pool sees %d keys, %v; want 1", n, err)
	}
}

func TestWithParams(t *testing.T) {
	got := withParams("file:bot.db?_pragma=cache_size(-2000)&_txlock=deferred", writerParams(false))
	for _, want := range []string{"file:bot.db?", "cache_size", "journal_mode%28WAL%29", "_txlock=deferred"} {
		if !strings.Contains(got, want) {
			t.Errorf("withParams = %q; missing %q", got, want)
		}
	}
	if strings.Contains(got, "immediate") {
		t.Errorf("withParams = %q overrides the caller's _txlock", got)
	}
}

func TestDedupPruneKeepsTableBounded(t *testing.T) {
	s, _ := openFile(t)
	ctx := t.Context()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// A steady stream of new events, each remembered for 100 calls' worth of time: the table
	// must stay near the number of live keys, not grow with the number of events.
	const live = 100
	for i := range 20 * live {
		now = now.Add(time.Second)
		if _, err := s.FirstSeen(ctx, fmt.Sprintf("ev-%d", i), now, live*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM event_dedup`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n > live+store.PruneEvery {
		t.Fatalf("event_dedup holds %d keys after 2000 events with %d live; pruning does not keep up", n, live)
	}
}

func TestWithTxConcurrentReadModifyWrite(t *testing.T) {
	s, _ := openFile(t)
	ctx := t.Context()
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0);`); err != nil {
		t.Fatal(err)
	}
	// The quiz engine's pattern: read, decide, write. With several goroutines this must neither
	// fail with SQLITE_BUSY nor lose an update.
	const workers, each = 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for range workers {
		wg.Go(func() {
			for range each {
				errs <- s.withTx(ctx, func(tx *sql.Tx) error {
					var n int
					if err := tx.QueryRowContext(ctx, `SELECT n FROM counter`).Scan(&n); err != nil {
						return err
					}
					_, err := tx.ExecContext(ctx, `UPDATE counter SET n = ?`, n+1)
					return err
				})
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent withTx: %v", err)
		}
	}
	var n int
	if err := s.rdb.QueryRowContext(ctx, `SELECT n FROM counter`).Scan(&n); err != nil || n != workers*each {
		t.Fatalf("counter = %d, %v after %d increments; updates were lost", n, err, workers*each)
	}
}

func TestOpenErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no", "such", "dir", "bot.db")
	if _, err := Open(t.Context(), missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("Open in a missing directory: %v; want an error naming the path", err)
	}
	if _, err := Open(t.Context(), filepath.Join(t.TempDir(), "bot.db")+"?_txlock=sometimes"); err == nil {
		t.Error("Open with a malformed parameter: no error")
	}
}
