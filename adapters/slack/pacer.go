package slack

import (
	"context"
	"sync"
	"time"
)

// pacer keeps posts to each channel near Slack's ~1 message per second: a token bucket per
// channel, a short burst allowed. Memory is bounded: idle buckets (full again) are dropped when
// the map grows past maxKeys.
type pacer struct {
	clock   Clock
	every   time.Duration
	burst   float64
	maxKeys int

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newPacer(c Clock, every time.Duration, burst, maxKeys int) *pacer {
	return &pacer{clock: c, every: every, burst: float64(burst), maxKeys: maxKeys, buckets: map[string]*bucket{}}
}

// Wait blocks until a post to key may go out, or ctx ends.
func (p *pacer) Wait(ctx context.Context, key string) error {
	d := p.reserve(key)
	if d <= 0 {
		return ctx.Err()
	}
	select {
	case <-p.clock.After(d):
		return nil
	case <-ctx.Done():
		p.cancel(key)
		return ctx.Err()
	}
}

// reserve takes a token (possibly going into debt) and says how long to wait for it.
func (p *pacer) reserve(key string) time.Duration {
	now := p.clock.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	b, ok := p.buckets[key]
	if !ok {
		if len(p.buckets) >= p.maxKeys {
			p.evict(now)
		}
		b = &bucket{tokens: p.burst, at: now}
		p.buckets[key] = b
	}
	p.refill(b, now)
	b.tokens--
	if b.tokens >= 0 {
		return 0
	}
	return time.Duration(-b.tokens * float64(p.every))
}

// cancel gives back a token that was reserved but not used.
func (p *pacer) cancel(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if b, ok := p.buckets[key]; ok {
		b.tokens = min(p.burst, b.tokens+1)
	}
}

func (p *pacer) refill(b *bucket, now time.Time) {
	if el := now.Sub(b.at); el > 0 {
		b.tokens = min(p.burst, b.tokens+float64(el)/float64(p.every))
		b.at = now
	}
}

// evict drops buckets that are full again; if none is, it drops an arbitrary half, which at worst
// lets those channels burst once more.
func (p *pacer) evict(now time.Time) {
	for k, b := range p.buckets {
		p.refill(b, now)
		if b.tokens >= p.burst {
			delete(p.buckets, k)
		}
	}
	if len(p.buckets) < p.maxKeys {
		return
	}
	n := 0
	for k := range p.buckets {
		if n >= p.maxKeys/2 {
			break
		}
		delete(p.buckets, k)
		n++
	}
}
