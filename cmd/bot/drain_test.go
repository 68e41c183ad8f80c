package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeSlackAPI is a loopback Slack Web API that answers what the bot calls and records the
// channel of every chat.postMessage.
type fakeSlackAPI struct {
	mu    sync.Mutex
	posts []string
}

func (f *fakeSlackAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	w.Header().Set("Content-Type", "application/json")
	switch strings.TrimPrefix(r.URL.Path, "/api/") {
	case "auth.test":
		fmt.Fprint(w, `{"ok":true,"user_id":"UBOT","team_id":"T1","user":"bot"}`)
	case "users.info":
		fmt.Fprintf(w, `{"ok":true,"user":{"id":%q,"locale":"en-US"}}`, r.Form.Get("user"))
	case "chat.postMessage":
		f.mu.Lock()
		f.posts = append(f.posts, r.Form.Get("channel"))
		n := len(f.posts)
		f.mu.Unlock()
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1700000000.%06d"}`, r.Form.Get("channel"), n)
	default:
		fmt.Fprint(w, `{"ok":true}`)
	}
}

func (f *fakeSlackAPI) delivered() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.posts...)
}

// mention posts a signed app_mention event in channel ch to the bot and wants it acknowledged.
func mention(t *testing.T, u, secret, ch string, n int) {
	t.Helper()
	body := fmt.Sprintf(`{"type":"event_callback","team_id":"T1","event_id":"EvDrain%d","event":{"type":"app_mention",`+
		`"user":"U%d","text":"<@UBOT> risks","ts":"1700000001.%06d","channel":%q}}`, n, n, n, ch)
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":" + body))
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("event %d: HTTP %d", n, res.StatusCode)
	}
}

// On stop (SIGTERM cancels run's context), answers already acknowledged and queued for a
// channel (Slack's pace: a short burst, then one a second) are delivered within
// runtime.drain_timeout before run returns; with a drain too short for all of them, run still
// returns in time and each undelivered answer is logged with its channel.
func TestStopDeliversQueuedAnswersWithinTheDrain(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for Slack's per-channel pace")
	}
	cleanEnv(t)
	for _, tc := range []struct {
		name     string
		drain    string
		mentions int
		wantAll  bool
	}{
		{"all delivered", "10s", 9, true}, // ~6 s at Slack's pace: longer than the old fixed 5 s
		{"drain too short", "1s", 8, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := &fakeSlackAPI{}
			fake := httptest.NewServer(api)
			defer fake.Close()
			const secret = "drain-secret"
			dir := write(t, map[string]string{"bot.yaml": fmt.Sprintf(`http:
  listen: 127.0.0.1:0
store:
  dsn: ':memory:'
slack:
  mode: http
  bot_token: xoxb-drain
  signing_secret: %s
  api_url: %s/api/
runtime:
  drain_timeout: %s
log:
  level: info
  format: json
`, secret, fake.URL, tc.drain)})
			logs := &syncBuffer{}
			c := &cli{stdin: strings.NewReader(""), stdout: logs, stderr: logs}
			cfg, err := c.loadConfig(filepath.Join(dir, "bot.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			a := newApp(c, cfg, "text")
			ctx, stop := context.WithCancel(context.Background())
			defer stop()
			comps, err := a.build(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer a.close()
			done := make(chan error, 1)
			go func() { done <- a.run(ctx, comps) }()
			u := "http://" + a.http.Addr() + "/slack/events"
			for i := range tc.mentions {
				mention(t, u, secret, "CDRAIN", i)
			}
			start := time.Now()
			stop() // as SIGTERM does
			drain, _ := time.ParseDuration(tc.drain)
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("run: %v", err)
				}
			case <-time.After(drain + stopMargin + 2*time.Second):
				t.Fatalf("run did not return within the drain and margin:\n%s", logs)
			}
			took := time.Since(start)
			got := api.delivered()
			var lost int
			for _, line := range bytes.Split([]byte(logs.String()), []byte("\n")) {
				var rec map[string]any
				if json.Unmarshal(line, &rec) == nil && rec["msg"] == "answer not delivered" {
					if rec["channel"] != "CDRAIN" {
						t.Errorf("undelivered answer logged without its channel: %s", line)
					}
					lost++
				}
			}
			t.Logf("%s: %d of %d answers delivered, %d logged undelivered, stopped in %v",
				tc.name, len(got), tc.mentions, lost, took.Round(time.Millisecond))
			if tc.wantAll && (len(got) != tc.mentions || lost != 0) {
				t.Errorf("delivered %d of %d (%d lost), want all:\n%s", len(got), tc.mentions, lost, logs)
			}
			if !tc.wantAll {
				if lost == 0 || len(got)+lost != tc.mentions {
					t.Errorf("delivered %d + logged lost %d, want %d in all with some lost:\n%s", len(got), lost, tc.mentions, logs)
				}
				if took > drain+stopMargin {
					t.Errorf("stopping took %v with a %v drain", took, drain)
				}
			}
		})
	}
}
