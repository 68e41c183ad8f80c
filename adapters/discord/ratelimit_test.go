package discord

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/internal/memnet"
)

// arrivals is a fake REST API that answers the first `refuse` requests with a global 429
// (retry_after in the body, whole seconds in the header, as Discord sends them) and records
// when each request arrived and at which path.
type arrivals struct {
	mu     sync.Mutex
	refuse int
	at     []time.Time
	paths  []string
}

func (a *arrivals) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	a.mu.Lock()
	a.at = append(a.at, time.Now())
	a.paths = append(a.paths, r.URL.Path)
	refuse := a.refuse > 0
	a.refuse--
	a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if refuse {
		w.Header().Set("Retry-After", "1")
		w.Header().Set("X-RateLimit-Global", "true")
		w.Header().Set("X-RateLimit-Scope", "global")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"message":"You are being rate limited.","retry_after":0.4,"global":true}`)
		return
	}
	_, _ = io.WriteString(w, `{"id":"1","channel_id":"1"}`)
}

func (a *arrivals) times() ([]time.Time, []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]time.Time(nil), a.at...), append([]string(nil), a.paths...)
}

func get(t *testing.T, rt http.RoundTripper, path string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, "http://discord.test/api/v9"+path, nil)
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// 120 requests at once go out evenly spaced: no one-second window holds more than the rate.
func TestGlobalLimitSpacesRequests(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &arrivals{}
		client, stop := memnet.Server(api)
		defer stop()
		g := newGlobalLimit(client.Transport, 49)
		var wg sync.WaitGroup
		for range 120 {
			wg.Go(func() { get(t, g, "/channels/1/messages").Body.Close() })
		}
		wg.Wait()
		at, _ := api.times()
		for i := range at {
			n := 0
			for j := i; j < len(at) && at[j].Sub(at[i]) < time.Second; j++ {
				n++
			}
			if n > 50 {
				t.Fatalf("%d requests within a second from request %d", n, i)
			}
		}
		if took := at[len(at)-1].Sub(at[0]); took > 120*time.Second/49+time.Second/49 {
			t.Errorf("120 requests took %v at 49/s", took)
		}
	})
}

// After a global 429 no request goes out until its retry_after (the body's precise 0.4 s,
// not the header's rounded second), interaction responses excepted, and the 429's body still
// reaches discordgo.
func TestGlobalLimitHoldsEveryRequestAfterAGlobal429(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		api := &arrivals{refuse: 1}
		client, stop := memnet.Server(api)
		defer stop()
		g := newGlobalLimit(client.Transport, 49)
		start := time.Now()
		resp := get(t, g, "/channels/1/messages")
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(body), `"retry_after":0.4`) {
			t.Fatalf("429 passed on as %d %s", resp.StatusCode, body)
		}
		var wg sync.WaitGroup
		for _, p := range []string{"/channels/2/messages", "/channels/3/messages", "/interactions/9/tok/callback"} {
			wg.Go(func() { get(t, g, p).Body.Close() })
		}
		wg.Wait()
		at, paths := api.times()
		for i := 1; i < len(at); i++ {
			held := at[i].Sub(start) >= 400*time.Millisecond
			if exempt := strings.Contains(paths[i], "/interactions/"); held == exempt {
				t.Errorf("%s went out %v after the global 429 (retry_after 0.4 s)", paths[i], at[i].Sub(start))
			}
			if at[i].Sub(start) > time.Second {
				t.Errorf("%s held %v: the header's whole second, not the body's 0.4 s", paths[i], at[i].Sub(start))
			}
		}
	})
}

// A post refused by its route bucket is retried by the adapter after retry_after, and a post
// whose context ends while it waits gives up with that error instead of sleeping on.
func TestPostWaitsOutRoute429sWithinItsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		lim := realDiscordLimits
		lim.Route = 1
		fake := newLimitedDiscord(lim, 0)
		client, stop := memnet.Server(fake)
		defer stop()
		a, err := New(Options{Handler: &fakeHandler{}, Token: "t", APIURL: "http://discord.test/api/v10", HTTPClient: client})
		if err != nil {
			t.Fatal(err)
		}
		ch := core.ChannelKey{Platform: "discord", Channel: "7"}
		start := time.Now()
		for range 2 {
			if _, err := a.Post(context.Background(), ch, core.Reply{Body: "quiz"}); err != nil {
				t.Fatal(err)
			}
		}
		if took := time.Since(start); took < lim.RouteWindow {
			t.Errorf("two posts to a channel allowing one per %v took %v", lim.RouteWindow, took)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		before := time.Now()
		if _, err := a.Post(ctx, ch, core.Reply{Body: "quiz"}); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("post with 1 s left in a 5 s window: %v", err)
		}
		if took := time.Since(before); took > time.Second {
			t.Errorf("a post with a 1 s deadline returned after %v", took)
		}
		if s := fake.stats(); s.Posts != 2 {
			t.Errorf("%d posts", s.Posts)
		}
	})
}
