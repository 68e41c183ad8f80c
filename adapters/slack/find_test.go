package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// historySlack is slacktest's server keeping what chat.postMessage posted, so
// conversations.history and conversations.replies can answer as Slack does: newest first,
// from oldest on, metadata only with include_all_metadata.
type historySlack struct {
	*slacktest.Server
	mu   sync.Mutex
	seq  int
	msgs []slackgo.Message // in posting order
	// lookups counts the history and replies calls.
	lookups int
}

func newHistorySlack(t *testing.T) *historySlack {
	t.Helper()
	h := &historySlack{}
	write := func(w http.ResponseWriter, v any) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(v)
	}
	h.Server = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			h.mu.Lock()
			h.seq++
			m := slackgo.Message{}
			m.Timestamp = fmt.Sprintf("1700000000.%06d", h.seq)
			m.ThreadTimestamp = r.Form.Get("thread_ts")
			m.Text = r.Form.Get("text")
			if md := r.Form.Get("metadata"); md != "" {
				_ = json.Unmarshal([]byte(md), &m.Metadata)
			}
			h.msgs = append(h.msgs, m)
			h.mu.Unlock()
			write(w, map[string]any{"ok": true, "channel": r.Form.Get("channel"), "ts": m.Timestamp})
		})
		list := func(inThread bool) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				_ = r.ParseForm()
				oldest, _ := strconv.ParseFloat(r.Form.Get("oldest"), 64)
				h.mu.Lock()
				defer h.mu.Unlock()
				h.lookups++
				var out []slackgo.Message
				for i := len(h.msgs) - 1; i >= 0; i-- {
					m := h.msgs[i]
					ts, _ := strconv.ParseFloat(m.Timestamp, 64)
					if ts < oldest || (m.ThreadTimestamp != "") != inThread || (inThread && m.ThreadTimestamp != r.Form.Get("ts")) {
						continue
					}
					if r.Form.Get("include_all_metadata") != "1" {
						m.Metadata = slackgo.SlackMetadata{}
					}
					out = append(out, m)
				}
				write(w, map[string]any{"ok": true, "messages": out, "has_more": false})
			}
		}
		c.Handle("/conversations.history", list(false))
		c.Handle("/conversations.replies", list(true))
	})
	h.Start()
	t.Cleanup(h.Stop)
	return h
}

func TestKeyedPostIsFoundAgainByItsMetadata(t *testing.T) {
	hs := newHistorySlack(t)
	a := newTestAdapter(t, Options{Handler: &echoHandler{}, BotToken: "xoxb-test", APIURL: hs.GetAPIURL()})
	ctx := context.Background()
	ch := core.ChannelKey{Platform: "slack", Workspace: "T1", Channel: "C5"}
	since := time.Unix(1699999999, 0)
	if _, err := a.Post(ctx, ch, core.Reply{Body: "chatter"}); err != nil {
		t.Fatal(err)
	}
	post, err := a.Post(ctx, ch, core.Reply{Body: "Which one?", IdempotencyKey: "bmq7"})
	if err != nil {
		t.Fatal(err)
	}
	reveal, err := a.Post(ctx, ch, core.Reply{Body: "The answer is B", ThreadID: post.ID, IdempotencyKey: "bmr7"})
	if err != nil {
		t.Fatal(err)
	}
	if md := hs.msgs[1].Metadata; md.EventType != MetadataEventType || md.EventPayload["key"] != "bmq7" {
		t.Fatalf("the keyed post carries metadata %+v", md)
	}
	for _, tc := range []struct {
		name, key, thread string
		since             time.Time
		want              string // the ts found; "" for not found
	}{
		{"the post", "bmq7", "", since, post.ID},
		{"the reveal in its thread", "bmr7", post.ID, since, reveal.ID},
		{"a reveal is not a top-level message", "bmr7", "", since, ""},
		{"another post's key", "bmq8", "", since, ""},
		{"sent before since", "bmq7", "", time.Unix(1700000001, 0), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref, ok, err := a.FindMessage(ctx, ch, tc.key, tc.thread, tc.since)
			if err != nil {
				t.Fatal(err)
			}
			if got := map[bool]string{true: ref.ID}[ok]; got != tc.want || (ok && ref.Channel != ch) {
				t.Errorf("FindMessage = %+v, %v; want %q", ref, ok, tc.want)
			}
		})
	}
	if hs.lookups != 5 {
		t.Errorf("%d lookups for 5 finds", hs.lookups)
	}
}

func TestFindMessageReportsWhatItCannotDo(t *testing.T) {
	hs := newHistorySlack(t)
	a := newTestAdapter(t, Options{Handler: &echoHandler{}, BotToken: "xoxb-test", APIURL: hs.GetAPIURL()})
	if _, _, err := a.FindMessage(context.Background(), core.ChannelKey{Platform: "discord", Channel: "1"}, "bmq1", "", time.Time{}); err == nil {
		t.Error("looked in a Discord channel")
	}
	gone := newTestAdapter(t, Options{Handler: &echoHandler{}, BotToken: "xoxb-test", APIURL: newFakeSlack(t).GetAPIURL()})
	// fakeSlack has no conversations.history: an error, never "not there" (which would post again).
	_, ok, err := gone.FindMessage(context.Background(), core.ChannelKey{Platform: "slack", Channel: "C1"}, "bmq1", "", time.Time{})
	if ok || !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("FindMessage without history = %v, %v; want an errors.ErrUnsupported error", ok, err)
	}
}
