package discord

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

func TestHTTPRejectsForgedAndStaleRequests(t *testing.T) {
	e := newEnv(t, nil)
	ping := `{"type":1,"id":"1","application_id":"A1","token":"t"}`
	cases := []struct {
		name   string
		mutate func(r *http.Request)
		method string
		want   int
	}{
		{name: "valid ping", want: http.StatusOK},
		{name: "bad signature", mutate: func(r *http.Request) {
			s := []byte(r.Header.Get("X-Signature-Ed25519"))
			if s[0] == '0' {
				s[0] = '1'
			} else {
				s[0] = '0'
			}
			r.Header.Set("X-Signature-Ed25519", string(s))
		}, want: http.StatusUnauthorized},
		{name: "no signature", mutate: func(r *http.Request) { r.Header.Del("X-Signature-Ed25519") }, want: http.StatusUnauthorized},
		{name: "no timestamp", mutate: func(r *http.Request) { r.Header.Del("X-Signature-Timestamp") }, want: http.StatusUnauthorized},
		{name: "signature not hex", mutate: func(r *http.Request) {
			r.Header.Set("X-Signature-Ed25519", strings.Repeat("zz", 64))
		}, want: http.StatusUnauthorized},
		{name: "other timestamp than signed", mutate: func(r *http.Request) {
			r.Header.Set("X-Signature-Timestamp", strconv.FormatInt(time.Now().Unix()+1, 10))
		}, want: http.StatusUnauthorized},
		{name: "GET", method: http.MethodGet, want: http.StatusMethodNotAllowed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.sign.request(t, ping, time.Now())
			if c.method != "" {
				r.Method = c.method
			}
			if c.mutate != nil {
				c.mutate(r)
			}
			w := httptest.NewRecorder()
			e.a.HTTPHandler().ServeHTTP(w, r)
			if w.Code != c.want {
				t.Fatalf("status %d, want %d (%s)", w.Code, c.want, w.Body)
			}
			if c.want == http.StatusOK && strings.TrimSpace(w.Body.String()) != `{"type":1}` {
				t.Fatalf("PING answered %q, want PONG", w.Body)
			}
		})
	}
}

func TestHTTPReplayWindow(t *testing.T) {
	e := newEnv(t, nil)
	ping := `{"type":1,"id":"1","application_id":"A1","token":"t"}`
	for _, c := range []struct {
		age  time.Duration
		want int
	}{
		{0, 200}, {4 * time.Minute, 200}, {-4 * time.Minute, 200},
		{6 * time.Minute, 401}, {10 * time.Minute, 401}, {-10 * time.Minute, 401}, {24 * 365 * time.Hour, 401},
	} {
		w := httptest.NewRecorder()
		e.a.HTTPHandler().ServeHTTP(w, e.sign.request(t, ping, time.Now().Add(-c.age)))
		if w.Code != c.want {
			t.Errorf("signed %v ago: status %d, want %d", c.age, w.Code, c.want)
		}
	}
}

// The default cap is the one README documents: a body just over it is refused, one at it is
// read.
func TestHTTPBodyCapIsTheDocumentedOne(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if DefaultMaxBody != 256<<10 || !strings.Contains(string(readme), "`POST /discord/interactions` reads at most 256 KiB") {
		t.Errorf("code caps at %d bytes; README must say the same", DefaultMaxBody)
	}
	e := newEnv(t, nil)
	pad := func(n int) string {
		head := `{"type":1,"pad":"`
		return head + strings.Repeat("x", n-len(head)-2) + `"}`
	}
	if code, _ := e.post(t, pad(DefaultMaxBody+1)); code != http.StatusRequestEntityTooLarge {
		t.Errorf("body one byte over the cap: status %d, want 413", code)
	}
	if code, _ := e.post(t, pad(DefaultMaxBody)); code == http.StatusRequestEntityTooLarge {
		t.Errorf("body at the cap refused")
	}
}

func TestHTTPBodyLimitsAndMalformedJSON(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.MaxBody = 1024 })
	if code, _ := e.post(t, `{"type":1,"pad":"`+strings.Repeat("x", 2000)+`"}`); code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: status %d, want 413", code)
	}
	if code, _ := e.post(t, `{"type":2,"data":`); code != http.StatusBadRequest {
		t.Errorf("truncated JSON: status %d, want 400", code)
	}
	if code, _ := e.post(t, `{"type":2,"data":{"name":"bigmodel","options":[{"type":1,"name":"topic","options":[{"type":3,"name":"name","value":42}]}]}}`); code != http.StatusOK {
		t.Errorf("number where a string belongs: status %d, want 200", code)
	}
	if n := len(e.h.requests()); n != 0 {
		t.Errorf("payload without a user reached core %d times", n)
	}
}

func TestHTTPCommandAnsweredInBody(t *testing.T) {
	e := newEnv(t, nil)
	code, body := e.post(t, command("771", "en-US", sub("topic", str("name", "risks"))).json(t))
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	r := decode(t, body)
	if r.Type != 4 {
		t.Fatalf("type %d, want 4 (answer in the body)", r.Type)
	}
	if len(r.Data.Embeds) == 0 || !strings.Contains(r.Data.Embeds[0].Description, "**risks**") {
		t.Fatalf("embeds do not carry the answer: %s", body)
	}
	if r.Data.AllowedMentions == nil || r.Data.AllowedMentions.Parse == nil || len(r.Data.AllowedMentions.Parse) != 0 {
		t.Fatalf(`allowed_mentions not {"parse":[]}: %s`, body)
	}
	if !strings.Contains(body, `"parse":[]`) {
		t.Fatalf(`allowed_mentions must serialise as "parse":[]: %s`, body)
	}
	if r.Data.Flags != 0 {
		t.Errorf("public reply sent with flags %d", r.Data.Flags)
	}
	if len(r.Data.Components) != 1 || r.Data.Components[0].Components[0].CustomID != "topic:funding" {
		t.Errorf("related-topic buttons missing: %s", body)
	}
	got := e.h.requests()
	want := core.Request{Platform: "discord", Workspace: "G1", Channel: "C1", User: "U1", UserName: "ann", Locale: "en-US",
		Kind: core.KindCommand, Text: "risks", Syntax: syntaxFor("en-US")}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("core got %+v, want %+v", got, want)
	}
}

func TestHTTPEphemeralAndErrors(t *testing.T) {
	e := newEnv(t, nil)
	e.h.reply = func(r core.Request) (core.Reply, error) {
		if r.Text == "fail" {
			return core.Reply{}, errTest
		}
		return core.Reply{Body: "only you", Visibility: core.Ephemeral}, nil
	}
	_, body := e.post(t, command("1", "en-US", sub("help")).json(t))
	if r := decode(t, body); r.Type != 4 || r.Data.Flags != 64 {
		t.Errorf("ephemeral reply: type %d flags %d, want 4 and 64", r.Type, r.Data.Flags)
	}
	_, body = e.post(t, command("2", "zh-CN", sub("ask", str("question", "fail"))).json(t))
	r := decode(t, body)
	if r.Type != 4 || r.Data.Flags != 64 || len(r.Data.Embeds) == 0 || r.Data.Embeds[0].Title != "出错了" {
		t.Errorf("core error: want an ephemeral embed in the user's language, got %s", body)
	}
	if strings.Contains(body, errTest.Error()) {
		t.Errorf("internal error text leaked to the user: %s", body)
	}
}

type testError string

func (e testError) Error() string { return string(e) }

const errTest = testError("database on fire")

// FuzzSignedInteraction feeds validly signed but arbitrary payloads: the handler must answer
// 200 or 400 and never panic.
func FuzzSignedInteraction(f *testing.F) {
	f.Add(`{"type":2,"id":"1","token":"t","member":{"user":{"id":"U"}},"data":{"name":"bigmodel","options":[{"type":1,"name":"topic","options":[{"type":3,"name":"name","value":"risks"}]}]}}`)
	f.Add(`{"type":3,"id":"2","user":{"id":"U"},"data":{"custom_id":"fb:up:x|y"}}`)
	f.Add(`{"type":4,"id":"3","user":{"id":"U"},"data":{"name":"bigmodel","options":[{"type":1,"name":"topic","options":[{"type":3,"name":"name","value":7,"focused":true}]}]}}`)
	f.Add(`{"type":2,"id":"4","user":{"id":"U"},"data":{"name":"bigmodel","options":[{"type":2,"name":"quiz","options":[null]}]}}`)
	e := newEnv(f, nil)
	f.Fuzz(func(t *testing.T, body string) {
		code, _ := e.post(t, body)
		if code != 200 && code != 400 {
			t.Fatalf("status %d for %q", code, body)
		}
	})
}
