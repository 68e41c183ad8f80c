// Package turns spaces a platform's API calls one interval apart, in the order they ask, and
// holds them all while a 429's wait lasts: the queue behind Slack's per-method limits and
// Discord's global limit. x/time/rate has no hold: after one, its reservations, taken before
// it, would all fall due at once instead of one interval apart from its end.
package turns

import (
	"context"
	"sync"
	"time"
)

// Queue hands out turns. The zero value is not usable; call New.
type Queue struct {
	mu    sync.Mutex
	every time.Duration
	at    time.Time // the next free turn
	held  time.Time // no turn before this
}

// New returns a queue whose turns are every apart (0: no spacing until SetEvery).
func New(every time.Duration) *Queue { return &Queue{every: every} }

// Wait blocks until the caller's turn, or ctx ends. A hold that begins while it waits sends it
// back to the queue, behind the hold.
func (q *Queue) Wait(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err // before taking a turn: a caller that gave up must not push the others back
		}
		at, d := q.reserve()
		if d <= 0 {
			return nil
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			q.giveBack(at)
			return ctx.Err()
		}
		if !time.Now().Before(q.HeldUntil()) {
			return nil
		}
	}
}

// reserve takes the next free turn, never inside a hold, and says when it is and how long
// until then.
func (q *Queue) reserve() (time.Time, time.Duration) {
	now := time.Now()
	q.mu.Lock()
	defer q.mu.Unlock()
	at := later(later(q.at, now), q.held)
	q.at = at.Add(q.every)
	return at, at.Sub(now)
}

// giveBack returns a turn taken at at that will not be used, when it is the latest one.
func (q *Queue) giveBack(at time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.at.Equal(at.Add(q.every)) {
		q.at = at
	}
}

// Hold lets no turn start before until, and restarts the spacing there.
func (q *Queue) Hold(until time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.held = later(q.held, until)
	q.at = later(q.at, q.held)
}

// HeldUntil says when the latest hold ends (the zero time: never held).
func (q *Queue) HeldUntil() time.Time {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.held
}

// Every is the spacing of turns.
func (q *Queue) Every() time.Duration {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.every
}

// SetEvery changes the spacing of the turns handed out from now on.
func (q *Queue) SetEvery(d time.Duration) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.every = d
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
