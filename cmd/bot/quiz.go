package main

import (
	"fmt"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/discord"
	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
)

// newQuiz builds the quiz of the day: the engine answers quiz commands through the core, and
// its scheduler posts through the Posters the adapters register (a.posters). It is on whenever
// the store keeps quiz state, which both stores do; nil when it is off.
func newQuiz(a *app) (*quiz.Engine, error) {
	st, ok := a.store.(quiz.Store)
	if !ok {
		a.log.Warn("quiz: the store cannot keep quiz state; the quiz is off", "driver", a.cfg.Store.Driver)
		return nil, nil
	}
	zone, err := a.cfg.Quiz.Location()
	if err != nil {
		return nil, fmt.Errorf("quiz.timezone: %w", err)
	}
	engine := quiz.New(quiz.Options{
		Base:        a.base,
		Store:       st,
		Poster:      a.posters, // filled in by the adapters, which build starts before the engine runs
		Zone:        zone,
		RevealAfter: a.cfg.Quiz.RevealAfter,
		CatchUp:     a.cfg.Quiz.CatchUp,
		Logger:      a.log.With("part", "quiz"),
		Syntaxes:    map[string]core.Syntax{discord.Platform: discord.PostSyntax()},
	})
	a.log.Info("quiz ready", "questions", engine.Bank().Len())
	return engine, nil
}
