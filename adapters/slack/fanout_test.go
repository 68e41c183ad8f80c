package slack

import (
	"context"
	"io"
	"log/slog"
	"math"
	"net/http"
	"os"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/slack-go/slack/slacktest"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/internal/memnet"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// fanout is the outcome of one quiz fan-out: n channels due at once, posted by the real quiz
// engine (its worker pool, a SQLite store) through the adapter to the limited fake.
type fanout struct {
	slackStats
	Start     time.Time
	Untracked int // channels whose post has no message id in the store
}

// rate is the posts per second from the moment the channels were due to the last post.
func (f fanout) rate() float64 { return float64(f.Posts) / f.Last.Sub(f.Start).Seconds() }

// allowedRate is the most a fan-out of n channels (one post each) can reach under lim: the
// workspace burst at once, then the workspace rate.
func allowedRate(lim slackLimits, n int) float64 {
	if n <= lim.WorkspaceBurst {
		return math.Inf(1)
	}
	return float64(n) / (float64(n-lim.WorkspaceBurst) / lim.WorkspacePerSecond)
}

// runFanout subscribes n channels due now, runs the engine until the fake has n posts (or
// timeout passes), stops it and checks the store.
func runFanout(tb testing.TB, client *http.Client, apiURL string, fake *limitedSlack, n int, timeout time.Duration, mod func(*Adapter)) fanout {
	tb.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := New(Options{Handler: &echoHandler{}, BotToken: "xoxb-fanout", SigningSecret: testSecret, APIURL: apiURL,
		HTTPClient: client, Logger: quiet})
	if err != nil {
		tb.Fatal(err)
	}
	defer a.Close()
	if mod != nil {
		mod(a)
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
		chans[i] = core.ChannelKey{Platform: Platform, Workspace: "T1", Channel: "C" + strconv.Itoa(100000+i)}
		if err := st.Subscribe(ctx, quiz.Subscription{Channel: chans[i], Spec: spec, Lang: knowledge.EN, NextDue: due, By: "U1"}); err != nil {
			tb.Fatal(err)
		}
	}
	base, err := knowledge.Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	// Reveals an hour later would post to the channels again: keep them out of the count.
	// The lease covers a post's wait behind the other 31 workers at the slowest pace tested
	// (60 a minute: 32 s); the default 15 s covers paces from about 2.5 a second.
	e := quiz.New(quiz.Options{Base: base, Store: st, Poster: a, Logger: quiet, RevealAfter: 24 * time.Hour, Lease: 45 * time.Second})
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
	res.slackStats = fake.stats()
	for _, ch := range chans {
		if p, ok, err := st.LatestOpenPost(ctx, ch); err != nil || !ok || p.MessageID == "" {
			res.Untracked++
		}
	}
	return res
}

// TestQuizFanOutWithinSlackLimits posts channels due in the same minute against the limited
// fake, in virtual time: every channel once, every post tracked, at no less than 80% of what
// the workspace cap allows, and few 429s. Once with the cap as
// modelled (300 a minute), once with a workspace that allows only 60 a minute, where a quiz
// waits for minutes behind the others.
//
// FANOUT_N sets the channels of the first case, the second scaled alike (10000: the full scale
// at the modelled cap, and 3,333 at 60 a minute, still in virtual time).
func TestQuizFanOutWithinSlackLimits(t *testing.T) {
	k := envFloat(t, "FANOUT_N", 600) / 600
	slow := realSlackLimits
	slow.WorkspacePerSecond, slow.WorkspaceBurst = 1, 10
	for _, c := range []struct {
		name string
		lim  slackLimits
		n    int
	}{
		{"300 a minute", realSlackLimits, int(600 * k)},
		{"60 a minute", slow, int(200 * k)},
	} {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				fake := newLimitedSlack(c.lim, c.n)
				client, stop := memnet.Server(fake)
				defer stop()
				res := runFanout(t, client, "http://slack.test/api/", fake, c.n, 10*time.Hour, nil)
				allowed := allowedRate(c.lim, c.n)
				t.Logf("%d posts in %v: %.2f/s of %.2f/s allowed (%.0f%%); %d requests, %d 429s",
					res.Posts, res.Last.Sub(res.Start), res.rate(), allowed, 100*res.rate()/allowed, res.Requests, res.Limited)
				if res.Channels != c.n || res.Duplicates != 0 || res.Untracked != 0 {
					t.Errorf("%d of %d channels posted, %d duplicates, %d untracked", res.Channels, c.n, res.Duplicates, res.Untracked)
				}
				if res.rate() < 0.8*allowed {
					t.Errorf("fan-out at %.2f posts/s, want at least 80%% of %.2f/s", res.rate(), allowed)
				}
				// The workers' posts in flight when the first 429 comes are refused before the
				// adapter can know the cap (how many are in flight varies from run to run), a
				// few more while the first estimate, made from the burst, settles; after that,
				// a few probes for more.
				if max429 := 2*quiz.DefaultWorkers + c.n/20; res.Limited > max429 {
					t.Errorf("%d requests refused with 429 for %d posts, want at most %d", res.Limited, c.n, max429)
				}
			})
		})
	}
}

// BenchmarkQuizFanOutSlack posts 10,000 channels due at once through the engine and the
// adapter to slacktest's server on loopback, its chat.postMessage replaced by the limited fake,
// in real time. FANOUT_SCALE (default 50) speeds the world up: the fake's limits, latency and
// Retry-After, and the adapter's per-channel pacing and shortest hold, are scaled by it, so a
// run takes about
// 10,000/(5*scale) s; FANOUT_SCALE=1 is the workspace cap as modelled (over half an hour).
// FANOUT_LATENCY (default 300ms, before scaling) is the API's round trip. It reports the rate
// reached in Slack's terms (posts/s divided by the scale) and as a share of the allowed rate.
func BenchmarkQuizFanOutSlack(b *testing.B) {
	const n = 10000
	scale := envFloat(b, "FANOUT_SCALE", 50)
	latency := envDuration(b, "FANOUT_LATENCY", 300*time.Millisecond)
	lim := realSlackLimits
	lim.ChannelEvery = time.Duration(float64(lim.ChannelEvery) / scale)
	lim.WorkspacePerSecond *= scale
	lim.Latency = time.Duration(float64(latency) / scale)
	lim.TimeScale = scale
	b.StopTimer()
	var last fanout
	for range b.N {
		fake := newLimitedSlack(lim, n)
		srv := slacktest.NewTestServer(func(c slacktest.Customize) { c.Handle("/chat.postMessage", fake.ServeHTTP) })
		srv.Start()
		timeout := time.Duration(float64(4*time.Hour) / scale)
		last = runFanout(b, &http.Client{Timeout: 15 * time.Second}, srv.GetAPIURL(), fake, n, timeout, func(a *Adapter) {
			a.pacer = newPacer(lim.ChannelEvery, lim.ChannelBurst, 10000)
			a.limits.minHold = time.Duration(float64(time.Second) / scale)
		})
		srv.Stop()
		if last.Channels != n || last.Duplicates != 0 || last.Untracked != 0 {
			b.Errorf("%d of %d channels posted, %d duplicates, %d untracked", last.Channels, n, last.Duplicates, last.Untracked)
		}
	}
	allowed := allowedRate(realSlackLimits, n)
	rate := last.rate() / scale
	b.ReportMetric(rate, "posts/s")
	b.ReportMetric(100*rate/allowed, "%allowed")
	b.ReportMetric(float64(last.Limited), "429s")
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

func envDuration(tb testing.TB, name string, def time.Duration) time.Duration {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		tb.Fatalf("%s=%q: want a duration", name, v)
	}
	return d
}
