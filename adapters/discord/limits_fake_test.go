package discord

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// discordLimits are the rate limits the limited fake enforces, as Discord documents them.
type discordLimits struct {
	// Global is how many requests a bot may make in one second (Discord: 50), counted in
	// fixed one-second windows. Rejected requests do not count.
	Global int
	// Route and RouteWindow bound one route bucket, per major parameter (the channel): Discord
	// allows 5 messages per 5 s per channel.
	Route       int
	RouteWindow time.Duration
	// Latency delays every answer, as the real API's round trip would.
	Latency time.Duration
}

// realDiscordLimits are Discord's documented limits for a bot.
var realDiscordLimits = discordLimits{Global: 50, Route: 5, RouteWindow: 5 * time.Second}

// limitedDiscord is a fake Discord REST API that enforces discordLimits the way Discord reports
// them: every answer carries the route's X-RateLimit-Limit, -Remaining, -Reset, -Reset-After and
// -Bucket; a request over a limit gets 429 with Retry-After, X-RateLimit-Scope, and for the
// global limit X-RateLimit-Global, and a JSON body with retry_after in (fractional) seconds.
// It keeps what was posted per channel, so a test can tell lost and duplicate posts. It reads
// the time package's clock: virtual inside a synctest bubble, real in a benchmark.
type limitedDiscord struct {
	lim discordLimits

	mu          sync.Mutex
	window      time.Time // start of the current global window
	windowCount int
	buckets     map[string]*routeBucket // by route and channel
	posted      map[string]int          // messages created per channel
	edits       int
	created     int
	nextID      int64
	first, last time.Time // of the messages created
	requests    int
	route429    int
	global429   int
	// want, when >0, closes done once that many messages exist.
	want int
	done chan struct{}
}

type routeBucket struct {
	reset time.Time // when the window ends
	used  int
}

func newLimitedDiscord(lim discordLimits, want int) *limitedDiscord {
	return &limitedDiscord{lim: lim, buckets: map[string]*routeBucket{}, posted: map[string]int{},
		nextID: 1 << 40, want: want, done: make(chan struct{})}
}

// stats is what the fake saw, read under its lock.
type discordStats struct {
	Requests, Route429, Global429, Posts, Channels, Duplicates, Edits int
	First, Last                                                       time.Time
}

func (f *limitedDiscord) stats() discordStats {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := discordStats{Requests: f.requests, Route429: f.route429, Global429: f.global429, Edits: f.edits,
		Channels: len(f.posted), First: f.first, Last: f.last}
	for _, n := range f.posted {
		s.Posts += n
		if n > 1 {
			s.Duplicates += n - 1
		}
	}
	return s
}

func (f *limitedDiscord) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/json")
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bot ") {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"message":"401: Unauthorized","code":0}`)
		return
	}
	// /api/v10/channels/{channel}/messages[/{message}]
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(parts) < 5 || parts[0] != "api" || parts[2] != "channels" || parts[4] != "messages" {
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"message":"404: Not Found","code":0}`)
		return
	}
	channel := parts[3]
	var route string
	switch {
	case r.Method == http.MethodPost && len(parts) == 5:
		route = "create"
	case r.Method == http.MethodPatch && len(parts) == 6:
		route = "edit"
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
		_, _ = io.WriteString(w, `{"message":"405: Method Not Allowed","code":0}`)
		return
	}
	status, body := f.admit(w.Header(), route, channel)
	if f.lim.Latency > 0 {
		time.Sleep(f.lim.Latency)
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// admit applies the limits to one request and, when it passes, performs it.
func (f *limitedDiscord) admit(h http.Header, route, channel string) (int, string) {
	now := time.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	if w := now.Truncate(time.Second); !w.Equal(f.window) {
		f.window, f.windowCount = w, 0
	}
	if f.windowCount >= f.lim.Global {
		f.global429++
		after := f.window.Add(time.Second).Sub(now)
		h.Set("Retry-After", strconv.Itoa(int(math.Ceil(after.Seconds()))))
		h.Set("X-RateLimit-Global", "true")
		h.Set("X-RateLimit-Scope", "global")
		return http.StatusTooManyRequests, fmt.Sprintf(`{"message":"You are being rate limited.","retry_after":%.3f,"global":true}`, after.Seconds())
	}
	key := route + "/" + channel
	b := f.buckets[key]
	if b == nil || !now.Before(b.reset) {
		b = &routeBucket{reset: now.Add(f.lim.RouteWindow)}
		f.buckets[key] = b
	}
	after := b.reset.Sub(now)
	h.Set("X-RateLimit-Limit", strconv.Itoa(f.lim.Route))
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(b.reset.UnixMilli())/1000, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(after.Seconds(), 'f', 3, 64))
	h.Set("X-RateLimit-Bucket", "fake-"+route) // a route's hash, shared by its channels as on Discord
	if b.used >= f.lim.Route {
		f.route429++
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("Retry-After", strconv.Itoa(int(math.Ceil(after.Seconds()))))
		h.Set("X-RateLimit-Scope", "user")
		return http.StatusTooManyRequests, fmt.Sprintf(`{"message":"You are being rate limited.","retry_after":%.3f,"global":false}`, after.Seconds())
	}
	b.used++
	f.windowCount++
	h.Set("X-RateLimit-Remaining", strconv.Itoa(f.lim.Route-b.used))
	f.nextID++
	id := strconv.FormatInt(f.nextID, 10)
	if route == "edit" {
		f.edits++
	} else {
		f.posted[channel]++
		if f.first.IsZero() {
			f.first = now
		}
		f.last = now
		f.created++
		if f.created == f.want {
			close(f.done)
		}
	}
	msg, _ := json.Marshal(map[string]any{"id": id, "channel_id": channel, "content": "", "embeds": []any{}})
	return http.StatusOK, string(msg)
}
