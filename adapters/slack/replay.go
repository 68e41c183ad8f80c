package slack

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Replay guard. A signature is accepted while its timestamp is within five minutes of the
// clock, on either side; remembering it for twice that covers the whole window with room for
// clock skew between replicas.
const (
	replayTTL     = 10 * time.Minute
	replayTimeout = time.Second // the store's share of Slack's 3 s
	replayWait    = 2500 * time.Millisecond
	replayAcks    = 4096 // deliveries remembered by this process
)

// replayKey names a signed request by its timestamp and signature: Slack signs every delivery
// anew, its retries included, so only a captured request sent again repeats the pair.
func replayKey(r *http.Request) string {
	return "slack:sig:" + r.Header.Get("X-Slack-Request-Timestamp") + ":" + r.Header.Get("X-Slack-Signature")
}

// delivery is one signed request this process has seen: running, or answered.
type delivery struct {
	at   time.Time
	done chan struct{} // closed once answered
	body []byte        // the ephemeral ack it got, if any; set before done is closed
}

// admit decides whether the signed request named key runs. It returns the delivery to finish
// once the request is answered (run) or the one to answer the replay from (replay). The local
// record comes first, so identical requests racing into this process are told apart without
// waiting for the store; the store (the Dedup option) then decides across replicas. When the
// store cannot tell, the request runs: the signature's timestamp window still bounds a replay.
func (a *Adapter) admit(ctx context.Context, key string) (d *delivery, replay bool) {
	d, seen := a.replays.claim(key)
	if seen {
		return d, true
	}
	ctx, cancel := context.WithTimeout(ctx, replayTimeout)
	defer cancel()
	first, err := a.dedup.FirstSeen(ctx, key, time.Now(), replayTTL)
	if err != nil {
		a.log.Warn("slack: replay check failed, request processed", "err", err)
		return d, false
	}
	if !first {
		a.replays.finish(d, nil) // seen by another replica: nothing here to repeat
		return d, true
	}
	return d, false
}

// serveReplay answers a replayed request without running it: with the ephemeral ack the first
// delivery got, when this process answered it (waiting a moment if it is still running), so a
// client that resends identical requests keeps getting answers; else with an empty 200. A
// public (in_channel) ack is never repeated: that would post it to the channel again.
func (a *Adapter) serveReplay(w http.ResponseWriter, r *http.Request, d *delivery) {
	t := time.NewTimer(replayWait)
	defer t.Stop()
	select {
	case <-d.done:
	case <-t.C:
	case <-r.Context().Done():
	}
	if body := a.replays.body(d); body != nil {
		h := w.Header()
		h["Content-Type"] = jsonContentType
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
		_, _ = w.Write(body)
		return
	}
	a.log.Debug("slack: replayed request acknowledged, not run again")
	w.WriteHeader(http.StatusOK)
}

// replayCache is this process's record of recent signed requests by replay key. Bounded: when
// full it drops answered deliveries older than the TTL, then the older half of the answered
// ones; running ones stay (there are at most as many as requests in flight).
type replayCache struct {
	mu  sync.Mutex
	max int
	m   map[string]*delivery
}

func newReplayCache(max int) *replayCache {
	return &replayCache{max: max, m: map[string]*delivery{}}
}

// claim returns the delivery recorded for key and true, or records a new running one and
// returns it with false.
func (c *replayCache) claim(key string) (*delivery, bool) {
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if d, ok := c.m[key]; ok && now.Sub(d.at) < replayTTL {
		return d, true
	}
	if len(c.m) >= c.max {
		c.evict(now)
	}
	d := &delivery{at: now, done: make(chan struct{})}
	c.m[key] = d
	return d, false
}

func (c *replayCache) evict(now time.Time) {
	for k, d := range c.m {
		if now.Sub(d.at) >= replayTTL {
			delete(c.m, k)
		}
	}
	if len(c.m) < c.max {
		return
	}
	cut := now.Add(-replayTTL / 2)
	for k, d := range c.m {
		select {
		case <-d.done:
			if d.at.Before(cut) || len(c.m) >= c.max {
				delete(c.m, k)
			}
		default:
		}
	}
}

// finish marks d answered, keeping ack (the bytes the first delivery got, nil for none) to
// answer its replays with. Only the first call counts.
func (c *replayCache) finish(d *delivery, ack []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-d.done:
		return
	default:
	}
	d.body = bytes.Clone(ack)
	close(d.done)
}

// body is the ack kept for replays of d (nil: none, or not answered yet).
func (c *replayCache) body(d *delivery) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return d.body
}
