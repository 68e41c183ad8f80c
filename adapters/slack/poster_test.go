package slack

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

func TestPostAndUpdateUseTheWebAPI(t *testing.T) {
	fs := newFakeSlack(t)
	a := newTestAdapter(t, Options{Handler: &echoHandler{}, BotToken: "xoxb-test", APIURL: fs.GetAPIURL()})
	ch := core.ChannelKey{Platform: "slack", Workspace: "T1", Channel: "C5"}
	ref, err := a.Post(context.Background(), ch, core.Reply{Title: "Quiz", Body: "Which **one**? <!channel>",
		Buttons: []core.Button{{ID: "quiz:1:A", Label: "A"}, {ID: "quiz:1:B", Label: "B"}}})
	if err != nil {
		t.Fatal(err)
	}
	if ref.ID != "1700000009.000900" || ref.Channel != ch {
		t.Errorf("ref %+v", ref)
	}
	c := fs.next(t)
	if c.method != "chat.postMessage" || c.form.Get("channel") != "C5" {
		t.Fatalf("%s %v", c.method, c.form)
	}
	blocks := c.form.Get("blocks")
	if !strings.Contains(blocks, `"action_id":"quiz:1:A"`) || strings.Contains(blocks, "<!channel>") || !strings.Contains(blocks, "*one*") {
		t.Errorf("blocks %s", blocks)
	}
	if c.form.Get("text") == "" || c.form.Get("link_names") != "" || c.form.Get("parse") != "" {
		t.Errorf("form %v", c.form)
	}
	if err := a.Update(context.Background(), ref, core.Reply{Body: "closed"}); err != nil {
		t.Fatal(err)
	}
	if c := fs.next(t); c.method != "chat.update" || c.form.Get("ts") != ref.ID || c.form.Get("channel") != "C5" {
		t.Errorf("%s %v", c.method, c.form)
	}
	if _, err := a.Post(context.Background(), core.ChannelKey{Platform: "discord", Channel: "1"}, core.Reply{Body: "x"}); err == nil {
		t.Error("posted to a Discord channel")
	}
}

func TestPostWithoutTokenFailsClearly(t *testing.T) {
	a := newTestAdapter(t, Options{Handler: &echoHandler{}})
	_, err := a.Post(context.Background(), core.ChannelKey{Platform: "slack", Channel: "C1"}, core.Reply{Body: "x"})
	if !errors.Is(err, errNoToken) {
		t.Errorf("err %v", err)
	}
}

func TestPostWaitsOutRateLimits(t *testing.T) {
	fs := newFakeSlack(t)
	fs.status429, fs.retryAfter = 1, "1"
	a := newTestAdapter(t, Options{Handler: &echoHandler{}, BotToken: "xoxb-test", APIURL: fs.GetAPIURL()})
	start := time.Now()
	if _, err := a.Post(t.Context(), core.ChannelKey{Platform: "slack", Channel: "C1"}, core.Reply{Body: "hi"}); err != nil {
		t.Fatal(err)
	}
	if c := fs.next(t); c.method != "429" {
		t.Fatalf("first call %s", c.method)
	}
	if c := fs.next(t); c.method != "chat.postMessage" {
		t.Fatalf("retry %s", c.method)
	}
	if took := time.Since(start); took < time.Second {
		t.Errorf("retried after %v, before Retry-After's 1s", took)
	}
}

func TestPostGivesUpAfterRepeatedRateLimits(t *testing.T) {
	fs := newFakeSlack(t)
	fs.status429, fs.retryAfter = maxRateLimitRetries+5, "0"
	a := newTestAdapter(t, Options{Handler: &echoHandler{}, BotToken: "xoxb-test", APIURL: fs.GetAPIURL()})
	a.limits.minHold = time.Millisecond // Slack's shortest hold is a second; the count is what matters here
	a.pacer = newPacer(time.Millisecond, 1, 10)
	_, err := a.Post(t.Context(), core.ChannelKey{Platform: "slack", Channel: "C1"}, core.Reply{Body: "hi"})
	if err == nil || !strings.Contains(err.Error(), "rate limit") {
		t.Errorf("err %v", err)
	}
	for range maxRateLimitRetries + 1 {
		if c := fs.next(t); c.method != "429" {
			t.Fatalf("call %s", c.method)
		}
	}
	fs.none(t)
}

func TestPacerAllowsABurstThenOnePerSecondPerChannel(t *testing.T) {
	p := newPacer(time.Second, 3, 4)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	wait := func(key string) time.Duration { return p.reserve(key, now).DelayFrom(now) }
	var waits []time.Duration
	for range 5 {
		waits = append(waits, wait("C1"))
	}
	want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second}
	if !slices.Equal(waits, want) {
		t.Fatalf("waits %v, want %v", waits, want)
	}
	if d := wait("C2"); d != 0 {
		t.Errorf("another channel waits %v", d)
	}
	now = now.Add(10 * time.Second)
	if d := wait("C1"); d != 0 {
		t.Errorf("after a pause C1 waits %v", d)
	}
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		wait(k)
	}
	if n := p.limit.Len(); n > 4 {
		t.Errorf("%d buckets kept, limit 4", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range 5 {
		_ = p.Wait(ctx, "busy")
	}
	if err := p.Wait(ctx, "busy"); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait on a cancelled context: %v", err)
	}
}

// A post whose context ends while it waits for its turn gives the turn back.
func TestPacerGivesBackTheTurnOfACancelledWait(t *testing.T) {
	p := newPacer(time.Hour, 1, 4)
	if err := p.Wait(t.Context(), "C1"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	if err := p.Wait(ctx, "C1"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second post within the hour: %v", err)
	}
	now := time.Now()
	if d := p.reserve("C1", now).DelayFrom(now); d > time.Hour {
		t.Errorf("the next post waits %v: the cancelled turn was not given back", d)
	}
}

func TestUserLocaleAndAdminComeFromTheCacheWithoutWaiting(t *testing.T) {
	fs := newFakeSlack(t)
	h := &echoHandler{}
	a := newTestAdapter(t, Options{Handler: h, BotToken: "xoxb-test", APIURL: fs.GetAPIURL()})
	post(a, formType, commandForm("risks", "")) // first time: not cached, fetched in the background
	a.Shutdown(context.Background())
	a2 := a.users
	if u, ok := a2.Get("U1"); !ok || u.locale != "en-US" {
		t.Fatalf("users.info not cached: %+v %v", u, ok)
	}
	if r := h.requests()[0]; r.Locale != "" {
		t.Errorf("first request waited for users.info: locale %q", r.Locale)
	}
}

func TestMentionsWaitForTheUsersLocale(t *testing.T) {
	fs := newFakeSlack(t)
	h := &echoHandler{}
	a := newTestAdapter(t, Options{Handler: h, BotToken: "xoxb-test", APIURL: fs.GetAPIURL()})
	ev := `{"type":"event_callback","team_id":"T1","event_id":"EvL","event":{"type":"app_mention","user":"U1","text":"<@UB> risks","ts":"1.1","channel":"C1"}}`
	post(a, "application/json", ev)
	fs.next(t)
	if r := h.requests()[0]; r.Locale != "en-US" {
		t.Errorf("mention answered without the user's locale: %q", r.Locale)
	}
}

func TestPostJoinsAPublicChannelItIsNotIn(t *testing.T) {
	fs := newFakeSlack(t)
	fs.notInChannel = 1
	a := newTestAdapter(t, Options{Handler: &echoHandler{}, BotToken: "xoxb-test", APIURL: fs.GetAPIURL()})
	ref, err := a.Post(context.Background(), core.ChannelKey{Platform: "slack", Channel: "C7"}, core.Reply{Body: "quiz"})
	if err != nil || ref.ID == "" {
		t.Fatalf("%+v %v", ref, err)
	}
	var methods []string
	for range 3 {
		methods = append(methods, fs.next(t).method)
	}
	if strings.Join(methods, ",") != "not_in_channel,conversations.join,chat.postMessage" {
		t.Errorf("calls %v", methods)
	}
	fs.mu.Lock()
	fs.notInChannel = 2
	fs.mu.Unlock()
	if _, err := a.Post(context.Background(), core.ChannelKey{Platform: "slack", Channel: "G1"}, core.Reply{Body: "quiz"}); err == nil || !strings.Contains(err.Error(), "not_in_channel") {
		t.Errorf("still not in the channel after joining: %v", err)
	}
}
