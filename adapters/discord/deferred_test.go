package discord

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// soonDeferred makes an adapter defer after 10 ms instead of 2 s: its handler is held at a
// gate, so the deadline always passes first, and the tests need not wait 2 s.
func soonDeferred(o *Options) { o.DeferAfter = 10 * time.Millisecond }

// slowPost sends an interaction whose handling is held at the gate, past the defer deadline,
// to a real server, and returns the HTTP response: it reaches the client while core is still
// working.
func slowPost(t *testing.T, e *env, body string) wire {
	t.Helper()
	srv := httptest.NewServer(e.a.HTTPHandler())
	t.Cleanup(srv.Close)
	r := e.sign.request(t, body, time.Now())
	r.RequestURI, r.URL.Scheme, r.URL.Host = "", "http", srv.Listener.Addr().String()
	res, err := srv.Client().Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("status %d, %v", res.StatusCode, err)
	}
	return decode(t, string(b))
}

func TestSlowCommandIsDeferredThenEdited(t *testing.T) {
	rest := newFakeREST(t)
	e := newEnv(t, rest.at, soonDeferred)
	e.h.gate = make(chan struct{})
	e.h.reply = func(r core.Request) (core.Reply, error) {
		return core.Reply{Title: "Slow", Body: "answer", Visibility: core.Ephemeral}, nil
	}
	r := slowPost(t, e, command("s1", "en-US", sub("ask", str("question", "slow one"))).json(t))
	if r.Type != 5 || r.Data.Flags != 64 {
		t.Fatalf("want a deferred ephemeral response (type 5, flags 64), got %+v", r)
	}
	rest.none(t)
	close(e.h.gate)
	c := rest.next(t)
	if c.Method != "PATCH" || c.Path != "/api/v10/webhooks/A1/tok-s1/messages/@original" || !strings.Contains(c.Raw, `"title":"Slow"`) {
		t.Fatalf("want the answer edited into the original response, got %s %s %s", c.Method, c.Path, c.Raw)
	}
	mentionsOff(t, c)
}

func TestSlowPublicCommandIsPostedAsFollowUp(t *testing.T) {
	rest := newFakeREST(t)
	e := newEnv(t, rest.at, soonDeferred)
	e.h.gate = make(chan struct{})
	r := slowPost(t, e, command("s2", "en-US", sub("topic", str("name", "risks"))).json(t))
	if r.Type != 5 {
		t.Fatalf("want type 5, got %d", r.Type)
	}
	close(e.h.gate)
	edit, post, del := rest.next(t), rest.next(t), rest.next(t)
	if edit.Method != "PATCH" || !strings.HasSuffix(edit.Path, "/messages/@original") {
		t.Errorf("first the ephemeral placeholder is edited, got %s %s", edit.Method, edit.Path)
	}
	if post.Method != "POST" || post.Path != "/api/v10/webhooks/A1/tok-s2" || !strings.Contains(post.Raw, "**risks**") || strings.Contains(post.Raw, `"flags"`) {
		t.Errorf("then the public answer is a follow-up, got %s %s %s", post.Method, post.Path, post.Raw)
	}
	if del.Method != "DELETE" || !strings.HasSuffix(del.Path, "/messages/@original") {
		t.Errorf("then the placeholder is deleted, got %s %s", del.Method, del.Path)
	}
	mentionsOff(t, edit)
	mentionsOff(t, post)
}

func TestSlowButtonIsDeferredThenUpdatesTheMessage(t *testing.T) {
	rest := newFakeREST(t)
	e := newEnv(t, rest.at, soonDeferred)
	e.h.gate = make(chan struct{})
	e.h.reply = func(r core.Request) (core.Reply, error) {
		return core.Reply{Title: "中文", Body: "答", Replace: true, Visibility: core.Public}, nil
	}
	r := slowPost(t, e, component("s3", "lang:zh:risks").json(t))
	if r.Type != 6 {
		t.Fatalf("want a deferred update (type 6), got %d", r.Type)
	}
	close(e.h.gate)
	c := rest.next(t)
	if c.Method != "PATCH" || !strings.HasSuffix(c.Path, "/webhooks/A1/tok-s3/messages/@original") || !strings.Contains(c.Raw, "中文") {
		t.Fatalf("want the button's message edited, got %s %s %s", c.Method, c.Path, c.Raw)
	}
	mentionsOff(t, c)
}

func TestLongReplyContinuesInFollowUps(t *testing.T) {
	rest := newFakeREST(t)
	e := newEnv(t, rest.at)
	para := strings.Repeat("word ", 700) // 3500 characters
	e.h.reply = func(r core.Request) (core.Reply, error) {
		return core.Reply{Title: "Long", Body: para + "\n\n" + para + "\n\n" + para, Visibility: core.Public}, nil
	}
	_, body := e.post(t, command("l1", "en-US", sub("topic", str("name", "x"))).json(t))
	r := decode(t, body)
	if r.Type != 4 {
		t.Fatalf("type %d", r.Type)
	}
	checkLimits(t, r)
	c := rest.next(t)
	if c.Method != "POST" || c.Path != "/api/v10/webhooks/A1/tok-l1" || !strings.Contains(c.Raw, "word word") {
		t.Fatalf("want the rest as a follow-up, got %s %s", c.Method, c.Path)
	}
	mentionsOff(t, c)
	if err := e.a.Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func TestDeferredWorkIsBounded(t *testing.T) {
	rest := newFakeREST(t)
	// HandleTimeout bounds the work: here one second (the least a deferred answer gets).
	e := newEnv(t, rest.at, soonDeferred, func(o *Options) { o.HandleTimeout = 20 * time.Millisecond })
	e.h.gate = make(chan struct{}) // never opened: core hangs
	start := time.Now()
	r := slowPost(t, e, command("h1", "en-US", sub("ask", str("question", "hang"))).json(t))
	if r.Type != 5 {
		t.Fatalf("type %d, want 5", r.Type)
	}
	c := rest.next(t)
	if took := time.Since(start); took < time.Second {
		t.Errorf("the apology came after %v, before the work's limit of 1s", took)
	}
	if c.Method != "PATCH" || !strings.Contains(c.Raw, "Something went wrong") {
		t.Fatalf("want the deferred response edited into an apology, got %s %s %s", c.Method, c.Path, c.Raw)
	}
	mentionsOff(t, c)
	if err := e.a.Wait(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// Wait at shutdown: an answer still being worked on when its deadline comes is cancelled and
// logged with its channel.
func TestWaitNamesTheChannelOfWhatIsNotDelivered(t *testing.T) {
	rest := newFakeREST(t)
	logs := &strings.Builder{}
	var mu sync.Mutex
	e := newEnv(t, rest.at, soonDeferred, func(o *Options) {
		o.Token, o.AppID = "xyz", "A1"
		o.Logger = slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
			mu.Lock()
			defer mu.Unlock()
			return logs.Write(p)
		}), nil))
	})
	e.h.gate = make(chan struct{}) // never opened: core works until it is cancelled
	di, err := decodeInteraction([]byte(command("w1", "en-US", sub("ask", str("question", "slow one"))).json(t)))
	if err != nil {
		t.Fatal(err)
	}
	// As the gateway does: the interaction is a job of the adapter's.
	e.a.jobs.Go(di.ChannelID, func(ctx context.Context) { e.a.onInteraction(ctx, di) })
	if c := rest.next(t); !strings.HasSuffix(c.Path, "/callback") || !strings.Contains(c.Raw, `"type":5`) {
		t.Fatalf("want the deferred response first, got %s %s %s", c.Method, c.Path, c.Raw)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := e.a.Wait(ctx); err == nil {
		t.Fatal("Wait = nil with an answer still being worked on")
	}
	mu.Lock()
	got := logs.String()
	mu.Unlock()
	if !strings.Contains(got, "answer not delivered before shutdown") || !strings.Contains(got, "channel=C1") {
		t.Errorf("log does not name the channel of the held answer:\n%s", got)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
