package sqlite

import (
	"database/sql"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
)

// migrationsBefore returns the shipped migrations older than version prefix (e.g. "0101").
func migrationsBefore(t *testing.T, prefix string) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	files, _ := fs.Glob(migrationFiles, "migrations/*.sql")
	for _, f := range files {
		if filepath.Base(f) < prefix {
			b, _ := fs.ReadFile(migrationFiles, f)
			out[f] = &fstest.MapFile{Data: b}
		}
	}
	return out
}

// A database written before the delivery states (0101) keeps its posts' meaning: revealed ones
// stay revealed, posted ones are open and get their reveal, and ones never known to be sent are
// dropped, never posted or revealed now.
func TestQuizDeliveryMigrationKeepsOldPosts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", withParams(path, writerParams(false)))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	old := &Store{db: db, rdb: db}
	if err := old.migrate(t.Context(), migrationsBefore(t, "0101")); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC).UnixNano()
	for _, row := range []struct {
		msg      string
		revealed int
	}{{"m1", 1}, {"m2", 0}, {"", 0}} {
		if _, err := db.ExecContext(t.Context(), `INSERT INTO quiz_posts (platform, workspace, channel, question, lang,
			created_at, reveal_at, message_id, revealed) VALUES ('slack', 'T1', 'C1', 'q', 'en', ?, ?, ?, ?)`,
			t0, t0+int64(time.Hour), row.msg, row.revealed); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var states []string
	for id := int64(1); id <= 3; id++ {
		p, ok, err := s.Post(t.Context(), id)
		if err != nil || !ok {
			t.Fatal(id, ok, err)
		}
		states = append(states, string(p.State))
	}
	if got := strings.Join(states, ","); got != "revealed,posted,dropped" {
		t.Errorf("states after 0101: %s", got)
	}
	due, _ := s.DueReveals(t.Context(), time.Unix(0, t0).Add(2*time.Hour), 10)
	if len(due) != 1 || due[0].ID != 2 || due[0].State != quiz.StatePosted {
		t.Errorf("DueReveals = %+v; want post 2 only", due)
	}
	if sends, _ := s.DueSends(t.Context(), time.Unix(0, t0).Add(2*time.Hour), 10); len(sends) != 0 {
		t.Errorf("DueSends = %+v; an old unsent post must not be sent now", sends)
	}
}
