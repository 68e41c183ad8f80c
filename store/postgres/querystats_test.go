package postgres

import (
	"context"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/store/postgres/pgtest"
	"github.com/bigmodel-bot/bigmodel-bot/store/storetest"
)

func TestPostgresQueryStats(t *testing.T) {
	srv := pgtest.Start(t)
	storetest.RunQueryStats(t, storetest.QueryStatsFactory{
		Fresh: func(t *testing.T) string { return srv.NewDatabase(t) },
		Open: func(ctx context.Context, dsn string) (storetest.QueryStatsStore, error) {
			return Open(ctx, dsn)
		},
	})
}
