package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
)

// Backup writes a consistent copy of the database at dsn to the new file dest with VACUUM INTO.
// It reads one snapshot, so it may run while the bot writes (WAL lets both go on), and it opens
// the source read-only without migrating it: a backup taken before an upgrade is the schema the
// old binary wrote. dest must not exist yet.
func Backup(ctx context.Context, dsn, dest string) error {
	if dsn == "" {
		dsn = DefaultDSN
	}
	if isMemory(dsn) {
		return fmt.Errorf("back up %s: an in-memory database lives only inside its process", dsn)
	}
	if dest == "" {
		return errors.New("back up: no destination file")
	}
	path, _, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	// Opening a missing file read-only fails with SQLite's vague "unable to open database file".
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("back up %s: %w", dsn, err)
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("back up %s: %s already exists; VACUUM INTO writes a new file only", dsn, dest)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("back up %s to %s: %w", dsn, dest, err)
	}
	// Not readerParams: query_only forbids VACUUM INTO, though it writes only dest.
	params := url.Values{}
	params.Add("_pragma", "busy_timeout(5000)")
	params.Set("mode", "ro")
	db, err := sql.Open("sqlite", withParams(fileURI(dsn), params))
	if err != nil {
		return fmt.Errorf("back up %s: open: %w", dsn, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		return fmt.Errorf("back up %s to %s: %w", dsn, dest, err)
	}
	return nil
}

// fileURI makes dsn a file: URI, which SQLite needs to honour mode=ro.
func fileURI(dsn string) string {
	if strings.HasPrefix(dsn, "file:") {
		return dsn
	}
	return "file:" + dsn
}
