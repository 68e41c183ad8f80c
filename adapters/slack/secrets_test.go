package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack/slackevents"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestTokensNeverReachLogsOrErrors(t *testing.T) {
	const bot, app, secret = "xoxb-very-secret-bot", "xapp-very-secret-app", "very-secret-signing"
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "chat.") {
			hj, _ := w.(http.Hijacker)
			c, _, _ := hj.Hijack()
			c.Close() // a transport error, which net/http reports with the URL
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":false,"error":"invalid_auth"}`)
	}))
	defer api.Close()
	var logs syncBuffer
	a, err := New(Options{Handler: &echoHandler{}, BotToken: bot, AppToken: app, SigningSecret: secret,
		APIURL: api.URL + "/", Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	_, err = a.Post(context.Background(), core.ChannelKey{Platform: "slack", Channel: "C1"}, core.Reply{Body: "x"})
	errs = append(errs, err.Error())
	errs = append(errs, a.Identify(context.Background()).Error())
	errs = append(errs, a.RunSocket(context.Background()).Error())
	ev := `{"type":"event_callback","team_id":"T1","event_id":"E1","event":{"type":"message","channel_type":"im","user":"U1","text":"risks","ts":"1.1","channel":"D1"}}`
	r := httptest.NewRequest(http.MethodPost, "/slack/events", strings.NewReader(ev))
	r.Header.Set("X-Slack-Request-Timestamp", "1")
	r.Header.Set("X-Slack-Signature", "v0=00")
	a.HTTPHandler().ServeHTTP(httptest.NewRecorder(), r)
	a.event(context.Background(), "T1", "E2", mustInner(t, ev))
	a.Close()
	all := logs.String() + strings.Join(errs, "\n")
	for _, s := range []string{bot, app, secret, "very-secret"} {
		if strings.Contains(all, s) {
			t.Errorf("%q leaked:\n%s", s, all)
		}
	}
	if !strings.Contains(all, "invalid_auth") {
		t.Errorf("errors say nothing useful:\n%s", all)
	}
}

func mustInner(t *testing.T, ev string) slackeventsInner {
	t.Helper()
	e, err := slackevents.ParseEvent(json.RawMessage(ev), slackevents.OptionNoVerifyToken())
	if err != nil {
		t.Fatal(err)
	}
	return e.InnerEvent
}

type slackeventsInner = slackevents.EventsAPIInnerEvent
