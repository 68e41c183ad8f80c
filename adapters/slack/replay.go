package slack

import (
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
	replayAcks    = 1024        // ephemeral acks kept for answering a replay in kind
)

// replayKey names a signed request by its timestamp and signature: Slack signs every delivery
// anew, its retries included, so only a captured request sent again repeats the pair.
func replayKey(r *http.Request) string {
	return "slack:sig:" + r.Header.Get("X-Slack-Request-Timestamp") + ":" + r.Header.Get("X-Slack-Signature")
}

// replayed reports whether the signed request named key was seen before, by this process or
// another replica sharing the store (the Dedup option). When the store cannot tell, the
// request runs: the signature's timestamp window still bounds a replay.
func (a *Adapter) replayed(ctx context.Context, key string) bool {
	ctx, cancel := context.WithTimeout(ctx, replayTimeout)
	defer cancel()
	first, err := a.dedup.FirstSeen(ctx, key, a.clock.Now(), replayTTL)
	if err != nil {
		a.log.Warn("slack: replay check failed, request processed", "err", err)
		return false
	}
	return !first
}

// serveReplay answers a replayed request without running it: with the ephemeral ack the first
// delivery got, when this process still has it (the sender sees what it saw before, and a
// client that resends identical requests keeps getting answers), else with an empty 200.
func (a *Adapter) serveReplay(w http.ResponseWriter, key string) {
	if body, ok := a.replays.get(key); ok {
		h := w.Header()
		h["Content-Type"] = jsonContentType
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
		_, _ = w.Write(body)
		return
	}
	a.log.Debug("slack: replayed request acknowledged, not run again")
	w.WriteHeader(http.StatusOK)
}

// replayCache keeps the ephemeral acks of recent slash commands by replay key. Only ephemeral
// ones: answering a replay with a public (in_channel) ack would post it to the channel again.
// Bounded: when full it drops what has expired, and half of the rest if that is not enough.
type replayCache struct {
	mu  sync.Mutex
	max int
	m   map[string]replayAck
}

type replayAck struct {
	body []byte // shared with the ack cache, never modified
	at   time.Time
}

func newReplayCache(max int) *replayCache {
	return &replayCache{max: max, m: map[string]replayAck{}}
}

// The cache runs on the wall clock, as Slack's signature window does (slack-go checks the
// timestamp against time.Now), not on the adapter's Clock.

// put remembers the ack p of the request named key, if it is ephemeral and ready-encoded.
func (c *replayCache) put(key string, p payload) {
	if p.raw == nil || p.ResponseType == "in_channel" {
		return
	}
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= c.max {
		n := 0
		for k, e := range c.m {
			if now.Sub(e.at) >= replayTTL || n < c.max/2 {
				delete(c.m, k)
				n++
			}
		}
	}
	c.m[key] = replayAck{body: p.raw, at: now}
}

// get returns the ack remembered for key, if not expired.
func (c *replayCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || time.Since(e.at) >= replayTTL {
		return nil, false
	}
	return e.body, true
}
