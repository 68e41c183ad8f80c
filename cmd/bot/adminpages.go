package main

import (
	"context"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/admin"
)

// adminPages builds the knowledge owners' pages (/admin/ on the admin listener); without
// admin.token they only say that they are off.
func (a *app) adminPages() *admin.Pages {
	o := admin.Options{
		Token: a.cfg.Admin.Token.Reveal(), Base: a.base, Search: a.taught,
		Questions: a.store, Feedback: a.store, Lessons: a.store, Signals: a.store,
		Apply: func(ctx context.Context) error {
			_, err := a.taught.Refresh(ctx)
			return err
		},
		ShowUserIDs: a.cfg.Admin.ShowUserIDs, Logger: a.log,
	}
	if qs, ok := a.store.(admin.QuizStats); ok {
		o.Quiz = qs
	}
	return admin.New(o)
}
