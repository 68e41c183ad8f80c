package slack

import (
	"context"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/time/rate"
)

// pacer keeps posts to each channel near Slack's ~1 message per second: a token bucket per
// channel (x/time/rate), a short burst allowed. The least recently used channels' buckets
// are dropped past maxKeys, which at worst lets such a channel burst once more.
type pacer struct {
	clock Clock
	every time.Duration
	burst int
	limit *lru.Cache[string, *rate.Limiter]
}

func newPacer(c Clock, every time.Duration, burst, maxKeys int) *pacer {
	limit, err := lru.New[string, *rate.Limiter](maxKeys)
	if err != nil {
		panic("slack: newPacer: " + err.Error()) // maxKeys <= 0, a programming error
	}
	return &pacer{clock: c, every: every, burst: burst, limit: limit}
}

// Wait blocks until a post to key may go out, or ctx ends. The wait is on the adapter's
// Clock, as rate.Limiter's own Wait would sleep on the real one.
func (p *pacer) Wait(ctx context.Context, key string) error {
	now := p.clock.Now()
	r := p.reserve(key, now)
	d := r.DelayFrom(now)
	if d <= 0 {
		return ctx.Err()
	}
	select {
	case <-p.clock.After(d):
		return nil
	case <-ctx.Done():
		r.CancelAt(p.clock.Now()) // the turn goes back to the channel's next post
		return ctx.Err()
	}
}

// reserve takes key's next turn at now.
func (p *pacer) reserve(key string, now time.Time) *rate.Reservation {
	l, ok := p.limit.Get(key)
	if !ok {
		l = rate.NewLimiter(rate.Every(p.every), p.burst)
		// Two first posts at once may each make one; either is as good as the other.
		if prev, found, _ := p.limit.PeekOrAdd(key, l); found {
			l = prev
		}
	}
	return l.ReserveN(now, 1)
}
