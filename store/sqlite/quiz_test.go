package sqlite_test

import (
	"context"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
	"github.com/bigmodel-bot/bigmodel-bot/store/storetest"
)

func TestQuizContract(t *testing.T) {
	storetest.RunQuiz(t, storetest.QuizFactory{
		Fresh: factory.Fresh,
		Open: func(ctx context.Context, dsn string) (storetest.QuizStore, error) {
			return sqlite.Open(ctx, dsn)
		},
	})
}

func TestDashboardContract(t *testing.T) {
	storetest.RunDashboard(t, storetest.DashboardFactory{
		Fresh: factory.Fresh,
		Open: func(ctx context.Context, dsn string) (storetest.DashboardStore, error) {
			return sqlite.Open(ctx, dsn)
		},
	})
}
