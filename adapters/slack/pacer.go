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
	every time.Duration
	burst int
	limit *lru.Cache[string, *rate.Limiter]
}

func newPacer(every time.Duration, burst, maxKeys int) *pacer {
	limit, err := lru.New[string, *rate.Limiter](maxKeys)
	if err != nil {
		panic("slack: newPacer: " + err.Error()) // maxKeys <= 0, a programming error
	}
	return &pacer{every: every, burst: burst, limit: limit}
}

// Wait blocks until a post to key may go out, or ctx ends.
func (p *pacer) Wait(ctx context.Context, key string) error {
	now := time.Now()
	r := p.reserve(key, now)
	d := r.DelayFrom(now)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		r.CancelAt(time.Now()) // the turn goes back to the channel's next post
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
