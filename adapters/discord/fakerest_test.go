package discord

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// call is one request the bot made to the fake Discord REST API.
type call struct {
	Method, Path, Query, Auth string
	Body                      map[string]any
	Raw                       string
}

// fakeREST is an httptest server speaking Discord's REST wire format for the routes the bot
// uses; an adapter reaches it through Options.APIURL (see at).
type fakeREST struct {
	srv   *httptest.Server
	calls chan call
	mu    sync.Mutex
	// status429 makes the next n calls to a path suffix answer 429 with a short retry_after.
	status429 map[string]int
	nextID    int
	upgrade   http.Handler // the fake gateway, for websocket requests
	// nonces maps a channel and nonce sent with enforce_nonce to the message it created, as
	// Discord does: the same nonce again returns that message.
	nonces map[string]int
}

func newFakeREST(t *testing.T) *fakeREST {
	t.Helper()
	f := &fakeREST{calls: make(chan call, 1000), status429: map[string]int{}, nextID: 5000, nonces: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// at points an adapter's options at the fake.
func (f *fakeREST) at(o *Options) { o.APIURL = f.srv.URL + "/api/v10" }

func (f *fakeREST) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Upgrade") == "websocket" && f.upgrade != nil {
		f.upgrade.ServeHTTP(w, r)
		return
	}
	raw, _ := io.ReadAll(r.Body)
	c := call{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Auth: r.Header.Get("Authorization"), Raw: string(raw)}
	_ = json.Unmarshal(raw, &c.Body)
	f.mu.Lock()
	for suffix, n := range f.status429 {
		if n > 0 && strings.HasSuffix(r.URL.Path, suffix) {
			f.status429[suffix] = n - 1
			f.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"message":"You are being rate limited.","retry_after":0.001,"global":false}`)
			f.calls <- c
			return
		}
	}
	f.nextID++
	id := f.nextID
	if nonce, _ := c.Body["nonce"].(string); nonce != "" && c.Body["enforce_nonce"] == true {
		key := r.URL.Path + "#" + nonce
		if first, ok := f.nonces[key]; ok {
			id = first
		} else {
			f.nonces[key] = id
		}
	}
	f.mu.Unlock()
	f.calls <- c
	w.Header().Set("Content-Type", "application/json")
	p := r.URL.Path
	switch {
	case strings.HasSuffix(p, "/gateway") || strings.HasSuffix(p, "/gateway/bot"):
		_, _ = io.WriteString(w, `{"url":"ws://`+f.srv.Listener.Addr().String()+`","shards":1}`)
	case strings.HasSuffix(p, "/commands") && r.Method == http.MethodPut:
		_, _ = w.Write(raw)
	case r.Method == http.MethodDelete || strings.HasSuffix(p, "/callback"):
		w.WriteHeader(http.StatusNoContent)
	default:
		channel := "C1"
		if i := strings.Index(p, "/channels/"); i >= 0 {
			channel = strings.SplitN(p[i+len("/channels/"):], "/", 2)[0]
		}
		_, _ = io.WriteString(w, `{"id":"`+itoa(id)+`","channel_id":"`+channel+`","content":""}`)
	}
}

func itoa(n int) string {
	b := []byte{}
	for n > 0 || len(b) == 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// next waits for the bot's next REST call. The timeout only guards against a hung test; the
// code under test never waits on real time.
func (f *fakeREST) next(t *testing.T) call {
	t.Helper()
	select {
	case c := <-f.calls:
		return c
	case <-time.After(10 * time.Second):
		t.Fatal("no REST call from the bot")
		return call{}
	}
}

// none asserts that the bot made no REST call so far.
func (f *fakeREST) none(t *testing.T) {
	t.Helper()
	select {
	case c := <-f.calls:
		t.Fatalf("unexpected REST call %s %s", c.Method, c.Path)
	default:
	}
}

// mentionsOff asserts the message body disables every mention.
func mentionsOff(t *testing.T, c call) {
	t.Helper()
	if !strings.Contains(c.Raw, `"allowed_mentions":{"parse":[]`) {
		t.Errorf("%s %s without allowed_mentions none: %s", c.Method, c.Path, c.Raw)
	}
}
