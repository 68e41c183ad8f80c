package slack

import (
	"bytes"
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

const testSecret = "test-signing-secret"

type handlerFunc func(ctx context.Context, req core.Request) (core.Reply, error)

func (f handlerFunc) Handle(ctx context.Context, req core.Request) (core.Reply, error) {
	return f(ctx, req)
}

// echoHandler answers every request with its text in a reply, and records the requests.
type echoHandler struct {
	mu   sync.Mutex
	reqs []core.Request
}

func (h *echoHandler) Handle(_ context.Context, req core.Request) (core.Reply, error) {
	h.mu.Lock()
	h.reqs = append(h.reqs, req)
	h.mu.Unlock()
	vis := core.Public
	if req.Kind == core.KindCommand {
		vis = core.Ephemeral
	}
	return core.Reply{Title: "Echo", Body: "You said: " + req.Text, Visibility: vis,
		Buttons: []core.Button{{ID: "topic:risks", Label: "Risks"}}}, nil
}

func (h *echoHandler) requests() []core.Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]core.Request(nil), h.reqs...)
}

// call is one request the fake Slack API received.
type call struct {
	method string
	form   url.Values
	json   map[string]any
}

// fakeSlack is slacktest's server with chat.* and a response_url recorded.
type fakeSlack struct {
	*slacktest.Server
	calls chan call
	// status429 makes the next n chat.postMessage calls answer 429 with Retry-After:
	// retryAfter seconds ("2" when empty).
	mu         sync.Mutex
	status429  int
	retryAfter string
	// notInChannel makes the next n chat.postMessage calls answer not_in_channel.
	notInChannel int
}

func newFakeSlack(t *testing.T) *fakeSlack {
	t.Helper()
	f := &fakeSlack{calls: make(chan call, 100)}
	record := func(method string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			c := call{method: method}
			if bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
				_ = json.Unmarshal(body, &c.json)
			} else {
				c.form, _ = url.ParseQuery(string(body))
			}
			if method == "chat.postMessage" {
				f.mu.Lock()
				if f.notInChannel > 0 {
					f.notInChannel--
					f.mu.Unlock()
					f.calls <- call{method: "not_in_channel"}
					w.Header().Set("Content-Type", "application/json")
					_, _ = io.WriteString(w, `{"ok":false,"error":"not_in_channel"}`)
					return
				}
				limited, after := f.status429 > 0, f.retryAfter
				if limited {
					f.status429--
				}
				f.mu.Unlock()
				if limited {
					w.Header().Set("Retry-After", cmp.Or(after, "2"))
					w.WriteHeader(http.StatusTooManyRequests)
					f.calls <- call{method: "429"}
					return
				}
			}
			f.calls <- c
			w.Header().Set("Content-Type", "application/json")
			if method == "conversations.join" {
				_, _ = io.WriteString(w, `{"ok":true,"channel":{"id":"C1"}}`)
				return
			}
			_, _ = io.WriteString(w, `{"ok":true,"channel":"C1","ts":"1700000009.000900"}`)
		}
	}
	f.Server = slacktest.NewTestServer(func(c slacktest.Customize) {
		for _, m := range []string{"chat.postMessage", "chat.update", "chat.postEphemeral", "conversations.join"} {
			c.Handle("/"+m, record(m))
		}
		c.Handle("/respond/", record("response_url"))
	})
	f.Start()
	t.Cleanup(f.Stop)
	return f
}

// next waits for the next recorded call; a missing call fails the test after a generous bound.
func (f *fakeSlack) next(t *testing.T) call {
	t.Helper()
	select {
	case c := <-f.calls:
		return c
	case <-time.After(10 * time.Second):
		t.Fatal("no call reached the fake Slack API")
	}
	return call{}
}

// none asserts that nothing reached the fake API once the adapter's work is done.
func (f *fakeSlack) none(t *testing.T) {
	t.Helper()
	select {
	case c := <-f.calls:
		t.Fatalf("unexpected call %s: %v %v", c.method, c.form, c.json)
	default:
	}
}

func newTestAdapter(t *testing.T, o Options) *Adapter {
	t.Helper()
	if o.SigningSecret == "" {
		o.SigningSecret = testSecret
	}
	a, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	return a
}

// signSeq makes uniqueNow's timestamps differ from call to call.
var signSeq atomic.Int64

// uniqueNow is a signing time inside Slack's five-minute window that no other call of this test
// binary got lately, so that two requests with the same body are two deliveries, as they are
// from Slack (each invocation has its own trigger_id), not a replay of one.
func uniqueNow() time.Time {
	return time.Now().Add(-time.Duration(signSeq.Add(1)%240) * time.Second)
}

func sign(r *http.Request, body string, at time.Time) {
	ts := strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(testSecret))
	mac.Write([]byte("v0:" + ts + ":" + body))
	r.Header.Set("X-Slack-Request-Timestamp", ts)
	r.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
}

// post sends a signed request through the adapter's real HTTP handler.
func post(a *Adapter, contentType, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/slack/events", bytes.NewBufferString(body))
	r.Header.Set("Content-Type", contentType)
	sign(r, body, uniqueNow())
	w := httptest.NewRecorder()
	a.HTTPHandler().ServeHTTP(w, r)
	return w
}

const formType = "application/x-www-form-urlencoded"

func commandForm(text, responseURL string) string {
	v := url.Values{"token": {"t"}, "team_id": {"T1"}, "channel_id": {"C1"}, "channel_name": {"general"},
		"user_id": {"U1"}, "user_name": {"ann"}, "command": {"/bigmodel"}, "text": {text},
		"response_url": {responseURL}, "trigger_id": {"1.2.3"}}
	return v.Encode()
}

// decode parses a JSON response body.
func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("response is not JSON: %v: %s", err, b)
	}
	return m
}
