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
	// Skipped counts the slots skipped because the channel's earlier posts or reveals had not
	// gone out yet (the platform paces the bot more slowly than the schedule asks); SkippedAt is
	// when the last one was. Subscribe resets both.
	Skipped   int
	SkippedAt time.Time
}

// PostState is where a post is on its way from claimed to revealed; see the package doc.
type PostState string

// The states of a post.
const (
	StateClaimed   PostState = "claimed"   // inserted, owned by a lease, never sent
	StateSending   PostState = "sending"   // a send began: the message may or may not exist
	StatePosted    PostState = "posted"    // its message id is recorded; open for answers
	StateRevealing PostState = "revealing" // a reveal began under a lease: its reply may exist
	StateRevealed  PostState = "revealed"  // the answer is out and the post closed: final
	StateDropped   PostState = "dropped"   // never sent (or unknowable): final, never revealed
)

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
	Revealed       bool   // State is StateRevealed
	State          PostState
	// Attempts counts the sends (or reveals, once posted) begun; BeginSend and ClaimReveal take
	// the step only when it still has the value the caller read, so one attempt wins a race.
	Attempts   int
	LeaseOwner string    // the engine that holds the current step
	LeaseUntil time.Time // when the step may be taken over; zero when no step is held
	SendAt     time.Time // when the first send began (where a lookup for the message starts)
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
	// Skip records the due slot as skipped (counted in Subscription.Skipped) instead of
	// claiming it; Slot must be set.
	Skip bool
	// Owner and LeaseUntil give the claimed post's sending step to the claiming engine.
	Owner      string
	LeaseUntil time.Time
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
	// subscription's NextDue. It returns the posts it created, in StateClaimed and leased to the
	// claim's Owner; a claim whose slot is taken, or whose subscription is gone or changed,
	// yields none (its NextDue is still advanced). A Skip claim only advances NextDue and counts
	// the skip on the subscription.
	ClaimSlots(ctx context.Context, claims []Claim, deal Dealer) ([]Post, error)
	// NextWake returns the earliest time something may become due: a subscription's NextDue, a
	// posted quiz's RevealAt, or the lease end of a post whose step is held.
	NextWake(ctx context.Context) (time.Time, bool, error)
	// ChannelsBehind returns the channels (up to limit) with a post queued or in its first send
	// (claimed, or sending with one attempt) whose lease is live at now: an engine still has it
	// in its queue, so the channel's queue has not caught up with its schedule. A post whose
	// lease ended waits for a takeover, and a takeover's retry is no queue either: neither
	// holds the channel's later slots back.
	ChannelsBehind(ctx context.Context, now time.Time, limit int) ([]core.ChannelKey, error)
}

// Posts finds posts and moves them through their states.
type Posts interface {
	// BeginSend takes the post's sending step: it moves a claimed or sending post to
	// StateSending, leased to owner until leaseUntil, and counts the attempt; it reports false
	// (and changes nothing) unless the post still has attempts attempts and its lease is
	// owner's or ended by now. The first attempt also records SendAt = now.
	BeginSend(ctx context.Context, postID int64, attempts int, owner string, now, leaseUntil time.Time) (bool, error)
	// DueSends returns up to limit claimed or sending posts whose lease ended by now, oldest
	// first: their owner died or gave up, so another engine takes them over.
	DueSends(ctx context.Context, now time.Time, limit int) ([]Post, error)
	// SetMessageID records the platform's id of the post's message and moves a claimed or
	// sending post to StatePosted (its attempts reset for the reveal); a post in any other state
	// keeps the state and message it has.
	SetMessageID(ctx context.Context, postID int64, messageID string) error
	// DropPost moves a claimed or sending post to StateDropped: it is never sent, revealed or
	// closed. It reports whether this call did it.
	DropPost(ctx context.Context, postID int64) (bool, error)
	// Post returns the post with the given id; false when there is none.
	Post(ctx context.Context, id int64) (Post, bool, error)
	// LatestOpenPost returns the channel's newest post in StatePosted.
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

// Reveals finds posts whose answer is due and reveals each once: ClaimReveal takes the step
// under a lease, MarkRevealed completes it after the reveal is out.
type Reveals interface {
	// DueReveals returns up to limit posts whose reveal is due at now, earliest first: posted
	// ones whose RevealAt has come, and revealing ones whose lease ended (a takeover). Posts not
	// sent yet are never due.
	DueReveals(ctx context.Context, now time.Time, limit int) ([]Post, error)
	// ClaimReveal moves a due post (see DueReveals) to StateRevealing, leased to owner until
	// leaseUntil, and counts the attempt; false (nothing changed) unless the post still has
	// attempts attempts and is due at now.
	ClaimReveal(ctx context.Context, postID int64, attempts int, owner string, now, leaseUntil time.Time) (bool, error)
	// MarkRevealed moves a posted or revealing post to StateRevealed and reports whether this
	// call did it.
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

// ChannelTotal is a channel's quiz participation over a period, for the knowledge owners'
// overview: posts that went out, answers to them, and how many were right.
type ChannelTotal struct {
	Channel core.ChannelKey
	Posts   int
	Answers int
	Correct int
}
