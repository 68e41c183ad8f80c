package postgres

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/store"
	"github.com/jackc/pgx/v5"
)

var _ quiz.Store = (*Store)(nil)

// Subscribe creates or replaces the channel's quiz schedule, keeping its id.
func (s *Store) Subscribe(ctx context.Context, sub quiz.Subscription) error {
	if err := checkChannel(sub.Channel); err != nil {
		return fmt.Errorf("subscribe: %w", err)
	}
	if err := errors.Join(checkField("spec", sub.Spec, store.MaxSpec, true), checkField("lang", string(sub.Lang), store.MaxLang, false),
		checkField("user", sub.By, store.MaxID, false)); err != nil {
		return fmt.Errorf("subscribe: %w", err)
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO quiz_subscriptions
		(platform, workspace, channel, spec, lang, next_due, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (platform, workspace, channel) DO UPDATE SET spec = excluded.spec, lang = excluded.lang,
			next_due = excluded.next_due, created_by = excluded.created_by, updated_at = now(), skipped = 0, skipped_at = 0`,
		sub.Channel.Platform, sub.Channel.Workspace, sub.Channel.Channel, sub.Spec, string(sub.Lang), store.Nanos(sub.NextDue), sub.By)
	if err != nil {
		return fmt.Errorf("subscribe %s/%s: %w", sub.Channel.Platform, sub.Channel.Channel, err)
	}
	return nil
}

// Unsubscribe deletes the channel's schedule and reports whether it had one.
func (s *Store) Unsubscribe(ctx context.Context, ch core.ChannelKey) (bool, error) {
	if err := checkChannel(ch); err != nil {
		return false, fmt.Errorf("unsubscribe: %w", err)
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM quiz_subscriptions WHERE platform = $1 AND workspace = $2 AND channel = $3`,
		ch.Platform, ch.Workspace, ch.Channel)
	if err != nil {
		return false, fmt.Errorf("unsubscribe %s/%s: %w", ch.Platform, ch.Channel, err)
	}
	return tag.RowsAffected() > 0, nil
}

// Subscription returns the channel's schedule, if any.
func (s *Store) Subscription(ctx context.Context, ch core.ChannelKey) (quiz.Subscription, bool, error) {
	if err := checkChannel(ch); err != nil {
		return quiz.Subscription{}, false, fmt.Errorf("subscription: %w", err)
	}
	sub, err := store.ScanSubscription(s.pool.QueryRow(ctx, `SELECT `+store.SubscriptionColumns+` FROM quiz_subscriptions
		WHERE platform = $1 AND workspace = $2 AND channel = $3`, ch.Platform, ch.Workspace, ch.Channel))
	if errors.Is(err, pgx.ErrNoRows) {
		return quiz.Subscription{}, false, nil
	}
	if err != nil {
		return quiz.Subscription{}, false, fmt.Errorf("subscription of %s/%s: %w", ch.Platform, ch.Channel, err)
	}
	return sub, true, nil
}

// DueSubscriptions returns up to limit subscriptions due at now, earliest first.
func (s *Store) DueSubscriptions(ctx context.Context, now time.Time, limit int) ([]quiz.Subscription, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+store.SubscriptionColumns+` FROM quiz_subscriptions
		WHERE next_due <= $1 ORDER BY next_due, id LIMIT $2`, now.UnixNano(), limit)
	if err != nil {
		return nil, fmt.Errorf("due subscriptions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (quiz.Subscription, error) { return store.ScanSubscription(r) })
	if err != nil {
		return nil, fmt.Errorf("due subscriptions: %w", err)
	}
	return out, nil
}

// NextWake returns the earliest time the scheduler has something to do.
func (s *Store) NextWake(ctx context.Context) (time.Time, bool, error) {
	var at *int64
	// least() skips NULLs; each part reads through an index (next_due's, quiz_posts_to_reveal,
	// quiz_posts_leased).
	err := s.pool.QueryRow(ctx, `SELECT least((SELECT min(next_due) FROM quiz_subscriptions),
		(SELECT min(reveal_at) FROM quiz_posts WHERE state = 'posted'),
		(SELECT min(lease_until) FROM quiz_posts WHERE state IN ('claimed', 'sending', 'revealing')))`).Scan(&at)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next quiz wake: %w", err)
	}
	if at == nil {
		return time.Time{}, false, nil
	}
	return store.FromNanos(*at), true, nil
}

// ChannelsBehind returns channels with a post queued or in its first send, under a live lease.
func (s *Store) ChannelsBehind(ctx context.Context, now time.Time, limit int) ([]core.ChannelKey, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT platform, workspace, channel FROM quiz_posts
		WHERE (state = 'claimed' OR (state = 'sending' AND attempts = 1)) AND lease_until > $1 LIMIT $2`, now.UnixNano(), limit)
	if err != nil {
		return nil, fmt.Errorf("channels behind: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (core.ChannelKey, error) {
		var ch core.ChannelKey
		err := r.Scan(&ch.Platform, &ch.Workspace, &ch.Channel)
		return ch, err
	})
	if err != nil {
		return nil, fmt.Errorf("channels behind: %w", err)
	}
	return out, nil
}

// ClaimSlots creates the posts of claims whose slot is free, in one transaction; see quiz.Slots.
// Rows are locked in subscription-id order, so replicas claiming overlapping batches queue
// instead of deadlocking.
func (s *Store) ClaimSlots(ctx context.Context, claims []quiz.Claim, deal quiz.Dealer) ([]quiz.Post, error) {
	for _, c := range claims {
		if err := checkChannel(c.Channel); err != nil {
			return nil, fmt.Errorf("claim slots: %w", err)
		}
	}
	sorted := slices.Clone(claims)
	slices.SortStableFunc(sorted, func(a, b quiz.Claim) int { return cmp.Compare(a.SubscriptionID, b.SubscriptionID) })
	var out []quiz.Post
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		out = out[:0]
		for _, c := range sorted {
			p, ok, err := claim(ctx, tx, c, deal)
			if err != nil {
				return err
			}
			if ok {
				out = append(out, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim %d quiz slots: %w", len(claims), err)
	}
	return out, nil
}

// claim does one claim inside ClaimSlots' transaction.
func claim(ctx context.Context, tx pgx.Tx, c quiz.Claim, deal quiz.Dealer) (quiz.Post, bool, error) {
	ch := c.Channel
	var subID, slot *int64 // NULL for on-demand posts
	if c.SubscriptionID != 0 {
		var spec string
		err := tx.QueryRow(ctx, `SELECT spec FROM quiz_subscriptions WHERE id = $1 FOR UPDATE`, c.SubscriptionID).Scan(&spec)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && spec != c.Spec) {
			return quiz.Post{}, false, nil // unsubscribed or changed since it was read
		}
		if err != nil {
			return quiz.Post{}, false, fmt.Errorf("read subscription %d: %w", c.SubscriptionID, err)
		}
		tag, err := tx.Exec(ctx, `UPDATE quiz_subscriptions SET next_due = $1 WHERE id = $2 AND next_due < $1`,
			store.Nanos(c.NextDue), c.SubscriptionID)
		if err != nil {
			return quiz.Post{}, false, fmt.Errorf("advance subscription %d: %w", c.SubscriptionID, err)
		}
		if c.Skip && !c.Slot.IsZero() {
			if tag.RowsAffected() == 0 {
				return quiz.Post{}, false, nil // another replica handled this slot first: count it once
			}
			if _, err := tx.Exec(ctx, `UPDATE quiz_subscriptions SET skipped = skipped + 1, skipped_at = $1 WHERE id = $2`,
				store.Nanos(c.Slot), c.SubscriptionID); err != nil {
				return quiz.Post{}, false, fmt.Errorf("count skipped slot of subscription %d: %w", c.SubscriptionID, err)
			}
			return quiz.Post{}, false, nil
		}
		if c.Slot.IsZero() {
			return quiz.Post{}, false, nil
		}
		id, at := c.SubscriptionID, store.Nanos(c.Slot)
		subID, slot = &id, &at
	}
	// The deck row is created empty if missing, then locked: two claims in one channel queue here.
	if _, err := tx.Exec(ctx, `INSERT INTO quiz_decks (platform, workspace, channel, round, pos, ord)
		VALUES ($1, $2, $3, 0, 0, '') ON CONFLICT DO NOTHING`, ch.Platform, ch.Workspace, ch.Channel); err != nil {
		return quiz.Post{}, false, fmt.Errorf("create deck: %w", err)
	}
	var d quiz.Deck
	var ord string
	if err := tx.QueryRow(ctx, `SELECT round, pos, ord FROM quiz_decks WHERE platform = $1 AND workspace = $2 AND channel = $3
		FOR UPDATE`, ch.Platform, ch.Workspace, ch.Channel).Scan(&d.Round, &d.Pos, &ord); err != nil {
		return quiz.Post{}, false, fmt.Errorf("read deck: %w", err)
	}
	d.Order = store.DecodeOrder(ord)
	question, next := deal(ch, d)
	if question == "" {
		return quiz.Post{}, false, nil
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO quiz_posts
		(platform, workspace, channel, subscription_id, slot, question, lang, created_at, reveal_at, state, lease_owner, lease_until)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'claimed', $10, $11) ON CONFLICT (subscription_id, slot) DO NOTHING RETURNING id`,
		ch.Platform, ch.Workspace, ch.Channel, subID, slot, question, string(c.Lang),
		store.Nanos(c.CreatedAt), store.Nanos(c.RevealAt), c.Owner, store.Nanos(c.LeaseUntil)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return quiz.Post{}, false, nil // the slot is taken: posted before a restart, or by a replica
	}
	if err != nil {
		return quiz.Post{}, false, fmt.Errorf("insert post: %w", err)
	}
	if store.OnlyMoved(d, next) {
		_, err = tx.Exec(ctx, `UPDATE quiz_decks SET pos = $4 WHERE platform = $1 AND workspace = $2 AND channel = $3`,
			ch.Platform, ch.Workspace, ch.Channel, next.Pos)
	} else {
		_, err = tx.Exec(ctx, `UPDATE quiz_decks SET round = $4, pos = $5, ord = $6
			WHERE platform = $1 AND workspace = $2 AND channel = $3`,
			ch.Platform, ch.Workspace, ch.Channel, next.Round, next.Pos, store.EncodeOrder(next.Order))
	}
	if err != nil {
		return quiz.Post{}, false, fmt.Errorf("save deck: %w", err)
	}
	return store.ClaimedPost(id, c, question), true, nil
}
