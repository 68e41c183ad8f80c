package slack

import "time"

// Clock tells the time and makes timers; tests pass a fake one so nothing sleeps for real.
type Clock interface {
	Now() time.Time
	// After delivers the time once d has passed, like time.After.
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
