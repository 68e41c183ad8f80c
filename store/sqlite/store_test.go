package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
	"github.com/bigmodel-bot/bigmodel-bot/store/storetest"
)

// factory runs the contract suite on real database files, as the bot uses them.
var factory = storetest.Factory{
	Fresh: func(t *testing.T) string { return filepath.Join(t.TempDir(), "bot.db") },
	Open: func(ctx context.Context, dsn string) (storetest.Store, error) {
		return sqlite.Open(ctx, dsn)
	},
}

func TestContract(t *testing.T) {
	storetest.Run(t, factory)
}
