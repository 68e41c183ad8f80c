package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// fakeGateway speaks the gateway protocol: Hello, Identify, Ready, heartbeats with ACKs, and
// dispatches the test pushes.
type fakeGateway struct {
	identify chan map[string]any
	resume   chan map[string]any
	send     chan string
	seq      int
	drop     chan struct{} // a value closes the current connection, as a network failure would
	beats    chan struct{} // one value per heartbeat received
	query    chan string   // the query of each websocket request
}

func newFakeGateway(t *testing.T, rest *fakeREST) *fakeGateway {
	g := &fakeGateway{identify: make(chan map[string]any, 1), resume: make(chan map[string]any, 1),
		send: make(chan string, 16), seq: 1, drop: make(chan struct{}, 1), beats: make(chan struct{}, 16),
		query: make(chan string, 16)}
	up := websocket.Upgrader{}
	rest.upgrade = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case g.query <- r.URL.RawQuery:
		default:
		}
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			t.Errorf("upgrade: %v", err)
			return
		}
		defer c.Close()
		out := make(chan string, 16)
		done := make(chan struct{})
		go func() { // the only writer
			for {
				select {
				case m := <-out:
					_ = c.WriteMessage(websocket.TextMessage, []byte(m))
				case m := <-g.send:
					_ = c.WriteMessage(websocket.TextMessage, []byte(m))
				case <-g.drop:
					_ = c.Close()
					return
				case <-done:
					return
				}
			}
		}()
		defer close(done)
		out <- `{"op":10,"d":{"heartbeat_interval":45000}}`
		for {
			_, data, err := c.ReadMessage()
			if err != nil {
				return
			}
			var f struct {
				Op int            `json:"op"`
				D  map[string]any `json:"d"`
			}
			_ = json.Unmarshal(data, &f)
			switch f.Op {
			case 2:
				g.identify <- f.D
				out <- `{"op":0,"s":1,"t":"READY","d":{"v":9,"session_id":"s1","user":{"id":"100","username":"bigmodel","bot":true},"guilds":[],"application":{"id":"200","flags":0}}}`
			case 1:
				out <- `{"op":11}`
				select {
				case g.beats <- struct{}{}:
				default:
				}
			case 6: // Resume: refuse, so the client identifies afresh
				g.resume <- f.D
				out <- `{"op":9,"d":false}`
			}
		}
	})
	return g
}

// dispatch sends an event with the next sequence number.
func (g *fakeGateway) dispatch(t *testing.T, typ string, d any) {
	t.Helper()
	g.seq++
	b, err := json.Marshal(map[string]any{"op": 0, "s": g.seq, "t": typ, "d": d})
	if err != nil {
		t.Fatal(err)
	}
	g.send <- string(b)
}

func TestGateway(t *testing.T) {
	rest := newFakeREST(t)
	gw := newFakeGateway(t, rest)
	e := newEnv(t, rest.at, func(o *Options) { o.Token = "xyz"; o.ShardID, o.ShardCount = 1, 2 })
	e.a.rest.ShouldReconnectOnError = false
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- e.a.RunGateway(ctx) }()
	defer func() {
		cancel()
		if err := <-errc; err != nil {
			t.Errorf("RunGateway: %v", err)
		}
	}()

	if c := rest.next(t); c.Method != "GET" || c.Path != "/api/v10/gateway" {
		t.Fatalf("first call %s %s, want GET /api/v10/gateway", c.Method, c.Path)
	}
	if q := <-gw.query; q != "v=10&encoding=json" {
		t.Errorf("gateway dialled with ?%s, want ?v=10&encoding=json (one API version)", q)
	}
	var id map[string]any
	select {
	case id = <-gw.identify:
	case <-time.After(10 * time.Second):
		t.Fatal("no Identify")
	}
	if id["intents"] != float64(4609) {
		t.Errorf("intents %v, want 4609 (Guilds|GuildMessages|DirectMessages, no MessageContent)", id["intents"])
	}
	if id["token"] != "Bot xyz" {
		t.Errorf("identify token has no Bot prefix")
	}
	if sh, _ := id["shard"].([]any); len(sh) != 2 || sh[0] != float64(1) || sh[1] != float64(2) {
		t.Errorf("identify shard %v, want [1 2]", id["shard"])
	}

	user := map[string]any{"id": "U1", "username": "ann"}
	// Ignored: another bot, the bot itself, a guild message that does not mention the bot.
	gw.dispatch(t, "MESSAGE_CREATE", map[string]any{"id": "m1", "channel_id": "C1", "guild_id": "G1", "content": "<@100> risks",
		"author": map[string]any{"id": "B2", "bot": true}, "mentions": []any{map[string]any{"id": "100"}}})
	gw.dispatch(t, "MESSAGE_CREATE", map[string]any{"id": "m2", "channel_id": "D1", "content": "hello", "author": map[string]any{"id": "100"}})
	gw.dispatch(t, "MESSAGE_CREATE", map[string]any{"id": "m2w", "channel_id": "C1", "guild_id": "G1", "content": "<@100> risks", "webhook_id": "W1",
		"author": map[string]any{"id": "W1"}, "mentions": []any{map[string]any{"id": "100"}}})
	gw.dispatch(t, "MESSAGE_CREATE", map[string]any{"id": "m3", "channel_id": "C1", "guild_id": "G1", "content": "risks", "author": user})
	// Answered as a reply: a mention in a guild channel.
	gw.dispatch(t, "MESSAGE_CREATE", map[string]any{"id": "m4", "channel_id": "C1", "guild_id": "G1", "content": "<@100> what about **risks**?",
		"author": user, "mentions": []any{map[string]any{"id": "100"}}})
	c := rest.next(t)
	if c.Method != "POST" || c.Path != "/api/v10/channels/C1/messages" {
		t.Fatalf("mention: got %s %s, want a channel message", c.Method, c.Path)
	}
	ref, _ := c.Body["message_reference"].(map[string]any)
	if ref["message_id"] != "m4" {
		t.Errorf("mention answer is not a reply to m4: %s", c.Raw)
	}
	if c.Auth != "Bot xyz" {
		t.Errorf("REST call without the bot token")
	}
	mentionsOff(t, c)

	// A DM.
	gw.dispatch(t, "MESSAGE_CREATE", map[string]any{"id": "m5", "channel_id": "D1", "content": "funding", "author": user})
	if c := rest.next(t); c.Path != "/api/v10/channels/D1/messages" || c.Body["message_reference"] != nil {
		t.Errorf("DM: got %s %s", c.Path, c.Raw)
	}
	// A slash command over the gateway is answered through the callback endpoint.
	gw.dispatch(t, "INTERACTION_CREATE", command("i1", "en-US", sub("topic", str("name", "risks"))))
	c = rest.next(t)
	if c.Method != "POST" || c.Path != "/api/v10/interactions/i1/tok-i1/callback" || c.Body["type"] != float64(4) {
		t.Fatalf("interaction: got %s %s %s", c.Method, c.Path, c.Raw)
	}
	mentionsOff(t, c)
	// A redelivered message is handled once.
	gw.dispatch(t, "MESSAGE_CREATE", map[string]any{"id": "m5", "channel_id": "D1", "content": "funding", "author": user})
	gw.dispatch(t, "MESSAGE_CREATE", map[string]any{"id": "m6", "channel_id": "D1", "content": "last", "author": user})
	if c := rest.next(t); !strings.Contains(c.Raw, "last") {
		t.Errorf("redelivered m5 answered twice: %s", c.Raw)
	}

	got := e.h.requests()
	want := []struct {
		kind core.Kind
		text string
		dm   bool
	}{{core.KindMention, "what about **risks**?", false}, {core.KindMessage, "funding", true}, {core.KindCommand, "risks", false}, {core.KindMessage, "last", true}}
	if len(got) != len(want) {
		t.Fatalf("core got %d requests, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Kind != w.kind || got[i].Text != w.text || got[i].DM != w.dm || got[i].Platform != "discord" {
			t.Errorf("request %d: %+v, want %+v", i, got[i], w)
		}
	}
	if !e.a.Connected() {
		t.Error("not reported connected")
	}
}

func TestGatewayReconnects(t *testing.T) {
	rest := newFakeREST(t)
	gw := newFakeGateway(t, rest)
	e := newEnv(t, rest.at, func(o *Options) { o.Token = "xyz" })
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- e.a.RunGateway(ctx) }()
	defer func() {
		cancel()
		if err := <-errc; err != nil {
			t.Errorf("RunGateway: %v", err)
		}
	}()
	wait := func(ch chan map[string]any, what string) map[string]any {
		t.Helper()
		select {
		case m := <-ch:
			return m
		case <-time.After(10 * time.Second):
			t.Fatalf("no %s", what)
			return nil
		}
	}
	rest.next(t) // GET gateway
	wait(gw.identify, "Identify")
	// Drop the connection once the client has sent its first heartbeat: discordgo's heartbeat
	// goroutine writing into a connection its reader is closing would start a second reconnect.
	select {
	case <-gw.beats:
	case <-time.After(10 * time.Second):
		t.Fatal("no heartbeat")
	}
	gw.drop <- struct{}{}
	if r := wait(gw.resume, "Resume after the connection dropped"); r["session_id"] != "s1" {
		t.Errorf("resume %v", r)
	}
	wait(gw.identify, "Identify after the resume was refused")
	user := map[string]any{"id": "U1", "username": "ann"}
	gw.dispatch(t, "MESSAGE_CREATE", map[string]any{"id": "r1", "channel_id": "D1", "content": "risks", "author": user})
	for {
		c := rest.next(t)
		if c.Method == "POST" && c.Path == "/api/v10/channels/D1/messages" {
			break
		}
	}
	if !e.a.Connected() {
		t.Error("not connected after reconnecting")
	}
}
