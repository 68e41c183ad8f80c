package slack

import (
	"context"
	"io"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/internal/turns"
	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/internal/memnet"
)

func TestRetryAfterReadsEveryForm(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, c := range []struct {
		header string
		want   time.Duration
	}{
		{"2", 2 * time.Second},
		{"1.5", 1500 * time.Millisecond},
		{now.Add(3 * time.Second).Format(http.TimeFormat), 3 * time.Second},
		{"", time.Second},
		{"soon", time.Second},
		{"0", time.Second},
		{"-4", time.Second},
		{"1e12", time.Hour},
	} {
		h := http.Header{}
		if c.header != "" {
			h.Set("Retry-After", c.header)
		}
		if got := retryAfter(h, now, time.Second); got != c.want {
			t.Errorf("Retry-After %q: %v, want %v", c.header, got, c.want)
		}
	}
}

// arrivals is a fake Web API that answers the first `refuse` calls with 429 and the given
// Retry-After, and records when each call arrived.
type arrivals struct {
	mu         sync.Mutex
	refuse     int
	retryAfter string
	at         []time.Time
}

func (a *arrivals) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	a.mu.Lock()
	a.at = append(a.at, time.Now())
	refuse := a.refuse > 0
	a.refuse--
	a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if refuse {
		w.Header().Set("Retry-After", a.retryAfter)
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"ok":false,"error":"ratelimited"}`)
		return
	}
	_, _ = io.WriteString(w, `{"ok":true,"channel":"C1","ts":"1.000001"}`)
}

func (a *arrivals) times() []time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]time.Time(nil), a.at...)
}

// A 429 with a fractional Retry-After used to reach slack-go as a parse error, which no retry
// looked at: the quiz was lost. Now the post waits it out and goes through, and no call
// reaches Slack during the hold.
func TestPostWaitsOutAFractionalRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &arrivals{refuse: 1, retryAfter: "1.5"}
		client, stop := memnet.Server(api)
		defer stop()
		a, err := New(Options{Handler: &echoHandler{}, BotToken: "xoxb-t", SigningSecret: testSecret,
			APIURL: "http://slack.test/api/", HTTPClient: client})
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		start := time.Now()
		var wg sync.WaitGroup
		for _, ch := range []string{"C1", "C2", "C3"} {
			wg.Go(func() {
				if _, err := a.Post(context.Background(), core.ChannelKey{Platform: Platform, Channel: ch}, core.Reply{Body: "quiz"}); err != nil {
					t.Errorf("post to %s: %v", ch, err)
				}
			})
			synctest.Wait() // one at a time, so the first is the one refused
		}
		wg.Wait()
		at := api.times()
		if len(at) != 4 {
			t.Fatalf("%d calls, want the refused one, its retry and two more", len(at))
		}
		for _, ts := range at[1:] {
			if d := ts.Sub(start); d < 1500*time.Millisecond {
				t.Errorf("a call reached Slack %v after the 429, inside its 1.5 s Retry-After", d)
			}
		}
	})
}

// After a 429 the method is paced at the rate that got through, in the order callers asked:
// a queue of posts drains without another 429 and without one post overtaking the rest.
func TestMethodLimitsPaceAtTheRateThatGotThrough(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &arrivals{}
		client, stop := memnet.Server(api)
		defer stop()
		m := newMethodLimits(client.Transport, "http://slack.test/api/")
		// Two cycles of what a workspace allowing 4 a second looks like: 4 calls through,
		// then a 429 asking for a second.
		l := m.method("chat.postMessage")
		for range 4 {
			l.passed()
		}
		l.limited(l.holds, time.Now(), time.Second)
		if every := l.turns.Every(); every != 250*time.Millisecond {
			t.Fatalf("4 calls in the second before a 1 s hold: spacing %v, want 250ms", every)
		}
		start := time.Now()
		var wg sync.WaitGroup
		order := make(chan int, 8)
		for i := range 8 {
			wg.Go(func() {
				req, _ := http.NewRequest(http.MethodPost, "http://slack.test/api/chat.postMessage", nil)
				resp, err := m.RoundTrip(req)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				order <- i
			})
			synctest.Wait()
		}
		wg.Wait()
		close(order)
		want := 0
		for i := range order {
			if i != want {
				t.Errorf("call %d went out in place %d", i, want)
			}
			want++
		}
		at := api.times()
		if first := at[0].Sub(start); first < time.Second {
			t.Errorf("first call %v after the 429, inside the hold", first)
		}
		for i := 1; i < len(at); i++ {
			if gap := at[i].Sub(at[i-1]); gap < 240*time.Millisecond {
				t.Errorf("calls %d and %d %v apart, want the learnt ~250ms", i-1, i, gap)
			}
		}
	})
}

// A 429 after a quiet hour (one call in it) slows the pace at most twofold: so few calls say
// how little was asked, not how little Slack allows.
func TestMethodLimitsSlowDownAtMostTwofoldPer429(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	l := &methodLimit{turns: turns.New(200 * time.Millisecond), mark: now.Add(-time.Hour)}
	l.passed()
	l.limited(l.holds, now, time.Second)
	if every := l.turns.Every(); every > 400*time.Millisecond || every < 200*time.Millisecond {
		t.Errorf("spacing %v after one call in an hour and a 429, want at most twice 200ms", every)
	}
	if held := l.turns.HeldUntil(); !held.Equal(now.Add(time.Second)) {
		t.Errorf("held until %v, want the Retry-After", held)
	}
	stale := l.holds - 1
	l.limited(stale, now.Add(10*time.Millisecond), time.Minute)
	if held := l.turns.HeldUntil(); !held.Equal(now.Add(time.Second)) {
		t.Errorf("a 429 to a call sent before the hold moved it to %v", held)
	}
}
