package slack

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
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
			sign(r, body, time.Now())
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

func TestFastSlashCommandIsAnsweredInTheAck(t *testing.T) {
	h := &echoHandler{}
	fs := newFakeSlack(t)
	a := newTestAdapter(t, Options{Handler: h, APIURL: fs.GetAPIURL(), Admins: []string{"U1"}})
	w := post(a, formType, commandForm("  risks ", fs.GetAPIURL()+"respond/1"))
	if w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	m := decode(t, w.Body.Bytes())
	if m["response_type"] != "ephemeral" {
		t.Errorf("response_type %v, want ephemeral", m["response_type"])
	}
	blocks, _ := m["blocks"].([]any)
	if len(blocks) == 0 || !strings.Contains(w.Body.String(), "You said: risks") {
		t.Errorf("ack has no Block Kit answer: %s", w.Body)
	}
	reqs := h.requests()
	if len(reqs) != 1 {
		t.Fatalf("core saw %d requests", len(reqs))
	}
	want := core.Request{Platform: "slack", Workspace: "T1", Channel: "C1", User: "U1", UserName: "ann",
		Kind: core.KindCommand, Text: "risks", CanManage: true}
	if reqs[0] != want {
		t.Errorf("request\n got %+v\nwant %+v", reqs[0], want)
	}
	a.Close()
	fs.none(t) // nothing goes to response_url when the ack carries the answer
}

func TestPublicWhenCoreSaysSo(t *testing.T) {
	a := newTestAdapter(t, Options{Handler: handlerFunc(func(context.Context, core.Request) (core.Reply, error) {
		return core.Reply{Body: "shared", Visibility: core.Public}, nil
	})})
	m := decode(t, post(a, formType, commandForm("risks share", "")).Body.Bytes())
	if m["response_type"] != "in_channel" {
		t.Errorf("response_type %v, want in_channel", m["response_type"])
	}
}

func TestSlowSlashCommandIsAckedThenDeliveredToResponseURL(t *testing.T) {
	clock := newFakeClock()
	release := make(chan struct{})
	fs := newFakeSlack(t)
	a := newTestAdapter(t, Options{Clock: clock, APIURL: fs.GetAPIURL(),
		Handler: handlerFunc(func(ctx context.Context, req core.Request) (core.Reply, error) {
			<-release
			return core.Reply{Title: "Funding", Body: "**Angel** rounds", Visibility: core.Ephemeral}, nil
		})})
	// A real server: the interim ack must reach the client while core is still working.
	srv := httptest.NewServer(a.HTTPHandler())
	defer srv.Close()
	done := make(chan string)
	go func() {
		body := commandForm("funding", fs.GetAPIURL()+"respond/7")
		r, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
		r.Header.Set("Content-Type", formType)
		sign(r, body, time.Now())
		res, err := http.DefaultClient.Do(r)
		if err != nil {
			done <- err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		done <- strconv.Itoa(res.StatusCode) + " " + string(b)
	}()
	clock.WaitTimers(1)
	clock.Advance(2 * time.Second)
	ack := <-done
	if !strings.HasPrefix(ack, "200 ") || !strings.Contains(ack, "Looking that up") || !strings.Contains(ack, `"blocks"`) {
		t.Fatalf("ack: %s", ack)
	}
	close(release)
	c := fs.next(t)
	if c.method != "response_url" {
		t.Fatalf("late answer went to %s", c.method)
	}
	if c.json["replace_original"] != true || !strings.Contains(jsonText(c.json), "*Angel*") {
		t.Errorf("late answer %v", c.json)
	}
}

func TestHandlerErrorsAndPanicsGiveAPoliteBlockKitAnswer(t *testing.T) {
	a := newTestAdapter(t, Options{Handler: handlerFunc(func(context.Context, core.Request) (core.Reply, error) {
		panic("boom")
	})})
	w := post(a, formType, commandForm("risks", ""))
	if w.Code != 200 || !strings.Contains(w.Body.String(), "something went wrong") || !strings.Contains(w.Body.String(), `"blocks"`) {
		t.Fatalf("got %d %s", w.Code, w.Body)
	}
}

func TestInjectedMentionsAreNeverEchoedAsMarkup(t *testing.T) {
	h := &echoHandler{}
	a := newTestAdapter(t, Options{Handler: h})
	// With should_escape Slack sends typed mentions as tokens and a typed < as &lt;.
	text := "<!channel> <@U999|bob> <!here> &lt;!everyone&gt; <https://evil.example|click> risks"
	w := post(a, formType, commandForm(text, ""))
	got := h.requests()[0].Text
	if want := "@channel @bob @here <!everyone> click (https://evil.example) risks"; got != want {
		t.Errorf("core got %q, want %q", got, want)
	}
	body := w.Body.String()
	for _, bad := range []string{"<!channel>", "<!everyone>", "<@U999", "<!here>", "<https://evil"} {
		if strings.Contains(body, bad) {
			t.Errorf("reply contains live markup %q: %s", bad, body)
		}
	}
	if !strings.Contains(body, "&lt;!everyone&gt;") {
		t.Errorf("typed markup not escaped: %s", body)
	}
}

func TestMentionIsAnsweredInAThreadAndRetriesAreNotProcessedTwice(t *testing.T) {
	h := &echoHandler{}
	fs := newFakeSlack(t)
	a := newTestAdapter(t, Options{Handler: h, BotToken: "xoxb-test", APIURL: fs.GetAPIURL()})
	if err := a.Identify(context.Background()); err != nil {
		t.Fatal(err)
	}
	ev := `{"token":"t","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"Ev1","event_time":1,` +
		`"event":{"type":"app_mention","user":"U1","text":"<@` + a.BotUserID() + `> how do we raise money?","ts":"1700000000.000100","channel":"C9","event_ts":"1700000000.000100"}}`
	if w := post(a, "application/json", ev); w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	c := fs.next(t)
	if c.method != "chat.postMessage" || c.form.Get("channel") != "C9" || c.form.Get("thread_ts") != "1700000000.000100" {
		t.Fatalf("answer %s %v", c.method, c.form)
	}
	if !strings.Contains(c.form.Get("blocks"), "how do we raise money?") || c.form.Get("link_names") != "" || c.form.Get("parse") != "" {
		t.Errorf("answer blocks %s", c.form)
	}
	// The same event again, as Slack's retry would send it.
	r := httptest.NewRequest(http.MethodPost, "/slack/events", strings.NewReader(ev))
	sign(r, ev, time.Now())
	r.Header.Set("X-Slack-Retry-Num", "1")
	r.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	w := httptest.NewRecorder()
	a.HTTPHandler().ServeHTTP(w, r)
	if w.Code != 200 {
		t.Fatalf("retry status %d", w.Code)
	}
	a.Close()
	fs.none(t)
	if n := len(h.requests()); n != 1 {
		t.Errorf("core saw %d requests, want 1", n)
	}
	if got := h.requests()[0]; got.Text != "how do we raise money?" || got.Kind != core.KindMention || got.MessageID != "1700000000.000100" {
		t.Errorf("request %+v", got)
	}
}

func TestDirectMessagesAnsweredAndBotsIgnored(t *testing.T) {
	cases := []struct {
		name   string
		event  string
		answer bool
	}{
		{"dm", `{"type":"message","channel_type":"im","user":"U1","text":"法律风险有哪些","ts":"1.2","channel":"D1"}`, true},
		{"bot message", `{"type":"message","channel_type":"im","bot_id":"B1","user":"U7","text":"risks","ts":"1.3","channel":"D2"}`, false},
		{"own message", `{"type":"message","channel_type":"im","user":"W012A3CDE","text":"risks","ts":"1.3","channel":"D2"}`, false},
		{"edit", `{"type":"message","subtype":"message_changed","channel_type":"im","channel":"D2","ts":"1.4","message":{"user":"U1","text":"risks","ts":"1.1"}}`, false},
		{"channel message", `{"type":"message","channel_type":"channel","user":"U1","text":"risks","ts":"1.5","channel":"C2"}`, false},
		{"bot mention", `{"type":"app_mention","user":"U5","bot_id":"B5","text":"<@W012A3CDE> risks","ts":"1.6","channel":"C2"}`, false},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := &echoHandler{}
			fs := newFakeSlack(t)
			a := newTestAdapter(t, Options{Handler: h, BotToken: "xoxb-test", APIURL: fs.GetAPIURL()})
			a.botUserID.Store("W012A3CDE")
			ev := `{"type":"event_callback","team_id":"T1","event_id":"Ev` + string(rune('a'+i)) + `","event":` + c.event + `}`
			if w := post(a, "application/json", ev); w.Code != 200 {
				t.Fatalf("status %d", w.Code)
			}
			a.Close()
			if !c.answer {
				fs.none(t)
				if len(h.requests()) != 0 {
					t.Errorf("core was asked: %+v", h.requests())
				}
				return
			}
			call := fs.next(t)
			if call.form.Get("channel") != "D1" || call.form.Get("thread_ts") != "" {
				t.Errorf("DM answer %v", call.form)
			}
			if r := h.requests()[0]; !r.DM || r.Kind != core.KindMessage || r.Text != "法律风险有哪些" {
				t.Errorf("request %+v", r)
			}
		})
	}
}

func TestButtonPressGoesToCoreAndReplacesThroughResponseURL(t *testing.T) {
	fs := newFakeSlack(t)
	var got core.Request
	a := newTestAdapter(t, Options{APIURL: fs.GetAPIURL(), Handler: handlerFunc(func(_ context.Context, req core.Request) (core.Reply, error) {
		got = req
		return core.Reply{Title: "风险", Body: "中文", Replace: true, Visibility: core.Ephemeral}, nil
	})})
	payload := `{"type":"block_actions","team":{"id":"T1"},"user":{"id":"U1","name":"ann"},"channel":{"id":"C1"},` +
		`"container":{"type":"message","message_ts":"1.1","channel_id":"C1","is_ephemeral":true},` +
		`"response_url":"` + fs.GetAPIURL() + `respond/9","actions":[{"action_id":"lang:zh:risks","block_id":"b","value":"","type":"button"}]}`
	w := post(a, formType, url.Values{"payload": {payload}}.Encode())
	if w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	c := fs.next(t)
	if c.method != "response_url" || c.json["replace_original"] != true || !strings.Contains(jsonText(c.json), "中文") {
		t.Fatalf("%s %v", c.method, c.json)
	}
	want := core.Request{Platform: "slack", Workspace: "T1", Channel: "C1", User: "U1", UserName: "ann",
		Kind: core.KindAction, ActionID: "lang:zh:risks", MessageID: "1.1"}
	if got != want {
		t.Errorf("request\n got %+v\nwant %+v", got, want)
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

func jsonText(m map[string]any) string {
	var b bytes.Buffer
	_ = encode(&b, m)
	return b.String()
}

func TestRepeatedCommandsGetIdenticalAcksFromTheCache(t *testing.T) {
	n := 0
	a := newTestAdapter(t, Options{Handler: handlerFunc(func(_ context.Context, req core.Request) (core.Reply, error) {
		n++
		vis := core.Ephemeral
		if strings.HasSuffix(req.Text, "share") {
			vis = core.Public
		}
		return core.Reply{Title: "T", Body: "**body** " + strings.Fields(req.Text)[0], Visibility: vis}, nil
	})})
	first := post(a, formType, commandForm("risks", "")).Body.String()
	second := post(a, formType, commandForm("risks", "")).Body.String()
	other := post(a, formType, commandForm("funding", "")).Body.String()
	shared := post(a, formType, commandForm("risks share", "")).Body.String()
	if first != second || n != 4 {
		t.Errorf("same reply rendered differently:\n%s\n%s", first, second)
	}
	if other == first || !strings.Contains(other, "funding") {
		t.Errorf("different reply served from cache: %s", other)
	}
	if !strings.Contains(shared, `"in_channel"`) || strings.Contains(first, `"in_channel"`) {
		t.Errorf("visibility mixed up: %s / %s", first, shared)
	}
	if !strings.Contains(first, `"blocks":[{`) || !strings.Contains(first, "*body*") {
		t.Errorf("cached ack %s", first)
	}
}

func TestParseForm(t *testing.T) {
	f, err := parseForm("token=t&text=what+are+the+%3C%21channel%3E%3F&command=%2Fbigmodel&text=second&user_id=U1&x=%zz")
	if err != nil {
		t.Fatal(err)
	}
	if f.cmd.Text != "what are the <!channel>?" || f.cmd.Command != "/bigmodel" || f.cmd.UserID != "U1" {
		t.Errorf("%+v", f)
	}
	if _, err := parseForm("text=%zz"); err == nil {
		t.Error("bad escape in a used field accepted")
	}
	if f, _ := parseForm(""); f != (form{}) {
		t.Errorf("empty body gave %+v", f)
	}
}
