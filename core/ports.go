package core

import (
	"context"
	"fmt"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// LangPrefs keeps each user's explicit language choice (the `lang` command).
type LangPrefs interface {
	// UserLang returns the saved choice; ok is false when the user never chose.
	UserLang(ctx context.Context, u UserKey) (lang knowledge.Lang, ok bool, err error)
	SetUserLang(ctx context.Context, u UserKey, lang knowledge.Lang) error
}

// Feedback is one "helpful / not helpful" press on an answer.
type Feedback struct {
	User    UserKey
	Channel string
	Slug    string
	Helpful bool
	At      time.Time
}

// FeedbackStore keeps answer feedback; a user's later press on the same slug replaces the earlier.
type FeedbackStore interface {
	SaveFeedback(ctx context.Context, f Feedback) error
}

// EventDedup remembers platform event ids so a retried delivery is processed once.
type EventDedup interface {
	// FirstSeen records key and reports whether it was new; keys older than ttl may be forgotten.
	FirstSeen(ctx context.Context, key string, now time.Time, ttl time.Duration) (bool, error)
}

// MessageRef points at a message the bot sent, so it can be updated or replied to later.
type MessageRef struct {
	Channel ChannelKey
	ID      string // Slack ts, Discord message id, the console's post id (a quiz's own id)
}

// Poster delivers messages the bot sends on its own (quiz posts, reveals). Each adapter that can
// post implements it; the quiz engine picks the Poster by ChannelKey.Platform.
type Poster interface {
	Post(ctx context.Context, ch ChannelKey, r Reply) (MessageRef, error)
	Update(ctx context.Context, ref MessageRef, r Reply) error
}

// CannotPostError is a Poster's answer when the platform runs but the bot cannot send messages
// of its own there at all (Discord in HTTP mode without a bot token): no retry helps, and the
// quiz refuses what needs posting, saying which setting is missing.
type CannotPostError struct {
	Platform string // as people name it: "Discord"
	Setting  string // what the operator sets: "discord.token (DISCORD_BOT_TOKEN)"
}

// Error says why nothing can be posted.
func (e *CannotPostError) Error() string {
	return fmt.Sprintf("cannot post on %s: no %s", e.Platform, e.Setting)
}

// PostChecker is a Poster that can tell, before anything is claimed, that it cannot post to a
// channel at all; its error is then a *CannotPostError.
type PostChecker interface {
	CanPost(ch ChannelKey) error
}

// Searcher finds the entry a query is about (implemented by knowledge/search.Index).
type Searcher interface {
	Search(query string) search.Result
}

// QuizCommand is a quiz text command after core has recognised it.
type QuizCommand struct {
	Name string // "quiz", "answer", "leaderboard", "subscribe", "unsubscribe", "status"
	Args string // the rest of the line: "B", "weekdays 09:30 Asia/Shanghai"
}

// Quiz is the quiz engine as core sees it (implemented by core/quiz).
type Quiz interface {
	Command(ctx context.Context, req Request, cmd QuizCommand, lang knowledge.Lang) (Reply, error)
	// Action handles a press of one of the quiz's own buttons (ActionID "quiz:…").
	Action(ctx context.Context, req Request, lang knowledge.Lang) (Reply, error)
}

// Observer receives what /metrics counts (implemented by package metrics).
type Observer interface {
	// Handled records one request; outcome is answered, unanswered, command, action or error.
	Handled(req Request, outcome string, d time.Duration)
	Feedback(platform string, helpful bool)
}
