package postgres

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/bigmodel-bot/bigmodel-bot/store/postgres/pgtest"
)

// waitWritable polls Writable until it gives want (nil or not) or 10 s pass, as /readyz would,
// and returns how long it took.
func waitWritable(t *testing.T, s *Store, wantOK bool) time.Duration {
	t.Helper()
	start := time.Now()
	var err error
	for time.Since(start) < 10*time.Second {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err = s.Writable(ctx)
		cancel()
		if (err == nil) == wantOK {
			return time.Since(start)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("Writable still %v after 10 s, want ok=%v", err, wantOK)
	return 0
}

// Writable follows the database's ability to write, without reopening the store: connections
// killed under it, and the database turned read-only and back.
func TestWritableFollowsTheDatabase(t *testing.T) {
	srv := pgtest.Start(t)
	dsn := srv.NewDatabase(t)
	name := dsn[strings.LastIndex(dsn, "dbname=")+len("dbname="):]
	name, _, _ = strings.Cut(name, " ")
	ctx := t.Context()
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	admin, err := pgx.Connect(ctx, srv.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	exec := func(sql string) {
		t.Helper()
		if _, err := admin.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	kill := func() {
		exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "' AND pid <> pg_backend_pid()")
	}
	waitWritable(t, s, true)
	for _, step := range []struct {
		name   string
		do     func()
		wantOK bool
	}{
		{"connections killed", kill, true},
		{"database read-only", func() { exec("ALTER DATABASE " + name + " SET default_transaction_read_only = on"); kill() }, false},
		// Only new sessions see the change: the pool's read-only ones must be replaced.
		{"database writable again", func() { exec("ALTER DATABASE " + name + " RESET default_transaction_read_only") }, true},
	} {
		step.do()
		time.Sleep(1100 * time.Millisecond) // past the probe's cache
		d := waitWritable(t, s, step.wantOK)
		t.Logf("%s: Writable ok=%v after %v", step.name, step.wantOK, d.Round(time.Millisecond))
		if step.wantOK {
			if _, err := s.FirstSeen(ctx, "after "+step.name, time.Now(), time.Hour); err != nil {
				t.Errorf("%s: a write still fails: %v", step.name, err)
			}
		}
	}
}
