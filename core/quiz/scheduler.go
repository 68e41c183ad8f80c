package quiz

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// errorBackoff is how long the loop waits after a failed tick before trying again.
const errorBackoff = 5 * time.Second

// Run drives the schedule until ctx is done: one loop that wakes at the earliest due time (or
// when a subscription or answer arrives), claims what is due and hands the posting to a bounded
// pool of workers, so one slow channel never holds up the others. It returns nil on ctx
// cancel, after the posts in flight finish.
func (e *Engine) Run(ctx context.Context) error {
	defer e.Close()
	for {
		now := e.clock.Now()
		at := now.Add(maxIdle)
		if err := e.Tick(ctx, now); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			e.log.Error("quiz tick", "err", err)
			at = now.Add(errorBackoff)
		} else if next, ok, err := e.store.NextWake(ctx); err != nil {
			e.log.Error("quiz next wake", "err", err)
			at = now.Add(errorBackoff)
		} else if ok && next.Before(at) {
			at = next
		}
		if e.pendingTallies() && now.Add(tallyEvery).Before(at) {
			at = now.Add(tallyEvery)
		}
		if !at.After(now) {
			// Still due right after a tick: another replica holds it. Yield a moment.
			at = now.Add(10 * time.Millisecond)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-e.wake:
		case <-e.clock.Until(at):
		}
	}
}

// Tick does everything due at now: claims and posts due slots, reveals closed quizzes and edits
// changed tallies. Posting happens on the worker pool; Wait waits for it.
func (e *Engine) Tick(ctx context.Context, now time.Time) error {
	e.start.Do(func() {
		for range e.workers {
			go e.worker()
		}
	})
	return errors.Join(e.claimDue(ctx, now), e.revealDue(ctx, now), e.flushTallies(ctx, now))
}

// Wait blocks until every post, reveal and edit handed to the workers is done.
func (e *Engine) Wait() { e.inflight.Wait() }

// Close waits for the work in flight and stops the workers; Tick must not be called after.
func (e *Engine) Close() {
	e.inflight.Wait()
	e.closing.Do(func() { close(e.done) })
}

func (e *Engine) worker() {
	for {
		select {
		case job := <-e.jobs:
			job()
			e.inflight.Done()
		case <-e.done:
			return
		}
	}
}

// enqueue hands job to the pool; it blocks while the pool is full, which bounds memory. The
// job's jobTimeout starts when a worker takes it, not here: behind a platform's rate limit a
// job can wait in the queue longer than that, and a post that timed out there is lost.
func (e *Engine) enqueue(ctx context.Context, job func(ctx context.Context)) error {
	base := context.WithoutCancel(ctx)
	e.inflight.Add(1)
	run := func() {
		jctx, cancel := context.WithTimeout(base, jobTimeout)
		defer cancel()
		job(jctx)
	}
	select {
	case e.jobs <- run:
		return nil
	case <-ctx.Done():
		e.inflight.Done()
		return ctx.Err()
	case <-e.done:
		e.inflight.Done()
		return errors.New("quiz engine closed")
	}
}

// claimDue claims the latest slot of each due subscription within the catch-up grace, in
// batches, and queues the posts. Older missed slots are skipped: never a burst.
func (e *Engine) claimDue(ctx context.Context, now time.Time) error {
	deal := e.bank.dealer(false)
	for {
		subs, err := e.store.DueSubscriptions(ctx, now, batch)
		if err != nil {
			return fmt.Errorf("due subscriptions: %w", err)
		}
		claims := make([]Claim, 0, len(subs))
		for _, s := range subs {
			claims = append(claims, e.claimFor(s, now))
		}
		posts, err := e.store.ClaimSlots(ctx, claims, deal)
		if err != nil {
			return fmt.Errorf("claim %d slots: %w", len(claims), err)
		}
		for _, p := range posts {
			if err := e.enqueue(ctx, func(ctx context.Context) {
				if err := e.publish(ctx, p); err != nil {
					e.log.Error("quiz post lost", "post", p.ID, "slot", p.Slot, "err", err)
				}
			}); err != nil {
				return err
			}
		}
		if len(subs) < batch {
			return nil
		}
	}
}

// claimFor decides what to do with a due subscription: claim its latest slot still within the
// grace, or (nothing within it, or an unreadable schedule) just move NextDue past now.
func (e *Engine) claimFor(s Subscription, now time.Time) Claim {
	c := Claim{Channel: s.Channel, SubscriptionID: s.ID, Spec: s.Spec, Lang: s.Lang,
		CreatedAt: now, RevealAt: now.Add(e.revealAfter)}
	sch, err := ParseSchedule(s.Spec, e.zone)
	if err != nil {
		e.log.Error("quiz subscription has a bad schedule; pausing it a day", "id", s.ID, "spec", s.Spec, "err", err)
		c.NextDue = now.Add(24 * time.Hour)
		return c
	}
	c.NextDue = sch.Next(now)
	if c.NextDue.IsZero() {
		c.NextDue = now.Add(24 * time.Hour) // a cron that stopped firing: look again tomorrow
	}
	from := s.NextDue
	if grace := now.Add(-e.catchUp); from.Before(grace) {
		from = grace
	}
	if slot, ok := sch.Latest(from, now); ok {
		c.Slot = slot
	} else {
		e.log.Info("quiz slot missed beyond catch-up; skipped", "id", s.ID, "due", s.NextDue)
	}
	return c
}

// revealDue posts the answer of every quiz whose time is up, once, and closes its buttons.
func (e *Engine) revealDue(ctx context.Context, now time.Time) error {
	for {
		due, err := e.store.DueReveals(ctx, now, batch)
		if err != nil {
			return fmt.Errorf("due reveals: %w", err)
		}
		for _, p := range due {
			mine, err := e.store.MarkRevealed(ctx, p.ID)
			if err != nil {
				return fmt.Errorf("mark quiz %d revealed: %w", p.ID, err)
			}
			e.forget(p.ID)
			if !mine || p.MessageID == "" {
				continue // another replica reveals it, or it was never posted
			}
			if err := e.enqueue(ctx, func(ctx context.Context) { e.reveal(ctx, p) }); err != nil {
				return err
			}
		}
		if len(due) < batch {
			return nil
		}
	}
}

func (e *Engine) reveal(ctx context.Context, p Post) {
	answered, right, err := e.store.Tally(ctx, p.ID)
	if err != nil {
		e.log.Error("quiz reveal: tally", "post", p.ID, "err", err)
		return
	}
	if _, err := e.poster.Post(ctx, p.Channel, e.revealReply(p, answered, right)); err != nil {
		e.log.Error("quiz reveal: post", "post", p.ID, "err", err)
	}
	ref := refOf(p)
	if err := e.poster.Update(ctx, ref, e.postReply(p, answered, true)); err != nil {
		e.log.Error("quiz reveal: close post", "post", p.ID, "err", err)
	}
}

// flushTallies edits the posts whose answer count changed, at most once per tallyEvery each.
func (e *Engine) flushTallies(ctx context.Context, now time.Time) error {
	e.mu.Lock()
	var due []Post
	for id, p := range e.dirty {
		if now.Sub(e.lastTally[id]) >= tallyEvery {
			due = append(due, p)
			delete(e.dirty, id)
			e.lastTally[id] = now
		}
	}
	e.mu.Unlock()
	for _, p := range due {
		if err := e.enqueue(ctx, func(ctx context.Context) {
			// A post revealed meanwhile keeps its closed form: no edit may bring the buttons back.
			if cur, ok, err := e.store.Post(ctx, p.ID); err != nil || !ok || cur.Revealed {
				return
			}
			answered, _, err := e.store.Tally(ctx, p.ID)
			if err == nil {
				err = e.poster.Update(ctx, refOf(p), e.postReply(p, answered, false))
			}
			if err != nil {
				e.log.Warn("quiz tally edit", "post", p.ID, "err", err)
			}
		}); err != nil {
			return err
		}
	}
	return nil
}

// pendingTallies reports whether some tally edit waits for its turn.
func (e *Engine) pendingTallies() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.dirty) > 0
}

// forget drops a closed post's tally state.
func (e *Engine) forget(id int64) {
	e.mu.Lock()
	delete(e.dirty, id)
	delete(e.lastTally, id)
	e.mu.Unlock()
}
