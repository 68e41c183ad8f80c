package quiz_test

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

type spellAs func(core.CommandRef, knowledge.Lang) string

func (f spellAs) Spell(r core.CommandRef, l knowledge.Lang) string { return f(r, l) }

// A quiz post tells people how to answer by typing in their platform's own syntax; a
// platform with no Syntax is shown core's text command.
func TestQuizPostsSpellTheAnswerCommandAsTheirPlatformDoes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		f.command(t, req("C1", "ann", ""), "quiz", "")
		if got := f.poster.posts()[0].reply.Footer; !strings.Contains(got, "`answer A-D`") {
			t.Errorf("footer without a Syntax: %q", got)
		}
		e := quiz.New(quiz.Options{Base: embedded(t), Store: f.store, Poster: f.poster,
			RevealAfter: time.Hour, Syntaxes: map[string]core.Syntax{"slack": spellAs(func(r core.CommandRef, _ knowledge.Lang) string {
				return "/bigmodel quiz " + r.ID + " choice:" + r.Arg
			})}})
		t.Cleanup(e.Close)
		if _, err := e.Command(t.Context(), req("C2", "ann", ""), core.QuizCommand{Name: "quiz"}, knowledge.EN); err != nil {
			t.Fatal(err)
		}
		posts := f.poster.posts()
		if got := posts[len(posts)-1].reply.Footer; !strings.Contains(got, "`/bigmodel quiz answer choice:A-D`") {
			t.Errorf("footer with the platform's Syntax: %q", got)
		}
	})
}
