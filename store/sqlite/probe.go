package sqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"modernc.org/sqlite"

	"github.com/bigmodel-bot/bigmodel-bot/store"
)

// Writable reports whether the store can write now (the /readyz store check): at most once a
// second it upserts one row through the writer connection, else it returns the last outcome.
// A writer connection that cannot write, because it was opened while the file was read-only
// or an I/O error broke it, is discarded, so the next probe (and every write after it) gets a
// fresh connection: a restored permission or a freed disk needs no restart.
func (s *Store) Writable(ctx context.Context) error { return s.probe.Check(ctx) }

// probeWrite is one write probe.
func (s *Store) probeWrite(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlite writer: %w", err)
	}
	defer conn.Close()
	// SQLite opens a file it may not write read-only without saying so, and such a connection
	// never becomes writable: discard it, and try once more on a new one.
	readOnly := false
	_ = conn.Raw(func(dc any) error {
		if ro, ok := dc.(interface{ IsReadOnly(string) (bool, error) }); ok {
			if r, err := ro.IsReadOnly("main"); err == nil && r {
				readOnly = true
				return driver.ErrBadConn
			}
		}
		return nil
	})
	if readOnly {
		s.closeIdleReaders()
		return errors.New("sqlite writer connection was opened read-only (file or folder not writable); reopening")
	}
	now := time.Now()
	_, err = conn.ExecContext(ctx, `INSERT INTO event_dedup (key, expires_at) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at`,
		s.probeKey, now.Add(store.ProbeTTL).UnixNano())
	if err != nil {
		if brokenConn(err) {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			s.closeIdleReaders()
		}
		return fmt.Errorf("sqlite write probe: %w", err)
	}
	return nil
}

// brokenConn reports whether err is one a new connection may not have: the file read-only,
// full, unopenable or failing I/O. Reopening costs a few pragmas; keeping a connection that
// was opened read-only costs every write until a restart.
func brokenConn(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case 8, 10, 13, 14: // SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN
		return true
	}
	return false
}

// closeIdleReaders closes the idle read connections after the writer was discarded. SQLite
// holds back closing a file descriptor while another connection of the process holds a lock
// on the file, and hands that descriptor to the next connection that asks for the same file
// with the same flags: the new writer would get the read-only descriptor of the old one until
// every reader let go. Readers reconnect on their next query.
func (s *Store) closeIdleReaders() {
	if s.rdb == s.db {
		return
	}
	s.rdb.SetMaxIdleConns(0)
	s.rdb.SetMaxIdleConns(s.readers)
}

// readOnlyHint says what to fix when err is SQLite's "attempt to write a readonly database":
// SQLite needs to write the file and to create its -wal and -shm beside it.
func readOnlyHint(err error) string {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == 8 {
		return " (the database file or its folder is read-only for this user: both must be writable, and any -wal and -shm files beside it)"
	}
	return ""
}
