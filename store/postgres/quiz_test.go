package postgres

import (
	"context"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/store/postgres/pgtest"
	"github.com/bigmodel-bot/bigmodel-bot/store/storetest"
)

func TestPostgresQuiz(t *testing.T) {
	srv := pgtest.Start(t)
	storetest.RunQuiz(t, storetest.QuizFactory{
		Fresh: func(t *testing.T) string { return srv.NewDatabase(t) },
		Open: func(ctx context.Context, dsn string) (storetest.QuizStore, error) {
			return Open(ctx, dsn)
		},
	})
}
