package core

import (
	"context"
	"fmt"
	"time"
)

// runLang shows or saves the user's language choice.
func runLang(b *Bot, ctx context.Context, c *call, args string) (Reply, error) {
	c.outcome = OutcomeCommand
	want, ok := langArg(args)
	if !ok {
		lang := b.lang(ctx, c.req, detectLang(c.text))
		body := text(lang, msgLangCurrent, text(lang, msgLangName)) + "\n\n" + text(lang, msgLangUsage)
		if args != "" {
			body = text(lang, msgLangUnknown, shorten(args)) + " " + body
		}
		return Reply{Body: body, Visibility: Ephemeral, Lang: lang}, nil
	}
	if b.prefs == nil {
		return Reply{Body: text(want, msgLangNoStore), Visibility: Ephemeral, Lang: want}, nil
	}
	if err := b.prefs.SetUserLang(ctx, c.req.UserKey(), want); err != nil {
		return Reply{Body: text(want, msgInternalError), Visibility: Ephemeral, Lang: want},
			fmt.Errorf("save language %s for %s user: %w", want, c.req.Platform, err)
	}
	b.langs.put(c.req.UserKey(), want, true, time.Now())
	return Reply{Body: text(want, msgLangSet), Visibility: Ephemeral, Lang: want}, nil
}

// quizCommand hands a recognised quiz command to the quiz engine.
func (b *Bot) quizCommand(ctx context.Context, c *call, cmd QuizCommand) (Reply, error) {
	c.outcome = OutcomeCommand
	lang := b.lang(ctx, c.req, detectLang(c.text))
	if b.quiz == nil {
		return Reply{Body: text(lang, msgQuizDisabled), Visibility: Ephemeral, Lang: lang}, nil
	}
	r, err := b.quiz.Command(ctx, c.req, cmd, lang)
	if err != nil {
		return r, fmt.Errorf("quiz %s: %w", cmd.Name, err)
	}
	return r, nil
}

func runHelp(b *Bot, ctx context.Context, c *call, _ string) (Reply, error) {
	return b.help(ctx, c), nil
}

func runTopics(b *Bot, ctx context.Context, c *call, args string) (Reply, error) {
	if args != "" {
		return b.ask(ctx, c, args), nil
	}
	return b.topics(ctx, c), nil
}

func runAsk(b *Bot, ctx context.Context, c *call, args string) (Reply, error) {
	r := b.ask(ctx, c, args)
	b.recordQuery(c, args, r)
	return r, nil
}

func runQuiz(b *Bot, ctx context.Context, c *call, args string) (Reply, error) {
	if args == "" {
		return b.quizCommand(ctx, c, QuizCommand{Name: "quiz"})
	}
	if cmd, sub := match(b.quizCmds, args); cmd != nil {
		return cmd.run(b, ctx, c, sub)
	}
	// An unknown word after "quiz" is the quiz engine's to explain.
	return b.quizCommand(ctx, c, QuizCommand{Name: "quiz", Args: args})
}

func quizRun(name string) func(*Bot, context.Context, *call, string) (Reply, error) {
	return func(b *Bot, ctx context.Context, c *call, args string) (Reply, error) {
		return b.quizCommand(ctx, c, QuizCommand{Name: name, Args: args})
	}
}

func runAnswer(b *Bot, ctx context.Context, c *call, args string) (Reply, error) {
	if args == "" && b.quiz != nil {
		c.outcome = OutcomeCommand
		lang := b.lang(ctx, c.req, detectLang(c.text))
		return Reply{Body: text(lang, msgAnswerUsage), Visibility: Ephemeral, Lang: lang}, nil
	}
	return b.quizCommand(ctx, c, QuizCommand{Name: "answer", Args: choice(args)})
}
