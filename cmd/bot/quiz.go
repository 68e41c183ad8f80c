package main

import (
	"context"
	"fmt"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
)

// quizPart runs the quiz of the day: the engine answers quiz commands through the core, and its
// scheduler posts through the Posters of the adapters started before it (so it comes last in
// parts()). It is on whenever the store keeps quiz state, which both stores do.
func quizPart() part {
	var engine *quiz.Engine
	return part{
		name: "quiz",
		options: func(a *app, o *core.Options) error {
			st, ok := a.store.(quiz.Store)
			if !ok {
				a.log.Warn("quiz: the store cannot keep quiz state; the quiz is off", "driver", a.cfg.Store.Driver)
				return nil
			}
			zone, err := a.cfg.Quiz.Location()
			if err != nil {
				return fmt.Errorf("quiz.timezone: %w", err)
			}
			engine = quiz.New(quiz.Options{
				Base:        a.base,
				Store:       st,
				Poster:      a.posters, // filled in by the adapters' start, before anything is posted
				Zone:        zone,
				RevealAfter: a.cfg.Quiz.RevealAfter,
				CatchUp:     a.cfg.Quiz.CatchUp,
				Logger:      a.log.With("part", "quiz"),
			})
			o.Quiz = engine
			a.log.Info("quiz ready", "questions", engine.Bank().Len())
			return nil
		},
		start: func(_ context.Context, a *app) ([]component, error) {
			if engine == nil {
				return nil, nil
			}
			return []component{{name: "quiz-scheduler", run: engine.Run}}, nil
		},
	}
}
