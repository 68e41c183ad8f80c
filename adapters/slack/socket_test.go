package slack

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// fakeAcker records Socket Mode acks.
type fakeAcker struct{ acks chan ackRecord }

type ackRecord struct {
	envelope string
	payload  any
}

func (f *fakeAcker) Ack(req socketmode.Request, payload ...any) error {
	var p any
	if len(payload) > 0 {
		p = payload[0]
	}
	f.acks <- ackRecord{req.EnvelopeID, p}
	return nil
}

func (f *fakeAcker) next(t *testing.T) ackRecord {
	t.Helper()
	select {
	case a := <-f.acks:
		return a
	case <-time.After(10 * time.Second):
		t.Fatal("no ack")
	}
	return ackRecord{}
}

func TestSocketEnvelopesAreAckedAndAnswered(t *testing.T) {
	fs := newFakeSlack(t)
	h := &echoHandler{}
	a := newTestAdapter(t, Options{Handler: h, BotToken: "xoxb-test", AppToken: "xapp-test", APIURL: fs.GetAPIURL()})
	ack := &fakeAcker{acks: make(chan ackRecord, 10)}

	a.socketEvent(ack, socketmode.Event{Type: socketmode.EventTypeSlashCommand,
		Data:    slackgo.SlashCommand{TeamID: "T1", ChannelID: "C1", UserID: "U1", Command: "/bigmodel", Text: "risks"},
		Request: &socketmode.Request{EnvelopeID: "e1"}})
	got := ack.next(t)
	js, err := json.Marshal(got.payload)
	if got.envelope != "e1" || err != nil || !strings.Contains(string(js), `"blocks":[{`) || !strings.Contains(string(js), `"response_type":"ephemeral"`) {
		t.Fatalf("slash command ack %s %v", js, err)
	}

	mention := slackevents.EventsAPIEvent{Type: slackevents.CallbackEvent, TeamID: "T1",
		Data: &slackevents.EventsAPICallbackEvent{EventID: "Ev9"},
		InnerEvent: slackevents.EventsAPIInnerEvent{Type: "app_mention", Data: &slackevents.AppMentionEvent{
			User: "U1", Text: "<@UB> risks", TimeStamp: "5.5", Channel: "C3"}}}
	a.socketEvent(ack, socketmode.Event{Type: socketmode.EventTypeEventsAPI, Data: mention, Request: &socketmode.Request{EnvelopeID: "e2"}})
	if got := ack.next(t); got.envelope != "e2" || got.payload != nil {
		t.Fatalf("events ack %+v", got)
	}
	if c := fs.next(t); c.method != "chat.postMessage" || c.form.Get("thread_ts") != "5.5" {
		t.Fatalf("mention answer %s %v", c.method, c.form)
	}
	// A redelivery of the same event over another connection is acked but not answered again.
	a.socketEvent(ack, socketmode.Event{Type: socketmode.EventTypeEventsAPI, Data: mention, Request: &socketmode.Request{EnvelopeID: "e3", RetryAttempt: 1}})
	ack.next(t)

	a.socketEvent(ack, socketmode.Event{Type: socketmode.EventTypeErrorBadMessage,
		Data: &socketmode.ErrorBadMessage{Cause: io.ErrUnexpectedEOF, Message: json.RawMessage(`{"envelope_id":"e4","type":"events_api"}`)}})
	if got := ack.next(t); got.envelope != "e4" {
		t.Fatalf("bad message ack %+v", got)
	}

	ic := slackgo.InteractionCallback{Type: slackgo.InteractionTypeBlockActions, ResponseURL: fs.GetAPIURL() + "respond/1",
		User: slackgo.User{ID: "U1"}, Team: slackgo.Team{ID: "T1"}}
	ic.ActionCallback.BlockActions = []*slackgo.BlockAction{{ActionID: "fb:up:risks"}}
	a.socketEvent(ack, socketmode.Event{Type: socketmode.EventTypeInteractive, Data: ic, Request: &socketmode.Request{EnvelopeID: "e5"}})
	if got := ack.next(t); got.envelope != "e5" {
		t.Fatalf("interaction ack %+v", got)
	}
	if c := fs.next(t); c.method != "response_url" {
		t.Fatalf("interaction answer via %s", c.method)
	}
	a.Close()
	fs.none(t)
	kinds := []core.Kind{}
	for _, r := range h.requests() {
		kinds = append(kinds, r.Kind)
	}
	if len(kinds) != 3 || kinds[2] != core.KindAction {
		t.Errorf("core saw kinds %v", kinds)
	}
}

func TestSocketAckTooLargeGoesToResponseURL(t *testing.T) {
	fs := newFakeSlack(t)
	a := newTestAdapter(t, Options{BotToken: "xoxb-test", AppToken: "xapp-test", APIURL: fs.GetAPIURL(),
		Handler: handlerFunc(func(context.Context, core.Request) (core.Reply, error) {
			var fields []core.Field
			for range 40 {
				fields = append(fields, core.Field{Name: "f", Value: strings.Repeat("长", 900)})
			}
			return core.Reply{Body: strings.Repeat("内容 ", 4000), Fields: fields}, nil
		})})
	ack := &fakeAcker{acks: make(chan ackRecord, 10)}
	a.socketEvent(ack, socketmode.Event{Type: socketmode.EventTypeSlashCommand,
		Data: slackgo.SlashCommand{Command: "/bigmodel", Text: "x", ResponseURL: fs.GetAPIURL() + "respond/2"}, Request: &socketmode.Request{EnvelopeID: "e1"}})
	got := ack.next(t)
	if p := got.payload.(payload); !strings.Contains(p.Text, "Looking that up") {
		t.Fatalf("ack %+v", p)
	}
	if c := fs.next(t); c.method != "response_url" {
		t.Fatalf("answer via %s", c.method)
	}
}

// fakeSocketSlack serves auth.test, apps.connections.open and a Socket Mode websocket that says
// hello and sends one slash command envelope.
func fakeSocketSlack(t *testing.T, authOK bool) (*httptest.Server, chan string) {
	srv, acks, _ := fakeSocketSlackConns(t, authOK, false)
	return srv, acks
}

// fakeSocketSlackConns also reports each websocket connection; with dropFirst the server drops
// the first one right after its first ack, as Slack does when it rotates connections.
func fakeSocketSlackConns(t *testing.T, authOK, dropFirst bool) (*httptest.Server, chan string, chan int) {
	acks := make(chan string, 10)
	conns := make(chan int, 10)
	var nconn int
	var mu sync.Mutex
	var srv *httptest.Server
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	var once sync.Once
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/auth.test", "/apps.connections.open":
			w.Header().Set("Content-Type", "application/json")
			if !authOK {
				io.WriteString(w, `{"ok":false,"error":"invalid_auth"}`)
				return
			}
			if r.URL.Path == "/auth.test" {
				io.WriteString(w, `{"ok":true,"user_id":"UBOT","team_id":"T1"}`)
				return
			}
			io.WriteString(w, `{"ok":true,"url":"ws://`+r.Host+`/ws"}`)
		case "/ws":
			c, err := up.Upgrade(w, r, nil)
			if err != nil {
				return
			}
			defer c.Close()
			mu.Lock()
			nconn++
			n := nconn
			mu.Unlock()
			conns <- n
			c.WriteJSON(map[string]any{"type": "hello", "num_connections": 1})
			once.Do(func() {
				c.WriteJSON(map[string]any{"type": "slash_commands", "envelope_id": "e1", "accepts_response_payload": true,
					"payload": map[string]any{"command": "/bigmodel", "text": "risks", "user_id": "U1", "channel_id": "C1", "team_id": "T1"}})
			})
			for {
				_, msg, err := c.ReadMessage()
				if err != nil {
					return
				}
				acks <- string(msg)
				if n == 1 && dropFirst {
					return
				}
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, acks, conns
}

func TestRunSocketConnectsReportsReadinessAndStops(t *testing.T) {
	srv, acks := fakeSocketSlack(t, true)
	a := newTestAdapter(t, Options{Handler: &echoHandler{}, BotToken: "xoxb-test", AppToken: "xapp-test", APIURL: srv.URL + "/"})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.RunSocket(ctx) }()
	var msg string
	select {
	case msg = <-acks:
	case <-time.After(10 * time.Second):
		t.Fatal("no ack over the socket")
	}
	if !strings.Contains(msg, `"envelope_id":"e1"`) || !strings.Contains(msg, `"blocks"`) {
		t.Errorf("ack %s", msg)
	}
	if err := a.Ready(ctx); err != nil {
		t.Errorf("not ready after hello: %v", err)
	}
	if a.BotUserID() != "UBOT" {
		t.Errorf("bot user %q", a.BotUserID())
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("RunSocket: %v", err)
	}
	if err := a.Ready(context.Background()); err == nil {
		t.Error("ready after the socket stopped")
	}
}

func TestRunSocketGivesUpOnBadTokens(t *testing.T) {
	srv, _ := fakeSocketSlack(t, false)
	a := newTestAdapter(t, Options{Handler: &echoHandler{}, BotToken: "xoxb-secret-token", AppToken: "xapp-secret", APIURL: srv.URL + "/"})
	err := a.RunSocket(context.Background())
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Fatalf("err %v", err)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("error leaks a token: %v", err)
	}
	if a.Ready(context.Background()) == nil {
		t.Error("ready without a connection")
	}
	b := newTestAdapter(t, Options{Handler: &echoHandler{}})
	if err := b.RunSocket(context.Background()); err == nil {
		t.Error("socket mode without tokens started")
	}
}

func TestRunSocketReconnectsWhenTheConnectionDrops(t *testing.T) {
	srv, acks, conns := fakeSocketSlackConns(t, true, true)
	a := newTestAdapter(t, Options{Handler: &echoHandler{}, BotToken: "xoxb-test", AppToken: "xapp-test", APIURL: srv.URL + "/"})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.RunSocket(ctx) }()
	for want := 1; want <= 2; want++ {
		select {
		case n := <-conns:
			if n != want {
				t.Fatalf("connection %d, want %d", n, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no connection %d", want)
		}
		if want == 1 {
			<-acks
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("RunSocket: %v", err)
	}
}
