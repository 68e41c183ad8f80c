package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/store"
)

var _ quiz.Store = (*Store)(nil)

// Subscribe creates or replaces the channel's quiz schedule, keeping its id.
func (s *Store) Subscribe(ctx context.Context, sub quiz.Subscription) error {
	if err := store.CheckChannel(sub.Channel); err != nil {
		return fmt.Errorf("subscribe: %w", err)
	}
	if err := errors.Join(store.CheckField("spec", sub.Spec, store.MaxSpec, true), store.CheckField("lang", string(sub.Lang), store.MaxLang, false),
		store.CheckField("user", sub.By, store.MaxID, false)); err != nil {
		return fmt.Errorf("subscribe: %w", err)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO quiz_subscriptions
		(platform, workspace, channel, spec, lang, next_due, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (platform, workspace, channel) DO UPDATE SET spec = excluded.spec, lang = excluded.lang,
			next_due = excluded.next_due, created_by = excluded.created_by, updated_at = excluded.updated_at,
			skipped = 0, skipped_at = 0`,
		sub.Channel.Platform, sub.Channel.Workspace, sub.Channel.Channel, sub.Spec, string(sub.Lang),
		store.Nanos(sub.NextDue), sub.By, time.Now().UnixNano())
	if err != nil {
		return fmt.Errorf("subscribe %s/%s: %w", sub.Channel.Platform, sub.Channel.Channel, err)
	}
	return nil
}

// Unsubscribe deletes the channel's schedule and reports whether it had one.
func (s *Store) Unsubscribe(ctx context.Context, ch core.ChannelKey) (bool, error) {
	if err := store.CheckChannel(ch); err != nil {
		return false, fmt.Errorf("unsubscribe: %w", err)
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM quiz_subscriptions WHERE platform = ? AND workspace = ? AND channel = ?`,
		ch.Platform, ch.Workspace, ch.Channel)
	if err != nil {
		return false, fmt.Errorf("unsubscribe %s/%s: %w", ch.Platform, ch.Channel, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// Subscription returns the channel's schedule, if any.
func (s *Store) Subscription(ctx context.Context, ch core.ChannelKey) (quiz.Subscription, bool, error) {
	if err := store.CheckChannel(ch); err != nil {
		return quiz.Subscription{}, false, fmt.Errorf("subscription: %w", err)
	}
	sub, err := store.ScanSubscription(s.rdb.QueryRowContext(ctx, `SELECT `+store.SubscriptionColumns+` FROM quiz_subscriptions
		WHERE platform = ? AND workspace = ? AND channel = ?`, ch.Platform, ch.Workspace, ch.Channel))
	if errors.Is(err, sql.ErrNoRows) {
		return quiz.Subscription{}, false, nil
	}
	if err != nil {
		return quiz.Subscription{}, false, fmt.Errorf("subscription of %s/%s: %w", ch.Platform, ch.Channel, err)
	}
	return sub, true, nil
}

// DueSubscriptions returns up to limit subscriptions due at now, earliest first.
func (s *Store) DueSubscriptions(ctx context.Context, now time.Time, limit int) ([]quiz.Subscription, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+store.SubscriptionColumns+` FROM quiz_subscriptions
		WHERE next_due <= ? ORDER BY next_due LIMIT ?`, now.UnixNano(), limit)
	if err != nil {
		return nil, fmt.Errorf("due subscriptions: %w", err)
	}
	out, err := collect(rows, store.ScanSubscription)
	if err != nil {
		return nil, fmt.Errorf("due subscriptions: %w", err)
	}
	return out, nil
}

// NextWake returns the earliest time the scheduler has something to do.
func (s *Store) NextWake(ctx context.Context) (time.Time, bool, error) {
	var due, reveal, lease sql.NullInt64
	// Each part reads through an index: next_due's, quiz_posts_to_reveal and quiz_posts_leased.
	err := s.rdb.QueryRowContext(ctx, `SELECT (SELECT min(next_due) FROM quiz_subscriptions),
		(SELECT min(reveal_at) FROM quiz_posts WHERE state = 'posted'),
		(SELECT min(lease_until) FROM quiz_posts WHERE state IN ('claimed', 'sending', 'revealing'))`).Scan(&due, &reveal, &lease)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next quiz wake: %w", err)
	}
	var at int64
	ok := false
	for _, v := range []sql.NullInt64{due, reveal, lease} {
		if v.Valid && (!ok || v.Int64 < at) {
			at, ok = v.Int64, true
		}
	}
	if !ok {
		return time.Time{}, false, nil
	}
	return store.FromNanos(at), true, nil
}

// ChannelsBehind returns channels with a post queued or in its first send, under a live lease.
func (s *Store) ChannelsBehind(ctx context.Context, now time.Time, limit int) ([]core.ChannelKey, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT DISTINCT platform, workspace, channel FROM quiz_posts
		WHERE (state = 'claimed' OR (state = 'sending' AND attempts = 1)) AND lease_until > ? LIMIT ?`, now.UnixNano(), limit)
	if err != nil {
		return nil, fmt.Errorf("channels behind: %w", err)
	}
	out, err := collect(rows, func(r store.Row) (core.ChannelKey, error) {
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
func (s *Store) ClaimSlots(ctx context.Context, claims []quiz.Claim, deal quiz.Dealer) ([]quiz.Post, error) {
	for _, c := range claims {
		if err := store.CheckChannel(c.Channel); err != nil {
			return nil, fmt.Errorf("claim slots: %w", err)
		}
	}
	var out []quiz.Post
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		st, err := prepareClaim(ctx, tx)
		if err != nil {
			return err
		}
		defer st.close()
		for _, c := range claims {
			p, ok, err := st.claim(ctx, c, deal)
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

// claimStmts are the statements of a claim, prepared once per batch: parsing SQL was a quarter
// of the claim path's time.
type claimStmts struct {
	spec, advance, deck, insert, saveDeck, movePos, skip *sql.Stmt
}

func prepareClaim(ctx context.Context, tx *sql.Tx) (*claimStmts, error) {
	queries := []string{
		`SELECT spec FROM quiz_subscriptions WHERE id = ?`,
		`UPDATE quiz_subscriptions SET next_due = ? WHERE id = ? AND next_due < ?`,
		`SELECT round, pos, ord FROM quiz_decks WHERE platform = ? AND workspace = ? AND channel = ?`,
		`INSERT INTO quiz_posts (platform, workspace, channel, subscription_id, slot, question, lang, created_at, reveal_at,
			state, lease_owner, lease_until)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'claimed', ?, ?) ON CONFLICT (subscription_id, slot) DO NOTHING RETURNING id`,
		`INSERT INTO quiz_decks (platform, workspace, channel, round, pos, ord) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (platform, workspace, channel) DO UPDATE SET round = excluded.round, pos = excluded.pos, ord = excluded.ord`,
		`UPDATE quiz_decks SET pos = ? WHERE platform = ? AND workspace = ? AND channel = ?`,
		`UPDATE quiz_subscriptions SET skipped = skipped + 1, skipped_at = ? WHERE id = ?`,
	}
	stmts := make([]*sql.Stmt, len(queries))
	for i, q := range queries {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			for _, p := range stmts[:i] {
				p.Close()
			}
			return nil, fmt.Errorf("prepare claim: %w", err)
		}
		stmts[i] = st
	}
	return &claimStmts{spec: stmts[0], advance: stmts[1], deck: stmts[2], insert: stmts[3], saveDeck: stmts[4],
		movePos: stmts[5], skip: stmts[6]}, nil
}

func (st *claimStmts) close() {
	for _, p := range []*sql.Stmt{st.spec, st.advance, st.deck, st.insert, st.saveDeck, st.movePos, st.skip} {
		p.Close()
	}
}

// claim does one claim inside ClaimSlots' transaction.
func (st *claimStmts) claim(ctx context.Context, c quiz.Claim, deal quiz.Dealer) (quiz.Post, bool, error) {
	ch := c.Channel
	var subID, slot any // NULL for on-demand posts
	if c.SubscriptionID != 0 {
		var spec string
		err := st.spec.QueryRowContext(ctx, c.SubscriptionID).Scan(&spec)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && spec != c.Spec) {
			return quiz.Post{}, false, nil // unsubscribed or changed since it was read
		}
		if err != nil {
			return quiz.Post{}, false, fmt.Errorf("read subscription %d: %w", c.SubscriptionID, err)
		}
		res, err := st.advance.ExecContext(ctx, store.Nanos(c.NextDue), c.SubscriptionID, store.Nanos(c.NextDue))
		if err != nil {
			return quiz.Post{}, false, fmt.Errorf("advance subscription %d: %w", c.SubscriptionID, err)
		}
		if c.Skip && !c.Slot.IsZero() {
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return quiz.Post{}, false, err // another replica handled this slot first: count it once
			}
			if _, err := st.skip.ExecContext(ctx, store.Nanos(c.Slot), c.SubscriptionID); err != nil {
				return quiz.Post{}, false, fmt.Errorf("count skipped slot of subscription %d: %w", c.SubscriptionID, err)
			}
			return quiz.Post{}, false, nil
		}
		if c.Slot.IsZero() {
			return quiz.Post{}, false, nil
		}
		subID, slot = c.SubscriptionID, store.Nanos(c.Slot)
	}
	var d quiz.Deck
	var ord string
	err := st.deck.QueryRowContext(ctx, ch.Platform, ch.Workspace, ch.Channel).Scan(&d.Round, &d.Pos, &ord)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return quiz.Post{}, false, fmt.Errorf("read deck: %w", err)
	}
	d.Order = store.DecodeOrder(ord)
	question, next := deal(ch, d)
	if question == "" {
		return quiz.Post{}, false, nil
	}
	var id int64
	err = st.insert.QueryRowContext(ctx, ch.Platform, ch.Workspace, ch.Channel, subID, slot, question, string(c.Lang),
		store.Nanos(c.CreatedAt), store.Nanos(c.RevealAt), c.Owner, store.Nanos(c.LeaseUntil)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return quiz.Post{}, false, nil // the slot is taken: posted before a restart, or by a replica
	}
	if err != nil {
		return quiz.Post{}, false, fmt.Errorf("insert post: %w", err)
	}
	if store.OnlyMoved(d, next) {
		_, err = st.movePos.ExecContext(ctx, next.Pos, ch.Platform, ch.Workspace, ch.Channel)
	} else {
		_, err = st.saveDeck.ExecContext(ctx, ch.Platform, ch.Workspace, ch.Channel, next.Round, next.Pos,
			store.EncodeOrder(next.Order))
	}
	if err != nil {
		return quiz.Post{}, false, fmt.Errorf("save deck: %w", err)
	}
	return store.ClaimedPost(id, c, question), true, nil
}
