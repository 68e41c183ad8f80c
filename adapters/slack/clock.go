package slack

import "time"

// Clock tells the time and waits, for Slack's rate limits, pacing and caches; tests pass a
// fake one so nothing sleeps for real. Request deadlines keep real time (adapters/internal/deadline).
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// After delivers the time once d has passed, like time.After.
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
