package quiz

import (
	"context"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// Subscription is one channel's quiz schedule.
type Subscription struct {
	ID      int64
	Channel core.ChannelKey
	Spec    string         // Schedule.Spec
	Lang    knowledge.Lang // the language posts are in
	NextDue time.Time      // the earliest slot not yet handled
	By      string         // who subscribed (user id)
}

// Post is one quiz question posted (or being posted) in a channel.
type Post struct {
	ID             int64
	Channel        core.ChannelKey
	SubscriptionID int64     // 0 for an on-demand quiz
	Slot           time.Time // zero for an on-demand quiz
	Question       string
	Lang           knowledge.Lang
	CreatedAt      time.Time
	RevealAt       time.Time
	MessageID      string // the platform's id of the message; "" until posted
	Revealed       bool
}

// Claim asks the store to create a post for a slot, unless that slot already has one.
type Claim struct {
	Channel        core.ChannelKey
	SubscriptionID int64     // 0: on demand, never a conflict
	Spec           string    // the subscription's schedule as it was read; a changed one voids the claim
	Slot           time.Time // the scheduled time; zero on demand
	NextDue        time.Time // the subscription's next_due after this claim
	Lang           knowledge.Lang
	CreatedAt      time.Time
	RevealAt       time.Time
}

// Deck is a channel's shuffled run through every question: Order[Pos] is the next one.
type Deck struct {
	Round int
	Order []string
	Pos   int
}

// Dealer picks the question for a new post from the channel's deck and returns the deck after
// it. The store calls it inside the claim's transaction; it must not block.
type Dealer func(ch core.ChannelKey, d Deck) (question string, next Deck)

// Answer is a user's answer to a post.
type Answer struct {
	PostID   int64
	Channel  core.ChannelKey
	User     core.UserKey
	UserName string
	Choice   string // "A".."D"
	Correct  bool
	At       time.Time
}

// Recorded is what the store says about an answer it was given.
type Recorded struct {
	First    bool   // this was the user's first answer to the post, and it counts
	Earlier  string // the choice that counted, when First is false
	Answered int    // answers to the post so far
}

// Score is one user's line on a leaderboard.
type Score struct {
	User     string
	Name     string
	Correct  int
	Answered int
}

// Streak is a user's run of correct answers in a channel.
type Streak struct {
	Current int
	Best    int
}

// Subscriptions keeps channel schedules.
type Subscriptions interface {
	// Subscribe creates or replaces the channel's subscription (keeping its id).
	Subscribe(ctx context.Context, s Subscription) error
	// Unsubscribe deletes it and reports whether there was one.
	Unsubscribe(ctx context.Context, ch core.ChannelKey) (bool, error)
	// Subscription returns the channel's subscription; false when it has none.
	Subscription(ctx context.Context, ch core.ChannelKey) (Subscription, bool, error)
}

// Slots finds due subscriptions and claims their slots exactly once.
type Slots interface {
	// DueSubscriptions returns up to limit subscriptions with NextDue <= now, earliest first.
	DueSubscriptions(ctx context.Context, now time.Time, limit int) ([]Subscription, error)
	// ClaimSlots, in one transaction per call, inserts a post per claim under the unique key
	// (subscription, slot), deals its question from the channel deck, and advances the
	// subscription's NextDue. It returns the posts it created; a claim whose slot is taken, or
	// whose subscription is gone or changed, yields none (its NextDue is still advanced).
	ClaimSlots(ctx context.Context, claims []Claim, deal Dealer) ([]Post, error)
	// NextWake returns the earliest NextDue of any subscription and reveal time of any open post.
	NextWake(ctx context.Context) (time.Time, bool, error)
}

// Posts finds posts and records where they went.
type Posts interface {
	// SetMessageID records the platform's id of the post's message, once it is posted.
	SetMessageID(ctx context.Context, postID int64, messageID string) error
	// Post returns the post with the given id; false when there is none.
	Post(ctx context.Context, id int64) (Post, bool, error)
	// LatestOpenPost returns the channel's newest post that has a message and is not revealed.
	LatestOpenPost(ctx context.Context, ch core.ChannelKey) (Post, bool, error)
}

// Answers records answers, first one wins.
type Answers interface {
	// RecordAnswer stores a's answer unless the user answered the post before; a counted answer
	// updates the user's streak in the same transaction.
	RecordAnswer(ctx context.Context, a Answer) (Recorded, error)
	// Tally counts a post's answers and the correct ones.
	Tally(ctx context.Context, postID int64) (answered, correct int, err error)
}

// Reveals finds posts whose answer is due and marks them revealed exactly once.
type Reveals interface {
	// DueReveals returns up to limit unrevealed posts whose RevealAt is at or before now.
	DueReveals(ctx context.Context, now time.Time, limit int) ([]Post, error)
	// MarkRevealed flips the post to revealed and reports whether this call did it.
	MarkRevealed(ctx context.Context, postID int64) (bool, error)
}

// Scores reads leaderboards and streaks.
type Scores interface {
	// Leaderboard returns every user who answered in ch since since, best first.
	Leaderboard(ctx context.Context, ch core.ChannelKey, since time.Time) ([]Score, error)
	// Streak returns the user's current and best run of correct answers in ch.
	Streak(ctx context.Context, ch core.ChannelKey, user core.UserKey) (Streak, error)
}

// Store is everything the engine keeps; store/sqlite and store/postgres implement it.
type Store interface {
	Subscriptions
	Slots
	Posts
	Answers
	Reveals
	Scores
}
