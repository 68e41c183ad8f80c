package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/bigmodel-bot/bigmodel-bot/config"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// storeCmd is `bot store backup FILE`.
func storeCmd(ctx context.Context, c *cli, args []string) error {
	fs, cfgPath := newFlagSet(c, "store", "store backup FILE [--config FILE]",
		`backup writes a consistent copy of the SQLite store (store.dsn) to FILE, a new file, with
VACUUM INTO. It may run while the bot runs, and it does not migrate or change the store. For
PostgreSQL use pg_dump, which this command does not replace.`,
		`  bot store backup --config /etc/bigmodel-bot/config.yaml /var/backups/bigmodel-bot-$(date +%F).db`)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 || rest[0] != "backup" {
		return usagef("want 'bot store backup FILE'")
	}
	if len(rest) != 2 {
		return usagef("store backup takes one FILE, got %d arguments", len(rest)-1)
	}
	dest := rest[1]
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	if cfg.Store.Driver == "postgres" {
		return errors.New("store.driver is postgres: back it up with pg_dump (for example pg_dump --format=custom --file=bot.dump \"$DSN\"); bot store backup copies SQLite files only")
	}
	if cfg.Store.Driver != "sqlite" {
		return fmt.Errorf("store.driver %q: bot store backup copies SQLite files only", cfg.Store.Driver)
	}
	if err := sqlite.Backup(ctx, cfg.Store.DSN, dest); err != nil {
		return err
	}
	st, err := os.Stat(dest)
	if err != nil {
		return fmt.Errorf("back up: %w", err)
	}
	fmt.Fprintf(c.stdout, "backed up %s to %s (%d bytes)\n", cfg.Store.DSN, dest, st.Size())
	return nil
}
