package quiz

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// postNow posts an on-demand quiz in the request's channel: the next multiple-choice question
// of the channel's deck.
func (e *Engine) postNow(ctx context.Context, req core.Request, lang knowledge.Lang) (core.Reply, error) {
	now := time.Now()
	c := Claim{Channel: req.ChannelKey(), Lang: lang, CreatedAt: now, RevealAt: now.Add(e.revealAfter),
		Owner: e.owner, LeaseUntil: now.Add(e.lease)}
	posts, err := e.store.ClaimSlots(ctx, []Claim{c}, e.bank.dealer(true))
	if err != nil {
		return e.reply(lang, text(lang, msgPostFailed)), fmt.Errorf("claim on-demand quiz: %w", err)
	}
	if len(posts) == 0 {
		return e.reply(lang, e.noChoice(lang)), nil
	}
	if err := e.publishNow(ctx, posts[0]); err != nil {
		return e.reply(lang, text(lang, msgPostFailed)), err
	}
	e.poke() // its reveal is now the earliest thing to do, perhaps
	return e.reply(lang, text(lang, msgPosted)), nil
}

// publishNow sends an on-demand post while the user waits, marked busy so the loop does not
// queue it too.
func (e *Engine) publishNow(ctx context.Context, p Post) error {
	e.mu.Lock()
	e.busy[p.ID] = true
	e.mu.Unlock()
	defer e.idle(p.ID)
	return e.publish(ctx, p)
}

// open reports whether a post in state s takes answers: its message may be out and its reveal
// has not begun.
func open(s PostState) bool {
	return s == StateClaimed || s == StateSending || s == StatePosted
}

// noChoice says why no on-demand quiz can be posted, and what the knowledge base would need.
func (e *Engine) noChoice(lang knowledge.Lang) string {
	if len(e.bank.base.Entries) == 0 {
		return text(lang, msgBaseEmpty)
	}
	return text(lang, msgNoChoice)
}

// answerText applies `answer B` to the channel's latest open quiz.
func (e *Engine) answerText(ctx context.Context, req core.Request, choice string, lang knowledge.Lang) (core.Reply, error) {
	p, ok, err := e.store.LatestOpenPost(ctx, req.ChannelKey())
	if err != nil {
		return core.Reply{}, fmt.Errorf("find open quiz: %w", err)
	}
	if !ok {
		return e.reply(lang, text(lang, msgNoOpenQuiz)), nil
	}
	if sent := sentAt(p); !req.SeenSince.IsZero() && sent.Before(req.SeenSince) {
		// Posted before this user's session began (an earlier console run): they never saw it.
		return e.reply(lang, text(lang, msgNotSeen)), nil
	}
	return e.answer(ctx, req, p, choice, lang)
}

// sentAt is when p went out, as near as the store knows: its first send, else its creation.
func sentAt(p Post) time.Time {
	if !p.SendAt.IsZero() {
		return p.SendAt
	}
	return p.CreatedAt
}

// Action handles the quiz's buttons: "quiz:a:<post>:<letter>" answers, "quiz:show:<post>"
// shows an open question's reference answer. Ids may be forged: the post must exist and belong
// to the channel the press came from.
func (e *Engine) Action(ctx context.Context, req core.Request, lang knowledge.Lang) (core.Reply, error) {
	parts := strings.Split(req.ActionID, ":")
	if len(parts) < 3 || parts[0] != "quiz" {
		return e.reply(lang, text(lang, msgNoOpenQuiz)), nil
	}
	id, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || id <= 0 {
		return e.reply(lang, text(lang, msgNoOpenQuiz)), nil
	}
	p, ok, err := e.store.Post(ctx, id)
	if err != nil {
		return core.Reply{}, fmt.Errorf("find quiz post %d: %w", id, err)
	}
	if !ok {
		return e.reply(lang, text(lang, msgNoOpenQuiz)), nil
	}
	if p.Channel != req.ChannelKey() {
		return e.reply(lang, text(lang, msgNotInChannel)), nil
	}
	switch {
	case parts[1] == "a" && len(parts) == 4:
		return e.answer(ctx, req, p, parts[3], lang)
	case parts[1] == "show" && len(parts) == 3:
		q, err := e.bank.Question(p.Question, lang)
		if err != nil || q.Choice() {
			return e.reply(lang, text(lang, msgNoOpenQuiz)), nil
		}
		body := q.Answer
		if q.Explanation != "" {
			body += "\n\n" + q.Explanation
		}
		return core.Reply{Title: q.Prompt, Body: body, Visibility: core.Ephemeral, Lang: q.Lang}, nil
	}
	return e.reply(lang, text(lang, msgNoOpenQuiz)), nil
}

// answer records the user's choice on post p and tells them privately how they did.
func (e *Engine) answer(ctx context.Context, req core.Request, p Post, choice string, lang knowledge.Lang) (core.Reply, error) {
	if p.Channel != req.ChannelKey() {
		return e.reply(lang, text(lang, msgNotInChannel)), nil
	}
	now := time.Now()
	if !open(p.State) || !now.Before(p.RevealAt) {
		return e.reply(lang, text(lang, msgQuizClosed)), nil
	}
	q, err := e.bank.Question(p.Question, lang)
	if err != nil || !q.Choice() {
		return e.reply(lang, text(lang, msgOpenNoChoice)), nil
	}
	idx := letterIndex(choice)
	if idx < 0 {
		return e.reply(lang, text(lang, msgNoOpenQuiz)), nil
	}
	opts, correct := q.Shuffled(p.ID)
	rec, err := e.store.RecordAnswer(ctx, Answer{
		PostID: p.ID, Channel: p.Channel, User: req.UserKey(), UserName: req.UserName,
		Choice: Letters[idx], Correct: idx == correct, At: now,
	})
	if err != nil {
		return core.Reply{}, fmt.Errorf("record answer to quiz %d: %w", p.ID, err)
	}
	if !rec.First {
		return e.reply(lang, text(lang, msgAlready, rec.Earlier)), nil
	}
	e.markDirty(p)
	right := Letters[correct] + ". " + opts[correct]
	body := text(lang, msgNotQuite, right)
	if idx == correct {
		body = text(lang, msgCorrect, right)
	}
	if q.Explanation != "" {
		body += "\n\n" + q.Explanation
	}
	return core.Reply{Body: body, Visibility: core.Ephemeral, Lang: q.Lang}, nil
}

// letterIndex maps "A".."D" to 0..3, anything else to -1.
func letterIndex(s string) int {
	for i, l := range Letters {
		if strings.EqualFold(s, l) {
			return i
		}
	}
	return -1
}

// markDirty queues a tally edit of p for the scheduler loop, which paces them.
func (e *Engine) markDirty(p Post) {
	e.mu.Lock()
	e.dirty[p.ID] = p
	e.mu.Unlock()
	e.poke()
}
