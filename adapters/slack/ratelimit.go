package slack

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/internal/turns"
)

const (
	// maxEvery is the slowest pace the adapter sets itself for a method: Slack's caps are a
	// few hundred calls a minute at least, so a slower estimate is one made from too few
	// calls, and Slack's own 429s still hold calls back if it really is slower.
	maxEvery = time.Second
	// probe shrinks a method's spacing after every call that went through, so a pace learnt
	// when Slack was busier (or from too few calls) keeps feeling for more.
	probe = 0.002
)

// methodLimits is the http.RoundTripper of the adapter's Web API client. Slack limits each Web
// API method per workspace (chat.postMessage to "several hundred messages a minute", others
// by tier) without saying how much, and refuses a call over the limit with 429 and
// Retry-After. Left alone, every worker of a quiz fan-out runs into the limit on its own,
// all retry together when Retry-After ends, most are refused again, and the unlucky ones give
// up: quizzes lost. So, per method:
//   - after a 429, no call goes out until its Retry-After has passed (a hold);
//   - the calls that succeeded between two 429s, over the time between them, is the rate
//     Slack allowed; calls are spaced at that rate, in the order they asked, so none starves
//     behind luckier ones, and the spacing shrinks a little with each success (probe);
//   - a 429's Retry-After is rewritten as the whole seconds slack-go parses (a fraction or an
//     HTTP date would become a parse error instead of a *slack.RateLimitedError), one second
//     when missing.
//
// Waits end with the request's context.
type methodLimits struct {
	next http.RoundTripper
	api  string // URL prefix of Web API calls; others pass through
	// minHold is the shortest hold after a 429 (a second: Slack's Retry-After is whole
	// seconds); a benchmark that runs Slack faster shortens it.
	minHold time.Duration

	mu      sync.Mutex
	methods map[string]*methodLimit // Web API method names: a small fixed set
}

// methodLimit is one method's hold and pace: its turns, and what it learnt from its 429s.
type methodLimit struct {
	turns *turns.Queue
	holds int       // holds so far: a 429 to a call sent before the latest says nothing new
	mark  time.Time // the latest 429, or the first call
	ok    int       // calls that went through since mark
}

func newMethodLimits(next http.RoundTripper, api string) *methodLimits {
	if next == nil {
		next = http.DefaultTransport
	}
	return &methodLimits{next: next, api: api, minHold: time.Second, methods: map[string]*methodLimit{}}
}

// RoundTrip waits for the method's turn, sends the call and learns from its answer.
func (m *methodLimits) RoundTrip(r *http.Request) (*http.Response, error) {
	u := r.URL.String()
	if !strings.HasPrefix(u, m.api) {
		return m.next.RoundTrip(r)
	}
	method := strings.SplitN(strings.TrimPrefix(u, m.api), "?", 2)[0]
	l := m.method(method)
	if err := l.turns.Wait(r.Context()); err != nil {
		closeBody(r) // a RoundTripper closes the request body, also when it fails
		return nil, fmt.Errorf("slack %s: waiting for its rate limit: %w", method, err)
	}
	m.mu.Lock()
	gen := l.holds // read once the call goes out: a hold it waited through is not news to it
	m.mu.Unlock()
	resp, err := m.next.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	now := time.Now()
	m.mu.Lock()
	if resp.StatusCode == http.StatusTooManyRequests {
		d := retryAfter(resp.Header, now, m.minHold)
		resp.Header.Set("Retry-After", strconv.Itoa(int(math.Ceil(d.Seconds()))))
		l.limited(gen, now, d)
	} else if resp.StatusCode < 300 {
		l.passed()
	}
	m.mu.Unlock()
	return resp, nil
}

// method returns method's limit, made on its first call.
func (m *methodLimits) method(name string) *methodLimit {
	m.mu.Lock()
	defer m.mu.Unlock()
	l := m.methods[name]
	if l == nil {
		l = &methodLimit{turns: turns.New(0), mark: time.Now()}
		m.methods[name] = l
	}
	return l
}

// limited takes in a 429 at now, asking for d, for a call sent after gen holds.
func (l *methodLimit) limited(gen int, now time.Time, d time.Duration) {
	if gen != l.holds {
		return // in flight when the latest hold began: it says nothing new
	}
	l.holds++
	// Over at least the Retry-After: the first 429 comes right after a burst, and a burst
	// over a few milliseconds says nothing about the rate.
	el := max(now.Sub(l.mark), d)
	every := maxEvery
	if l.ok > 0 {
		every = min(maxEvery, time.Duration(el.Seconds()/float64(l.ok)*float64(time.Second)))
	}
	// At most twice as slow per 429: few calls since the last one (a quiet channel, or a 429
	// from a single busy channel) under-count what Slack allows.
	if was := l.turns.Every(); was > 0 {
		every = min(every, 2*was)
	}
	l.turns.SetEvery(every)
	l.mark, l.ok = now, 0
	l.turns.Hold(now.Add(d))
}

// passed counts a call that went through and probes for a faster pace.
func (l *methodLimit) passed() {
	l.ok++
	l.turns.SetEvery(time.Duration(float64(l.turns.Every()) * (1 - probe)))
}

func closeBody(r *http.Request) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
}

// retryAfter reads a 429's Retry-After (seconds, possibly fractional, or an HTTP date); a
// missing or unreadable one, or a shorter one, counts as minHold.
func retryAfter(h http.Header, now time.Time, minHold time.Duration) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	d := minHold
	if s, err := strconv.ParseFloat(v, 64); err == nil && !math.IsNaN(s) && !math.IsInf(s, 0) {
		d = time.Duration(min(s, 3600) * float64(time.Second))
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return max(d, minHold)
}
