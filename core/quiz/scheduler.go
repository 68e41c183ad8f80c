package quiz

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// errorBackoff is how long the loop waits after a failed tick before trying again.
const errorBackoff = 5 * time.Second

// yield is how long the loop waits when something is due that it cannot do itself yet: held
// by another replica, or queued here (a finished job wakes the loop at once).
const yield = 250 * time.Millisecond

// skipLogEvery bounds how often one channel's skipped slots are logged: a schedule every second
// on a platform allowing a post every few would otherwise fill the log.
const skipLogEvery = time.Minute

// Run drives the schedule until ctx is done: one loop that wakes at the earliest due time (or
// when a subscription or answer arrives), claims what is due and hands the posting to a bounded
// pool of workers, so one slow channel never holds up the others. It returns nil on ctx
// cancel, after the posts in flight finish.
func (e *Engine) Run(ctx context.Context) error {
	defer e.Close()
	for {
		now := time.Now()
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
			// Still due right after a tick: another replica holds it, or this engine's own
			// queue has it. Yield a moment rather than ask the store again at once.
			at = now.Add(yield)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-e.wake:
		case <-time.After(time.Until(at)):
		}
	}
}

// Tick does everything due at now: claims and posts due slots, takes over posts and reveals
// whose lease ended, reveals closed quizzes and edits changed tallies. Posting happens on the
// worker pool; Wait waits for it.
func (e *Engine) Tick(ctx context.Context, now time.Time) error {
	e.start.Do(func() {
		for range e.workers {
			go e.worker()
		}
	})
	return errors.Join(e.claimDue(ctx, now), e.sendDue(ctx, now), e.revealDue(ctx, now), e.flushTallies(ctx, now))
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
// batches, and queues the posts. Older missed slots are skipped: never a burst. So is the slot
// of a channel still behind (its earlier post still queued or in its first send): queueing more
// than the platform lets through would only send posts whose reveals come ever later.
func (e *Engine) claimDue(ctx context.Context, now time.Time) error {
	deal := e.bank.dealer(false)
	behind, err := e.store.ChannelsBehind(ctx, now, maxBehind)
	if err != nil {
		return fmt.Errorf("channels behind: %w", err)
	}
	late := make(map[core.ChannelKey]bool, len(behind))
	for _, ch := range behind {
		late[ch] = true
	}
	for {
		subs, err := e.store.DueSubscriptions(ctx, now, batch)
		if err != nil {
			return fmt.Errorf("due subscriptions: %w", err)
		}
		claims := make([]Claim, 0, len(subs))
		for _, s := range subs {
			c := e.claimFor(s, now)
			if !c.Slot.IsZero() && late[s.Channel] {
				c.Skip = true
				if e.shouldLogSkip(s.Channel, now) {
					e.log.Warn("quiz channel cannot keep up with its schedule; slot skipped", "platform", s.Channel.Platform,
						"channel", s.Channel.Channel, "slot", c.Slot, "spec", s.Spec, "skipped_so_far", s.Skipped)
				}
			}
			claims = append(claims, c)
		}
		posts, err := e.store.ClaimSlots(ctx, claims, deal)
		if err != nil {
			return fmt.Errorf("claim %d slots: %w", len(claims), err)
		}
		for _, p := range posts {
			if err := e.queue(ctx, p, e.publish, "quiz post not sent yet"); err != nil {
				return err
			}
		}
		if len(subs) < batch {
			return nil
		}
	}
}

// shouldLogSkip reports whether a skip in ch is worth a log line now (one a minute a channel).
func (e *Engine) shouldLogSkip(ch core.ChannelKey, now time.Time) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if now.Sub(e.skipLogged[ch]) < skipLogEvery {
		return false
	}
	if len(e.skipLogged) >= maxBehind {
		for k, at := range e.skipLogged {
			if now.Sub(at) >= skipLogEvery {
				delete(e.skipLogged, k)
			}
		}
	}
	e.skipLogged[ch] = now
	return true
}

// sendDue takes over the posts whose sending lease ended: their engine died, or failed and
// gave the post back.
func (e *Engine) sendDue(ctx context.Context, now time.Time) error {
	due, err := e.store.DueSends(ctx, now, batch)
	if err != nil {
		return fmt.Errorf("due sends: %w", err)
	}
	for _, p := range due {
		if err := e.queue(ctx, p, e.publish, "quiz post not sent yet"); err != nil {
			return err
		}
	}
	return nil
}

// queue hands step(p) to the pool unless this engine already has a step of p queued or running.
// A failed step is logged; the store keeps the post where it was, for a takeover.
func (e *Engine) queue(ctx context.Context, p Post, step func(context.Context, Post) error, what string) error {
	e.mu.Lock()
	if e.busy[p.ID] {
		e.mu.Unlock()
		return nil
	}
	e.busy[p.ID] = true
	e.mu.Unlock()
	err := e.enqueue(ctx, func(ctx context.Context) {
		defer e.idle(p.ID)
		if err := step(ctx, p); err != nil {
			e.log.Error(what, "post", p.ID, "slot", p.Slot, "state", p.State, "attempts", p.Attempts, "err", err)
		}
	})
	if err != nil {
		e.idle(p.ID)
	}
	return err
}

// idle marks p as no longer queued here, and wakes the loop: the step may have made more due.
func (e *Engine) idle(id int64) {
	e.mu.Lock()
	delete(e.busy, id)
	e.mu.Unlock()
	e.poke()
}

// claimFor decides what to do with a due subscription: claim its latest slot still within the
// grace, or (nothing within it, or an unreadable schedule) just move NextDue past now.
func (e *Engine) claimFor(s Subscription, now time.Time) Claim {
	c := Claim{Channel: s.Channel, SubscriptionID: s.ID, Spec: s.Spec, Lang: s.Lang,
		CreatedAt: now, RevealAt: now.Add(e.revealAfter), Owner: e.owner, LeaseUntil: now.Add(e.lease)}
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

// revealDue queues the reveal of every posted quiz whose time is up and of every reveal whose
// lease ended; each is claimed when its job starts, so one engine reveals it.
func (e *Engine) revealDue(ctx context.Context, now time.Time) error {
	due, err := e.store.DueReveals(ctx, now, batch)
	if err != nil {
		return fmt.Errorf("due reveals: %w", err)
	}
	for _, p := range due {
		if err := e.queue(ctx, p, e.reveal, "quiz reveal not done yet"); err != nil {
			return err
		}
	}
	return nil
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
			if cur, ok, err := e.store.Post(ctx, p.ID); err != nil || !ok || cur.State != StatePosted {
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
