package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/store/migration"
)

// migrationFiles holds the schema, one file per version (see package migration); a file, once
// released, is never edited: add a new one.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrate applies, in order, every migration of fsys the database has not recorded yet. Each runs
// in its own IMMEDIATE transaction together with its schema_migrations row, so a crash leaves
// the schema at a clean version and two processes opening one file apply each step once.
func (s *Store) migrate(ctx context.Context, fsys fs.FS) error {
	ms, err := migration.Load(fsys)
	if err != nil {
		return err
	}
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			name       TEXT    NOT NULL,
			applied_at INTEGER NOT NULL
		)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	if err := s.checkNotNewer(ctx, ms); err != nil {
		return err
	}
	for _, m := range ms {
		err := s.withTx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)`,
				m.Version, m.Name, time.Now().UTC().UnixNano())
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
	}
	return nil
}

// checkNotNewer refuses a database written by a newer binary (see migration.CheckKnown).
func (s *Store) checkNotNewer(ctx context.Context, known []migration.Migration) error {
	rows, err := s.db.QueryContext(ctx, `SELECT version, name FROM schema_migrations ORDER BY version`)
	if err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		var name string
		if err := rows.Scan(&v, &name); err != nil {
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		if err := migration.CheckKnown(known, v, name); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	return nil
}
