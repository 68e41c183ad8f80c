package slack

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

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
	sign(r, ev, uniqueNow())
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

// A press that came without a response_url is answered through the Web API: a private answer
// (a quiz result) with chat.postEphemeral to the presser, never chat.postMessage to the channel.
func TestButtonPressWithoutResponseURLAnswersPrivately(t *testing.T) {
	for _, tc := range []struct {
		name, channel string
		vis           core.Visibility
		want          string
	}{
		{"private answer in a channel", "C1", core.Ephemeral, "chat.postEphemeral"},
		{"public answer in a channel", "C1", core.Public, "chat.postMessage"},
		{"private answer in a DM", "D1", core.Ephemeral, "chat.postMessage"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := newFakeSlack(t)
			a := newTestAdapter(t, Options{APIURL: fs.GetAPIURL(), BotToken: "xoxb-test", Handler: handlerFunc(func(context.Context, core.Request) (core.Reply, error) {
				return core.Reply{Body: "Not quite: the answer is **B**.", Visibility: tc.vis}, nil
			})})
			payload := `{"type":"block_actions","team":{"id":"T1"},"user":{"id":"U1","name":"ann"},"channel":{"id":"` + tc.channel + `"},` +
				`"container":{"type":"message","message_ts":"1.1","channel_id":"` + tc.channel + `"},` +
				`"actions":[{"action_id":"quiz:a:7:A","block_id":"b","value":"","type":"button"}]}`
			if w := post(a, formType, url.Values{"payload": {payload}}.Encode()); w.Code != 200 {
				t.Fatalf("status %d", w.Code)
			}
			c := fs.next(t)
			if c.method != tc.want {
				t.Fatalf("answered with %s, want %s: %v", c.method, tc.want, c.form)
			}
			if tc.want == "chat.postEphemeral" && c.form.Get("user") != "U1" {
				t.Errorf("ephemeral to %q, want U1: %v", c.form.Get("user"), c.form)
			}
			fs.none(t)
		})
	}
}

func jsonText(m map[string]any) string {
	var b bytes.Buffer
	_ = encode(&b, m)
	return b.String()
}
