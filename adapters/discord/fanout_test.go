package discord

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/internal/memnet"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// fanout is the outcome of one quiz fan-out: n channels due at once, posted by the real quiz
// engine (its worker pool, a SQLite store) through the adapter to a limited fake.
type fanout struct {
	discordStats
	Start     time.Time
	Untracked int // channels whose post has no message id in the store
}

// rate is the posts per second from the moment the channels were due to the last post.
func (f fanout) rate() float64 {
	return float64(f.Posts) / f.Last.Sub(f.Start).Seconds()
}

// runFanout subscribes n channels due now, runs the engine until the fake has n posts (or
// timeout passes), stops it and checks the store.
func runFanout(tb testing.TB, client *http.Client, apiURL string, fake *limitedDiscord, n int, timeout time.Duration, mod func(*Options)) fanout {
	tb.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	o := Options{Handler: &fakeHandler{}, Token: "fanout", APIURL: apiURL, HTTPClient: client, Logger: quiet}
	if mod != nil {
		mod(&o)
	}
	a, err := New(o)
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	due := time.Now().Truncate(time.Minute)
	spec := "daily " + due.UTC().Format("15:04")
	chans := make([]core.ChannelKey, n)
	for i := range chans {
		chans[i] = core.ChannelKey{Platform: "discord", Workspace: "G1", Channel: strconv.Itoa(900000 + i)}
		if err := st.Subscribe(ctx, quiz.Subscription{Channel: chans[i], Spec: spec, Lang: knowledge.EN, NextDue: due, By: "U1"}); err != nil {
			tb.Fatal(err)
		}
	}
	base, err := knowledge.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	// Reveals an hour later would post to the channels again: keep them out of the count.
	e := quiz.New(quiz.Options{Base: base, Store: st, Poster: a, Logger: quiet, RevealAfter: 24 * time.Hour})
	res := fanout{Start: time.Now()}
	if b, ok := tb.(*testing.B); ok {
		b.StartTimer()
		defer b.StopTimer()
	}
	runCtx, cancel := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- e.Run(runCtx) }()
	select {
	case <-fake.done:
	case <-time.After(timeout):
	}
	cancel()
	if err := <-ran; err != nil {
		tb.Errorf("engine: %v", err)
	}
	res.discordStats = fake.stats()
	for _, ch := range chans {
		if p, ok, err := st.LatestOpenPost(ctx, ch); err != nil || !ok || p.MessageID == "" {
			res.Untracked++
		}
	}
	return res
}

// TestQuizFanOutWithinDiscordLimits posts 600 channels due in the same minute, in virtual time:
// every channel once, every post tracked, at no less than 80% of the global rate the fake
// allows, and few 429s (10,000 invalid requests in 10 minutes get a bot's IP banned). Once
// with Discord's limits, once with a fake that allows half what the adapter assumes (a bot
// whose limit is shared or lowered), where the global 429s must hold every request.
//
// FANOUT_N sets the number of channels (10000: the full scale, still in virtual time).
func TestQuizFanOutWithinDiscordLimits(t *testing.T) {
	n := int(envFloat(t, "FANOUT_N", 600))
	half := realDiscordLimits
	half.Global = 25
	slow := realDiscordLimits
	slow.Latency = 500 * time.Millisecond
	for _, c := range []struct {
		name   string
		lim    discordLimits
		max429 int
	}{
		{"discord's limits", realDiscordLimits, n / 100},
		// At most about one refused request per second: the one that finds the window full.
		{"half the global limit assumed", half, 2 * n / half.Global},
		// 50 a second at 500 ms each is 25 posts in flight: the engine's workers must cover it.
		{"500 ms round trips", slow, n / 100},
	} {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fake := newLimitedDiscord(c.lim, n)
				client, stop := memnet.Server(fake)
				defer stop()
				res := runFanout(t, client, "http://discord.test/api/v10", fake, n, 10*time.Hour, nil)
				allowed := float64(c.lim.Global)
				t.Logf("%d posts in %v: %.1f/s of %.0f/s allowed (%.0f%%); %d requests, %d global and %d route 429s",
					res.Posts, res.Last.Sub(res.Start), res.rate(), allowed, 100*res.rate()/allowed, res.Requests, res.Global429, res.Route429)
				if res.Channels != n || res.Duplicates != 0 || res.Untracked != 0 {
					t.Errorf("%d of %d channels posted, %d duplicates, %d untracked", res.Channels, n, res.Duplicates, res.Untracked)
				}
				if res.rate() < 0.8*allowed {
					t.Errorf("fan-out at %.1f posts/s, want at least 80%% of %.0f/s", res.rate(), allowed)
				}
				if bad := res.Global429 + res.Route429; bad > c.max429 {
					t.Errorf("%d requests refused with 429 for %d posts, want at most %d", bad, n, c.max429)
				}
			})
		})
	}
}

// BenchmarkQuizFanOutDiscord posts 10,000 channels due at once through the engine and the
// adapter to the limited fake on loopback, in real time. FANOUT_SCALE (default 4) speeds the
// world up: the fake's limits and latency, and the adapter's global rate, are scaled by it,
// so a run takes 10,000/(49*scale) s; FANOUT_SCALE=1 is Discord as it is (3.5 minutes).
// Faster scales measure the machine more than the limits: at 10 (490 posts a second, on 2
// cores) claiming the next batch in SQLite can take longer than the workers need to drain the
// queue. FANOUT_LATENCY (default 100ms, before scaling) is the API's round trip. It reports
// the rate reached in Discord's terms (posts/s divided by the scale) and as a share of the
// allowed 50/s.
func BenchmarkQuizFanOutDiscord(b *testing.B) {
	const n = 10000
	scale := envFloat(b, "FANOUT_SCALE", 4)
	latency := 100 * time.Millisecond
	if v := os.Getenv("FANOUT_LATENCY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatal(err)
		}
		latency = d
	}
	lim := discordLimits{
		Global:      int(float64(realDiscordLimits.Global) * scale),
		Route:       realDiscordLimits.Route,
		RouteWindow: time.Duration(float64(realDiscordLimits.RouteWindow) / scale),
		Latency:     time.Duration(float64(latency) / scale),
	}
	b.StopTimer()
	var last fanout
	for range b.N {
		fake := newLimitedDiscord(lim, n)
		srv := httptest.NewServer(fake)
		timeout := time.Duration(float64(10*time.Minute) / scale)
		last = runFanout(b, srv.Client(), srv.URL+"/api/v10", fake, n, timeout, func(o *Options) {
			o.GlobalRate = float64(defaultGlobalRate) * scale
		})
		srv.Close()
		if last.Channels != n || last.Duplicates != 0 || last.Untracked != 0 {
			b.Errorf("%d of %d channels posted, %d duplicates, %d untracked", last.Channels, n, last.Duplicates, last.Untracked)
		}
	}
	rate := last.rate() / scale
	b.ReportMetric(rate, "posts/s")
	b.ReportMetric(100*rate/float64(realDiscordLimits.Global), "%allowed")
	b.ReportMetric(float64(last.Global429+last.Route429), "429s")
	b.ReportMetric(0, "ns/op")
}

func envFloat(tb testing.TB, name string, def float64) float64 {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f <= 0 {
		tb.Fatalf("%s=%q: want a positive number", name, v)
	}
	return f
}
