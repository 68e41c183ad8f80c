package quiz

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// Finder is a Poster that can find a message it delivered with a core.Reply.IdempotencyKey
// (Slack: the key travels in message metadata, read back from conversations.history, or
// conversations.replies for a thread). The engine asks before sending again a post or reveal
// whose earlier send may have gone out.
type Finder interface {
	// FindMessage looks in ch (in the thread of thread, when set) for the bot's message with
	// key sent at or after since. An error wrapping errors.ErrUnsupported means this channel's
	// platform cannot look.
	FindMessage(ctx context.Context, ch core.ChannelKey, key, thread string, since time.Time) (core.MessageRef, bool, error)
}

// Deduper is a Poster whose platform itself delivers at most one message per
// core.Reply.IdempotencyKey within a window (Discord: nonce with enforce_nonce), so sending the
// same key again within it returns the first message instead of a second one.
type Deduper interface {
	// DedupWindow is how long after a send the platform still recognises its key in ch; 0
	// when it does not.
	DedupWindow(ch core.ChannelKey) time.Duration
}

// postKey and revealKey are the idempotency keys of a post's message and of its reveal reply:
// short (Discord's nonce takes 25 characters) and unique per post.
func postKey(id int64) string   { return "bmq" + strconv.FormatInt(id, 10) }
func revealKey(id int64) string { return "bmr" + strconv.FormatInt(id, 10) }

// outcome is what an engine taking over learns about an earlier send.
type outcome int

const (
	unknown outcome = iota // the platform cannot tell: do not send again
	found                  // the message exists: track it
	resend                 // not delivered, or the platform refuses a second one: send (again)
)

// settle finds out whether an earlier send of the message keyed key (in thread, when set),
// begun no earlier than since, went out.
func (e *Engine) settle(ctx context.Context, ch core.ChannelKey, key, thread string, since, now time.Time) (core.MessageRef, outcome, error) {
	if f, ok := e.poster.(Finder); ok {
		ref, ok, err := f.FindMessage(ctx, ch, key, thread, since.Add(-clockSkew))
		switch {
		case err == nil && ok:
			return ref, found, nil
		case err == nil:
			return core.MessageRef{}, resend, nil
		case !errors.Is(err, errors.ErrUnsupported):
			return core.MessageRef{}, unknown, fmt.Errorf("look for message %s in %s channel %s: %w", key, ch.Platform, ch.Channel, err)
		}
	}
	if d, ok := e.poster.(Deduper); ok && now.Sub(since) < d.DedupWindow(ch) {
		return core.MessageRef{}, resend, nil
	}
	return core.MessageRef{}, unknown, nil
}

// stepContext bounds a platform call of a step to end well before its lease, so an engine
// that takes the step over never races a call still in flight.
func (e *Engine) stepContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, e.lease-e.lease/5)
}

// publish sends p, claimed or in doubt (see the package doc), and records its message. A
// failure leaves the post in StateSending under its lease, to be taken over once that ends.
func (e *Engine) publish(ctx context.Context, p Post) error {
	now := time.Now()
	late := now.Sub(p.CreatedAt) > e.catchUp
	if p.Attempts >= maxAttempts || (late && p.State == StateClaimed) {
		return e.drop(ctx, p, "given up: too many attempts or too late")
	}
	ok, err := e.store.BeginSend(ctx, p.ID, p.Attempts, e.owner, now, now.Add(e.lease))
	if err != nil {
		return fmt.Errorf("begin send of quiz %d: %w", p.ID, err)
	}
	if !ok {
		return nil // another engine holds or finished it
	}
	sctx, cancel := e.stepContext(ctx)
	defer cancel()
	r := e.postReply(p, 0, false)
	r.IdempotencyKey = postKey(p.ID)
	if p.State == StateSending {
		ref, out, err := e.settle(sctx, p.Channel, r.IdempotencyKey, "", p.SendAt, now)
		switch {
		case err != nil:
			return err // looked for again once the lease ends
		case out == found:
			e.log.Info("quiz post found on the platform after a takeover", "post", p.ID, "message", ref.ID)
			return e.posted(ctx, p, ref)
		case out == unknown:
			return e.drop(ctx, p, "an earlier send may have gone out and the platform cannot tell")
		case late:
			return e.drop(ctx, p, "never delivered and now too late")
		}
	}
	ref, err := e.poster.Post(sctx, p.Channel, r)
	if err != nil {
		return fmt.Errorf("post quiz %d to %s channel %s: %w", p.ID, p.Channel.Platform, p.Channel.Channel, err)
	}
	return e.posted(ctx, p, ref)
}

// posted records p's message and wakes the loop: its reveal may be due already.
func (e *Engine) posted(ctx context.Context, p Post, ref core.MessageRef) error {
	if err := e.store.SetMessageID(ctx, p.ID, ref.ID); err != nil {
		return fmt.Errorf("record message of quiz %d: %w", p.ID, err)
	}
	e.poke()
	return nil
}

func (e *Engine) drop(ctx context.Context, p Post, why string) error {
	if _, err := e.store.DropPost(ctx, p.ID); err != nil {
		return fmt.Errorf("drop quiz %d: %w", p.ID, err)
	}
	e.log.Warn("quiz post dropped", "post", p.ID, "channel", p.Channel.Channel, "slot", p.Slot, "attempts", p.Attempts, "why", why)
	return nil
}

// reveal takes p's reveal step (p as DueReveals read it), posts the answer under the quiz and
// closes it, then marks it revealed. A failure leaves it in StateRevealing, taken over later.
func (e *Engine) reveal(ctx context.Context, p Post) error {
	now := time.Now()
	if p.Attempts >= maxAttempts {
		e.log.Warn("quiz reveal given up", "post", p.ID, "attempts", p.Attempts)
		_, err := e.store.MarkRevealed(ctx, p.ID)
		return err
	}
	ok, err := e.store.ClaimReveal(ctx, p.ID, p.Attempts, e.owner, now, now.Add(e.lease))
	if err != nil {
		return fmt.Errorf("claim reveal of quiz %d: %w", p.ID, err)
	}
	if !ok {
		return nil // another engine reveals it
	}
	e.forget(p.ID)
	sctx, cancel := e.stepContext(ctx)
	defer cancel()
	answered, right, err := e.store.Tally(ctx, p.ID)
	if err != nil {
		return fmt.Errorf("tally quiz %d: %w", p.ID, err)
	}
	r := e.revealReply(p, answered, right)
	r.IdempotencyKey = revealKey(p.ID)
	send := true
	if p.State == StateRevealing {
		// The first reveal began at RevealAt or later: the earliest time its reply could exist.
		_, out, err := e.settle(sctx, p.Channel, r.IdempotencyKey, p.MessageID, p.RevealAt, now)
		if err != nil {
			e.log.Warn("quiz reveal: cannot tell whether the answer was posted; closing the quiz only", "post", p.ID, "err", err)
		}
		send = err == nil && out == resend
	}
	if send {
		if _, err := e.poster.Post(sctx, p.Channel, r); err != nil {
			return fmt.Errorf("post reveal of quiz %d: %w", p.ID, err)
		}
	}
	if err := e.poster.Update(sctx, refOf(p), e.postReply(p, answered, true)); err != nil {
		return fmt.Errorf("close quiz %d: %w", p.ID, err)
	}
	if _, err := e.store.MarkRevealed(ctx, p.ID); err != nil {
		return fmt.Errorf("mark quiz %d revealed: %w", p.ID, err)
	}
	return nil
}
