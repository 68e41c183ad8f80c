package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// A backup of a real database file, taken while the store is open, opens as a store with the
// same data; the source is not changed.
func TestBackupCopiesALiveDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "bot.db")
	s, err := Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	key := core.UserKey{Platform: "slack", Workspace: "T1", User: "U1"}
	if err := s.SetUserLang(ctx, key, knowledge.ZH); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(dir, "backup.db")
	if err := Backup(ctx, src, dest); err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, dest)
	if err != nil {
		t.Fatalf("open the backup: %v", err)
	}
	defer b.Close()
	if lang, ok, err := b.UserLang(ctx, key); err != nil || !ok || lang != knowledge.ZH {
		t.Errorf("backup has lang %q, %v, %v; want zh", lang, ok, err)
	}
}

func TestBackupRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "bot.db")
	s, err := Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	exists := filepath.Join(dir, "exists.db")
	if err := os.WriteFile(exists, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, dsn, dest, want string
	}{
		{"missing source", filepath.Join(dir, "nope.db"), filepath.Join(dir, "a.db"), "no such file"},
		{"existing destination", src, exists, "already exists"},
		{"in-memory source", ":memory:", filepath.Join(dir, "b.db"), "in-memory"},
		{"no destination", src, "", "no destination"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Backup(ctx, tc.dsn, tc.dest)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Backup(%q, %q) = %v, want an error with %q", tc.dsn, tc.dest, err, tc.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "nope.db")); err == nil {
		t.Error("backing up a missing database created it")
	}
	if b, _ := os.ReadFile(exists); string(b) != "keep me" {
		t.Error("an existing destination was overwritten")
	}
}
