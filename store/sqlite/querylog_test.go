package sqlite_test

import (
	"context"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
	"github.com/bigmodel-bot/bigmodel-bot/store/storetest"
)

func TestQueryStatsContract(t *testing.T) {
	storetest.RunQueryStats(t, storetest.QueryStatsFactory{
		Fresh: factory.Fresh,
		Open: func(ctx context.Context, dsn string) (storetest.QueryStatsStore, error) {
			return sqlite.Open(ctx, dsn)
		},
	})
}
