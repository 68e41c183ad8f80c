package quiz_test

import (
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// openQuiz posts an on-demand quiz in channel and returns its post id and correct letter.
func (f *fixture) openQuiz(t *testing.T, channel string) (string, string) {
	t.Helper()
	before := len(f.poster.posts())
	f.command(t, req(channel, "asker", ""), "quiz", "")
	posts := f.poster.posts()
	if len(posts) != before+1 {
		t.Fatalf("quiz made %d posts", len(posts)-before)
	}
	p := posts[len(posts)-1].reply
	if p.Meta["slot"] != "" || len(p.Buttons) != 4 {
		t.Fatalf("on-demand post: slot %q, %d buttons", p.Meta["slot"], len(p.Buttons))
	}
	q, err := f.e.Bank().Question(p.Meta["question"], knowledge.EN)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	for _, c := range p.Meta["quiz_post"] {
		id = id*10 + int64(c-'0')
	}
	_, correct := q.Shuffled(id)
	return p.Meta["quiz_post"], quiz.Letters[correct]
}

func wrong(letter string) string {
	if letter == "A" {
		return "B"
	}
	return "A"
}

func press(channel, user, id string) core.Request {
	r := req(channel, user, "")
	r.Kind, r.ActionID, r.CanManage = core.KindAction, id, false
	return r
}

func TestFirstAnswerCountsAndIsReported(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		post, right := f.openQuiz(t, "C1")
		if r := f.command(t, req("C1", "ann", ""), "answer", right); !strings.Contains(r.Body, "Correct") || r.Visibility != core.Ephemeral {
			t.Errorf("right answer: %q (visibility %v)", r.Body, r.Visibility)
		}
		if r := f.command(t, req("C1", "ann", ""), "answer", wrong(right)); !strings.Contains(r.Body, "already") {
			t.Errorf("second answer: %q", r.Body)
		}
		r, err := f.e.Action(t.Context(), press("C1", "bob", "quiz:a:"+post+":"+wrong(right)), "en")
		if err != nil || !strings.Contains(r.Body, "Not quite") || !strings.Contains(r.Body, "**"+right+".") {
			t.Errorf("wrong answer by button: %q, %v", r.Body, err)
		}
		zh, err := f.e.Action(t.Context(), press("C1", "bob", "quiz:a:"+post+":"+right), "zh")
		if err != nil || !strings.Contains(zh.Body, "已经回答") {
			t.Errorf("second press in Chinese: %q, %v", zh.Body, err)
		}
		// The live tally: one edit of the post, however many answers came in since the last.
		f.tick(t)
		edits := f.poster.filter(func(s sent) bool { return s.update })
		if len(edits) != 1 || !strings.Contains(edits[0].reply.Footer, "2 answered") || edits[0].reply.Meta["quiz_post"] != post {
			t.Fatalf("tally edits = %+v", edits)
		}
		// Reveal after an hour: the answer and the share in the post's thread, buttons closed.
		time.Sleep(time.Hour)
		f.tick(t)
		reveals := f.poster.filter(func(s sent) bool { return s.reply.ThreadID != "" })
		if len(reveals) != 1 || !strings.Contains(reveals[0].reply.Body, "1 of 2 got it (50%)") || reveals[0].reply.ThreadID != "m1" ||
			reveals[0].reply.Meta["quiz_reveal"] != post || reveals[0].reply.Meta["quiz_post"] != "" {
			t.Fatalf("reveals = %+v", reveals)
		}
		edits = f.poster.filter(func(s sent) bool { return s.update })
		if last := edits[len(edits)-1].reply; len(last.Buttons) != 0 || !strings.Contains(last.Footer, "Closed") {
			t.Errorf("post after reveal: buttons %v, footer %q", last.Buttons, last.Footer)
		}
		if r := f.command(t, req("C1", "cat", ""), "answer", right); !strings.Contains(r.Body, "no open quiz") {
			t.Errorf("answer after reveal: %q", r.Body)
		}
		f.tick(t)
		if n := len(f.poster.filter(func(s sent) bool { return s.reply.ThreadID != "" })); n != 1 {
			t.Errorf("revealed %d times", n)
		}
	})
}

func TestConcurrentAnswersOneCounts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		_, right := f.openQuiz(t, "C1")
		var wg sync.WaitGroup
		var mu sync.Mutex
		counted := 0
		for i := 0; i < 16; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := f.e.Command(t.Context(), req("C1", "ann", ""), core.QuizCommand{Name: "answer", Args: right}, "en")
				if err != nil {
					t.Error(err)
				}
				if strings.Contains(r.Body, "Correct") {
					mu.Lock()
					counted++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if counted != 1 {
			t.Fatalf("%d answers counted, want 1", counted)
		}
	})
}

func TestForgedAndStrayPresses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		post, right := f.openQuiz(t, "C1")
		tests := []struct{ channel, id, want string }{
			{"C2", "quiz:a:" + post + ":" + right, "another channel"},
			{"C1", "quiz:a:999999:A", "no open quiz"},
			{"C1", "quiz:a:" + post + ":Z", "no open quiz"},
			{"C1", "quiz:a:-1:A", "no open quiz"},
			{"C1", "quiz:a:99999999999999999999:A", "no open quiz"},
			{"C1", "quiz:show:" + post, "no open quiz"}, // a choice question has no reference answer to show
			{"C1", "quiz:", "no open quiz"},
			{"C1", "quiz:a:" + post + ":A:extra", "no open quiz"},
		}
		for _, tc := range tests {
			r, err := f.e.Action(t.Context(), press(tc.channel, "eve", tc.id), "en")
			if err != nil || !strings.Contains(r.Body, tc.want) {
				t.Errorf("press %q in %s: %q, %v; want %q", tc.id, tc.channel, r.Body, err, tc.want)
			}
		}
		if r := f.command(t, req("C2", "eve", ""), "answer", "A"); !strings.Contains(r.Body, "no open quiz") {
			t.Errorf("text answer in a channel without a quiz: %q", r.Body)
		}
	})
}

func TestOpenQuestionShowsItsAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		f.command(t, req("C1", "admin", ""), "subscribe", "@every 1m")
		// Walk the deck until an open question comes up.
		for i := 0; i < f.e.Bank().Len(); i++ {
			time.Sleep(time.Minute)
			f.tick(t)
			posts := f.poster.posts()
			p := posts[len(posts)-1].reply
			if !strings.HasPrefix(p.Meta["question"], quiz.KindOpen+":") {
				continue
			}
			if len(p.Buttons) != 1 || !strings.HasPrefix(p.Buttons[0].ID, "quiz:show:") {
				t.Fatalf("open question buttons: %+v", p.Buttons)
			}
			r, err := f.e.Action(t.Context(), press("C1", "ann", p.Buttons[0].ID), "zh")
			if err != nil || r.Body == "" || r.Visibility != core.Ephemeral || r.Lang != knowledge.ZH {
				t.Fatalf("show answer: %+v, %v", r, err)
			}
			if a := f.command(t, req("C1", "ann", ""), "answer", "A"); !strings.Contains(a.Body, "open question") {
				t.Errorf("text answer to an open question: %q", a.Body)
			}
			return
		}
		t.Fatal("no open question in a whole deck")
	})
}

func TestLeaderboardWeekAllTimeAndStreaks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFixture(t)
		answer := func(user string, correct bool) {
			_, right := f.openQuiz(t, "C1")
			choice := right
			if !correct {
				choice = wrong(right)
			}
			f.command(t, req("C1", user, ""), "answer", choice)
		}
		answer("ann", true) // last week, Friday
		answer("bob", true)
		answer("dan", false)           // Dan answers only last week, and wrongly
		time.Sleep(3 * 24 * time.Hour) // Monday: a new week
		answer("bob", true)
		answer("cat", true)
		answer("cat", true)
		answer("ann", false)
		r := f.command(t, req("C1", "bob", ""), "leaderboard", "")
		if len(r.Fields) != 2 {
			t.Fatalf("leaderboard fields: %+v", r.Fields)
		}
		if week := r.Fields[0].Value; !strings.HasPrefix(week, "1. cat: 2/2\n2. bob: 1/1\n3. ann: 0/1") {
			t.Errorf("this week:\n%s", week)
		}
		if all := r.Fields[1].Value; !strings.HasPrefix(all, "1. bob: 2/2\n2. cat: 2/2\n3. ann: 1/2") {
			t.Errorf("all time:\n%s", all)
		}
		if !strings.Contains(r.Body, "#2 this week (1 correct), #1 all time (2 correct)") || !strings.Contains(r.Body, "2 in a row (best 2)") {
			t.Errorf("own rank: %q", r.Body)
		}
		// Ann got nothing right this week: no "#3 this week (0 correct)", which reads as a rank.
		if r := f.command(t, req("C1", "ann", ""), "leaderboard", ""); !strings.Contains(r.Body, "0 in a row (best 1)") ||
			!strings.Contains(r.Body, "You: none right yet this week (1 answered), #3 all time (1 correct).") {
			t.Errorf("ann's standing: %q", r.Body)
		}
		// Dan answered only last week, and wrongly: no rank anywhere, and no "this week" rank.
		if r := f.command(t, req("C1", "dan", ""), "leaderboard", ""); !strings.Contains(r.Body, "You: no answers this week, none right yet all time (1 answered).") || strings.Contains(r.Body, "(0 correct)") {
			t.Errorf("dan's standing: %q", r.Body)
		}
		if r := f.command(t, req("C9", "ann", ""), "leaderboard", ""); !strings.Contains(r.Body, "No answers yet") {
			t.Errorf("empty channel: %q", r.Body)
		}
	})
}
