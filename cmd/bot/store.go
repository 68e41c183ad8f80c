package main

import (
	"context"
	"fmt"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/admin"
	"github.com/bigmodel-bot/bigmodel-bot/config"
	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/store/postgres"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// stateStore is what wiring needs of a store: core's ports, a readiness probe, and closing.
// newQuiz type-asserts it to the quiz engine's store interface.
type stateStore interface {
	core.LangPrefs
	core.FeedbackStore
	core.EventDedup
	core.QueryStats
	core.LessonStore
	core.SignalRecorder
	admin.Signals
	admin.Questions
	admin.Feedback
	Ping(ctx context.Context) error
	// Writable reports whether the store can write now (a recent real write), for /readyz.
	Writable(ctx context.Context) error
	Close() error
}

// storeReady is the /readyz store check: the store answers and can write. A read alone passes
// on a full disk or a read-only file, where every command that saves something fails.
func storeReady(s stateStore) func(context.Context) error {
	return func(ctx context.Context) error {
		if err := s.Ping(ctx); err != nil {
			return err
		}
		return s.Writable(ctx)
	}
}

// openStore opens the configured store and applies its migrations.
func openStore(ctx context.Context, cfg config.Store) (stateStore, error) {
	switch cfg.Driver {
	case "sqlite":
		s, err := sqlite.Open(ctx, cfg.DSN)
		if err != nil {
			return nil, fmt.Errorf("open sqlite store %s: %w", cfg.DSN, err)
		}
		return s, nil
	case "postgres":
		s, err := postgres.Open(ctx, cfg.DSN)
		if err != nil {
			return nil, fmt.Errorf("open postgres store: %w", err) // err names host and database, never the password
		}
		return s, nil
	}
	return nil, fmt.Errorf("store.driver %q is not available in this build", cfg.Driver)
}

// redactDSN hides every password in a connection string for printing (config.RedactDSN).
func redactDSN(dsn string) string { return config.RedactDSN(dsn) }
