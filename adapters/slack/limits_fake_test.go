package slack

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// slackLimits are the chat.postMessage limits the limited fake enforces. Slack documents about
// one message a second per channel with short bursts, and above that a workspace cap of
// "several hundred messages per minute" with generous bursts; it does not say how much.
type slackLimits struct {
	ChannelEvery time.Duration // one message per channel per ChannelEvery (1 s) ...
	ChannelBurst int           // ... after a burst of this many
	// WorkspacePerSecond and WorkspaceBurst are the workspace cap's token bucket.
	WorkspacePerSecond float64
	WorkspaceBurst     int
	// Latency delays every answer, as the real API's round trip would.
	Latency time.Duration
	// TimeScale > 1 runs Slack that many times faster (a benchmark's scaled world): Retry-After
	// is then in scaled seconds, a fraction, where Slack's are whole.
	TimeScale float64
}

// realSlackLimits reads Slack's words conservatively: 1/s per channel after a burst of 3, and
// 300 a minute for the workspace after a burst of 30.
var realSlackLimits = slackLimits{ChannelEvery: time.Second, ChannelBurst: 3, WorkspacePerSecond: 5, WorkspaceBurst: 30}

// limitedSlack is a fake Slack Web API that speaks Slack's wire format for chat.postMessage
// (form or JSON body, bearer token, {"ok":true,"channel","ts","message"}) and enforces
// slackLimits the way Slack does: over a limit, HTTP 429 with Retry-After in whole seconds
// and {"ok":false,"error":"ratelimited"}. Both limits are token buckets; a refused request
// takes no token. Other methods answer ok. It keeps what was posted per channel, so a test
// can tell lost and duplicate posts, and reads the time package's clock: virtual inside a
// synctest bubble, real in a benchmark.
type limitedSlack struct {
	lim slackLimits

	mu          sync.Mutex
	workspace   tokenBucket
	channels    map[string]*tokenBucket
	posted      map[string]int
	created     int
	nextTS      int64
	first, last time.Time
	requests    int
	limited     int
	want        int // closes done once this many messages exist
	done        chan struct{}
}

type tokenBucket struct {
	tokens float64
	at     time.Time
}

// take refills b at perSecond up to burst and takes a token; if there is none it says how long
// until there is.
func (b *tokenBucket) take(now time.Time, perSecond float64, burst int) (time.Duration, bool) {
	b.tokens = math.Min(float64(burst), b.tokens+now.Sub(b.at).Seconds()*perSecond)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return time.Duration((1 - b.tokens) / perSecond * float64(time.Second)), false
}

func newLimitedSlack(lim slackLimits, want int) *limitedSlack {
	return &limitedSlack{lim: lim, workspace: tokenBucket{tokens: float64(lim.WorkspaceBurst), at: time.Now()},
		channels: map[string]*tokenBucket{}, posted: map[string]int{}, nextTS: 1_700_000_000_000_000, want: want, done: make(chan struct{})}
}

// slackStats is what the fake saw.
type slackStats struct {
	Requests, Limited, Posts, Channels, Duplicates int
	First, Last                                    time.Time
}

func (f *limitedSlack) stats() slackStats {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := slackStats{Requests: f.requests, Limited: f.limited, Channels: len(f.posted), Posts: f.created, First: f.first, Last: f.last}
	for _, n := range f.posted {
		if n > 1 {
			s.Duplicates += n - 1
		}
	}
	return s
}

func (f *limitedSlack) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	method := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	if method != "chat.postMessage" {
		_, _ = io.WriteString(w, `{"ok":true}`)
		return
	}
	channel, token := "", strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if strings.HasPrefix(strings.TrimSpace(string(body)), "{") {
		var m struct {
			Channel string `json:"channel"`
		}
		_ = json.Unmarshal(body, &m)
		channel = m.Channel
	} else if form, err := url.ParseQuery(string(body)); err == nil {
		channel = form.Get("channel")
		if t := form.Get("token"); t != "" {
			token = t
		}
	}
	if !strings.HasPrefix(token, "xoxb-") {
		_, _ = io.WriteString(w, `{"ok":false,"error":"not_authed"}`)
		return
	}
	if channel == "" {
		_, _ = io.WriteString(w, `{"ok":false,"error":"channel_not_found"}`)
		return
	}
	status, answer := f.post(w.Header(), channel)
	if f.lim.Latency > 0 {
		time.Sleep(f.lim.Latency)
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, answer)
}

// post applies both limits and, when they allow, creates the message.
func (f *limitedSlack) post(h http.Header, channel string) (int, string) {
	now := time.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	cb := f.channels[channel]
	if cb == nil {
		cb = &tokenBucket{tokens: float64(f.lim.ChannelBurst), at: now}
		f.channels[channel] = cb
	}
	// Look before taking, so a refusal by one bucket costs the other nothing.
	chWait := peek(*cb, now, 1/f.lim.ChannelEvery.Seconds(), f.lim.ChannelBurst)
	wsWait := peek(f.workspace, now, f.lim.WorkspacePerSecond, f.lim.WorkspaceBurst)
	if wait := max(chWait, wsWait); wait > 0 {
		f.limited++
		h.Set("Retry-After", f.retryAfter(wait))
		return http.StatusTooManyRequests, `{"ok":false,"error":"ratelimited"}`
	}
	cb.take(now, 1/f.lim.ChannelEvery.Seconds(), f.lim.ChannelBurst)
	f.workspace.take(now, f.lim.WorkspacePerSecond, f.lim.WorkspaceBurst)
	f.posted[channel]++
	f.created++
	if f.first.IsZero() {
		f.first = now
	}
	f.last = now
	if f.created == f.want {
		close(f.done)
	}
	f.nextTS++
	ts := fmt.Sprintf("%d.%06d", f.nextTS/1_000_000, f.nextTS%1_000_000)
	return http.StatusOK, fmt.Sprintf(`{"ok":true,"channel":%q,"ts":%q,"message":{"type":"message","ts":%q}}`, channel, ts, ts)
}

// retryAfter is Slack's Retry-After for a wait: whole seconds, at least one (in the scaled
// world's seconds when TimeScale is set).
func (f *limitedSlack) retryAfter(wait time.Duration) string {
	scale := max(f.lim.TimeScale, 1)
	secs := max(1, math.Ceil(wait.Seconds()*scale))
	if scale == 1 {
		return strconv.Itoa(int(secs))
	}
	return strconv.FormatFloat(secs/scale, 'f', 4, 64)
}

// peek says how long until b has a token, without taking it.
func peek(b tokenBucket, now time.Time, perSecond float64, burst int) time.Duration {
	d, _ := b.take(now, perSecond, burst)
	return d
}
