package slack

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/store/postgres"
	"github.com/bigmodel-bot/bigmodel-bot/store/postgres/pgtest"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// capture is one signed request as it went over the wire, to be sent again byte for byte.
type capture struct {
	body, ts, sig string
}

func captureOf(body string, at time.Time) capture {
	r := httptest.NewRequest(http.MethodPost, "/slack/events", nil)
	sign(r, body, at)
	return capture{body: body, ts: r.Header.Get("X-Slack-Request-Timestamp"), sig: r.Header.Get("X-Slack-Signature")}
}

func (c capture) send(t *testing.T, url string) (int, string) {
	t.Helper()
	r, err := http.NewRequest(http.MethodPost, url, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", formType)
	r.Header.Set("X-Slack-Request-Timestamp", c.ts)
	r.Header.Set("X-Slack-Signature", c.sig)
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// Two replicas share one store, SQLite (one file) or PostgreSQL (one database): a captured
// request replayed to either, within the signature window, is acknowledged but not run again;
// a fresh invocation of the same command (new timestamp, signature and trigger_id) runs.
func TestReplayedRequestsAreAcknowledgedNotRun(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "bot.db")
		testReplays(t, func() (EventDedup, func() error, error) {
			s, err := sqlite.Open(context.Background(), path)
			if err != nil {
				return nil, nil, err
			}
			return s, s.Close, nil
		})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := pgtest.Start(t).NewDatabase(t)
		testReplays(t, func() (EventDedup, func() error, error) {
			s, err := postgres.Open(context.Background(), dsn)
			if err != nil {
				return nil, nil, err
			}
			return s, s.Close, nil
		})
	})
}

// testReplays runs the replay table against two replicas, each with a store from open.
func testReplays(t *testing.T, open func() (EventDedup, func() error, error)) {
	var runs sync.Map // request text -> *atomic.Int32
	count := func(text string) int32 {
		v, _ := runs.LoadOrStore(text, new(atomic.Int32))
		return v.(*atomic.Int32).Load()
	}
	handler := handlerFunc(func(_ context.Context, req core.Request) (core.Reply, error) {
		key := req.Text
		if req.Kind == core.KindAction {
			key = "action:" + req.ActionID
		}
		v, _ := runs.LoadOrStore(key, new(atomic.Int32))
		v.(*atomic.Int32).Add(1)
		vis := core.Ephemeral
		if strings.Contains(req.Text, "share") {
			vis = core.Public
		}
		return core.Reply{Title: "T", Body: "answer to " + req.Text, Visibility: vis}, nil
	})
	var urls []string
	for range 2 {
		st, closeStore, err := open()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { closeStore() })
		a := newTestAdapter(t, Options{Handler: handler, Dedup: st})
		srv := httptest.NewServer(a.HTTPHandler())
		t.Cleanup(srv.Close)
		urls = append(urls, srv.URL+"/slack/events")
	}
	now := time.Now()
	form := func(text, trigger string) string {
		return url.Values{"team_id": {"T1"}, "channel_id": {"C1"}, "channel_name": {"general"}, "user_id": {"U1"},
			"user_name": {"ann"}, "command": {"/bigmodel"}, "text": {text}, "trigger_id": {trigger}}.Encode()
	}
	quiz := captureOf(form("quiz", "1.1.q1"), now)
	share := captureOf(form("risks share", "1.1.s1"), now.Add(-time.Second))
	button := captureOf(url.Values{"payload": {`{"type":"block_actions","team":{"id":"T1"},"user":{"id":"U1"},` +
		`"channel":{"id":"C1"},"container":{"type":"message","message_ts":"1.1","channel_id":"C1"},` +
		`"actions":[{"action_id":"feedback:up","block_id":"b1","type":"button"}]}`}}.Encode(), now)

	for _, tc := range []struct {
		name      string
		req       capture
		to        int // replica
		key       string
		wantRuns  int32
		wantEmpty bool // the answer must not be an in_channel ack again
	}{
		{"quiz", quiz, 0, "quiz", 1, false},
		{"quiz replayed to the same replica", quiz, 0, "quiz", 1, false},
		{"quiz replayed to the other replica", quiz, 1, "quiz", 1, false},
		{"quiz replayed again", quiz, 0, "quiz", 1, false},
		{"fresh quiz, same text", captureOf(form("quiz", "1.1.q2"), now.Add(-2*time.Second)), 1, "quiz", 2, false},
		{"public share", share, 0, "risks share", 1, false},
		{"public share replayed", share, 0, "risks share", 1, true},
		{"button", button, 1, "action:feedback:up", 1, false},
		{"button replayed", button, 0, "action:feedback:up", 1, false},
	} {
		code, body := tc.req.send(t, urls[tc.to])
		if code != http.StatusOK {
			t.Fatalf("%s: HTTP %d %s", tc.name, code, body)
		}
		if tc.wantEmpty && strings.Contains(body, "in_channel") {
			t.Errorf("%s: answered with a public ack again: %s", tc.name, body)
		}
		deadline := time.Now().Add(2 * time.Second)
		for count(tc.key) < tc.wantRuns && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond) // a button runs after its ack
		}
		time.Sleep(20 * time.Millisecond) // room for a wrong extra run to show
		if got := count(tc.key); got != tc.wantRuns {
			t.Errorf("%s: %q ran %d times, want %d", tc.name, tc.key, got, tc.wantRuns)
		}
	}
}

// A replayed ephemeral slash command gets the ack the first delivery got, from the replica
// that answered it: a client resending identical requests still reads answers, nothing runs.
func TestReplayOfAnEphemeralAckRepeatsIt(t *testing.T) {
	var n atomic.Int32
	a := newTestAdapter(t, Options{Handler: handlerFunc(func(context.Context, core.Request) (core.Reply, error) {
		n.Add(1)
		return core.Reply{Title: "Risks", Body: "the risks", Visibility: core.Ephemeral}, nil
	})})
	c := captureOf(commandForm("risks", ""), time.Now())
	var bodies []string
	for range 3 {
		r := httptest.NewRequest(http.MethodPost, "/slack/events", bytes.NewBufferString(c.body))
		r.Header.Set("Content-Type", formType)
		r.Header.Set("X-Slack-Request-Timestamp", c.ts)
		r.Header.Set("X-Slack-Signature", c.sig)
		w := httptest.NewRecorder()
		a.HTTPHandler().ServeHTTP(w, r)
		if w.Code != 200 {
			t.Fatalf("HTTP %d", w.Code)
		}
		bodies = append(bodies, w.Body.String())
	}
	if n.Load() != 1 {
		t.Errorf("core ran %d times, want 1", n.Load())
	}
	if bodies[0] == "" || bodies[1] != bodies[0] || bodies[2] != bodies[0] {
		t.Errorf("replays answered %q, want the first ack %q", bodies[1:], bodies[0])
	}
}

// Identical requests arriving at once (a client resending before the first answer): one runs,
// every copy gets its answer, none is empty.
func TestConcurrentIdenticalRequestsRunOnce(t *testing.T) {
	var n atomic.Int32
	release := make(chan struct{})
	a := newTestAdapter(t, Options{Handler: handlerFunc(func(context.Context, core.Request) (core.Reply, error) {
		n.Add(1)
		<-release
		return core.Reply{Title: "Risks", Body: "the risks", Visibility: core.Ephemeral}, nil
	})})
	srv := httptest.NewServer(a.HTTPHandler())
	defer srv.Close()
	c := captureOf(commandForm("risks", ""), time.Now())
	var wg sync.WaitGroup
	bodies := make([]string, 20)
	for i := range bodies {
		wg.Go(func() {
			code, body := c.send(t, srv.URL)
			if code != 200 {
				t.Errorf("copy %d: HTTP %d", i, code)
			}
			bodies[i] = body
		})
	}
	time.Sleep(100 * time.Millisecond) // every copy is in
	close(release)
	wg.Wait()
	if n.Load() != 1 {
		t.Errorf("core ran %d times, want 1", n.Load())
	}
	for i, b := range bodies {
		if !strings.Contains(b, "the risks") {
			t.Errorf("copy %d answered %q", i, b)
		}
	}
}
