package store

import (
	"slices"
	"strings"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// Nanos is how a time is stored: Unix nanoseconds, compared exactly on both databases; the zero
// time is stored as 0.
func Nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// FromNanos reads a time stored by Nanos, in UTC; 0 is the zero time.
func FromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// EncodeOrder is how a deck's order is stored: question ids hold no newline.
func EncodeOrder(order []string) string { return strings.Join(order, "\n") }

// DecodeOrder reads an order stored by EncodeOrder; "" is an empty deck.
func DecodeOrder(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// OnlyMoved reports whether next is prev with only its position changed, the usual case after a
// deal: then a store updates the position alone instead of rewriting the order (~1.5 KB a post).
func OnlyMoved(prev, next quiz.Deck) bool {
	return next.Round == prev.Round && slices.Equal(next.Order, prev.Order)
}

// Row is a result row: *sql.Row, *sql.Rows, pgx.Row and pgx.CollectableRow all fit.
type Row interface{ Scan(dest ...any) error }

// SubscriptionColumns are the quiz_subscriptions columns ScanSubscription reads, in its order.
const SubscriptionColumns = `id, platform, workspace, channel, spec, lang, next_due, created_by, skipped, skipped_at`

// ScanSubscription reads a row of SubscriptionColumns.
func ScanSubscription(row Row) (quiz.Subscription, error) {
	var sub quiz.Subscription
	var lang string
	var due, skippedAt int64
	err := row.Scan(&sub.ID, &sub.Channel.Platform, &sub.Channel.Workspace, &sub.Channel.Channel, &sub.Spec, &lang, &due, &sub.By,
		&sub.Skipped, &skippedAt)
	sub.Lang, sub.NextDue, sub.SkippedAt = knowledge.Lang(lang), FromNanos(due), FromNanos(skippedAt)
	return sub, err
}

// PostColumns are the quiz_posts columns ScanPost reads, in its order; an on-demand post's NULL
// subscription and slot read as 0.
const PostColumns = `id, platform, workspace, channel, coalesce(subscription_id, 0), coalesce(slot, 0), question, lang,
	created_at, reveal_at, message_id, state, attempts, lease_owner, lease_until, send_at`

// ScanPost reads a row of PostColumns.
func ScanPost(row Row) (quiz.Post, error) {
	var p quiz.Post
	var slot, created, reveal, lease, sendAt int64
	var lang, state string
	err := row.Scan(&p.ID, &p.Channel.Platform, &p.Channel.Workspace, &p.Channel.Channel, &p.SubscriptionID, &slot,
		&p.Question, &lang, &created, &reveal, &p.MessageID, &state, &p.Attempts, &p.LeaseOwner, &lease, &sendAt)
	p.Slot, p.CreatedAt, p.RevealAt, p.Lang = FromNanos(slot), FromNanos(created), FromNanos(reveal), knowledge.Lang(lang)
	p.State, p.LeaseUntil, p.SendAt = quiz.PostState(state), FromNanos(lease), FromNanos(sendAt)
	p.Revealed = p.State == quiz.StateRevealed
	return p, err
}

// ClaimedPost is the post a successful claim created.
func ClaimedPost(id int64, c quiz.Claim, question string) quiz.Post {
	return quiz.Post{ID: id, Channel: c.Channel, SubscriptionID: c.SubscriptionID, Slot: c.Slot, Question: question,
		Lang: c.Lang, CreatedAt: c.CreatedAt, RevealAt: c.RevealAt, State: quiz.StateClaimed, LeaseOwner: c.Owner,
		LeaseUntil: c.LeaseUntil}
}
