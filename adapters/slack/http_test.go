package slack

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestRequestsWithoutAValidSignatureAreRefused(t *testing.T) {
	h := &echoHandler{}
	a := newTestAdapter(t, Options{Handler: h})
	body := commandForm("risks", "https://hooks.slack.com/commands/1")
	cases := []struct {
		name   string
		mutate func(r *http.Request)
		want   int
	}{
		{"valid", func(*http.Request) {}, 200},
		{"forged signature", func(r *http.Request) { r.Header.Set("X-Slack-Signature", "v0="+strings.Repeat("ab", 32)) }, 401},
		{"signature not hex", func(r *http.Request) { r.Header.Set("X-Slack-Signature", "v0=zz") }, 401},
		{"no signature", func(r *http.Request) { r.Header.Del("X-Slack-Signature") }, 401},
		{"no timestamp", func(r *http.Request) { r.Header.Del("X-Slack-Request-Timestamp") }, 401},
		{"six minutes old", func(r *http.Request) { sign(r, body, time.Now().Add(-6*time.Minute)) }, 401},
		{"six minutes ahead", func(r *http.Request) { sign(r, body, time.Now().Add(6*time.Minute)) }, 401},
		{"body changed after signing", func(r *http.Request) {
			r.Body = httpBody(strings.Replace(body, "risks", "funding", 1))
		}, 401},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/slack/events", strings.NewReader(body))
			r.Header.Set("Content-Type", formType)
			sign(r, body, uniqueNow())
			c.mutate(r)
			w := httptest.NewRecorder()
			a.HTTPHandler().ServeHTTP(w, r)
			if w.Code != c.want {
				t.Fatalf("status %d, want %d (%s)", w.Code, c.want, w.Body)
			}
		})
	}
	if n := len(h.requests()); n != 1 {
		t.Errorf("core saw %d requests, want only the valid one", n)
	}
}

func httpBody(s string) *bodyReader { return &bodyReader{strings.NewReader(s)} }

type bodyReader struct{ *strings.Reader }

func (bodyReader) Close() error { return nil }

func TestOversizedBodyAndWrongMethod(t *testing.T) {
	a := newTestAdapter(t, Options{Handler: &echoHandler{}})
	big := "text=" + strings.Repeat("a", maxBody+10)
	w := post(a, formType, big)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: status %d, want 413", w.Code)
	}
	r := httptest.NewRequest(http.MethodGet, "/slack/events", nil)
	rw := httptest.NewRecorder()
	a.HTTPHandler().ServeHTTP(rw, r)
	if rw.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d, want 405", rw.Code)
	}
	if w := post(a, formType, "token=t&ssl_check=1"); w.Code != http.StatusOK {
		t.Errorf("ssl_check: status %d, want 200", w.Code)
	}
	if w := post(a, formType, "foo=bar"); w.Code != http.StatusBadRequest {
		t.Errorf("signed form that is neither command nor interaction: status %d, want 400", w.Code)
	}
}

func TestURLVerificationEchoesTheChallenge(t *testing.T) {
	a := newTestAdapter(t, Options{Handler: &echoHandler{}})
	w := post(a, "application/json", `{"type":"url_verification","token":"t","challenge":"chal-123"}`)
	if w.Code != 200 || decode(t, w.Body.Bytes())["challenge"] != "chal-123" {
		t.Fatalf("got %d %s", w.Code, w.Body)
	}
}

func TestResponseURLOutsideSlackIsRefused(t *testing.T) {
	a := newTestAdapter(t, Options{Handler: &echoHandler{}})
	for _, u := range []string{"http://hooks.slack.com/x", "https://evil.example/slack.com", "https://slack.com.evil.example/", "file:///etc/passwd"} {
		if a.allowedResponseURL(u) {
			t.Errorf("%s accepted", u)
		}
	}
	if !a.allowedResponseURL("https://hooks.slack.com/commands/T1/1/x") {
		t.Error("Slack's own hook refused")
	}
}
