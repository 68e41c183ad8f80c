package discord

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

func TestPosterPostsAndUpdates(t *testing.T) {
	rest := newFakeREST(t)
	e := newEnv(t, rest.at, func(o *Options) { o.Token = "Bot xyz" })
	ch := core.ChannelKey{Platform: "discord", Workspace: "G1", Channel: "C7"}
	quiz := core.Reply{Title: "Quiz", Body: "Which is a risk?", Visibility: core.Public,
		Buttons: []core.Button{{ID: "quiz:p1:A", Label: "A"}, {ID: "quiz:p1:B", Label: "B"}}}
	ref, err := e.a.Post(context.Background(), ch, quiz)
	if err != nil {
		t.Fatal(err)
	}
	c := rest.next(t)
	if c.Method != "POST" || c.Path != "/api/v10/channels/C7/messages" || !strings.Contains(c.Raw, `"custom_id":"quiz:p1:A"`) {
		t.Fatalf("post: %s %s %s", c.Method, c.Path, c.Raw)
	}
	mentionsOff(t, c)
	if ref.ID == "" || ref.Channel != ch {
		t.Fatalf("ref %+v", ref)
	}
	reveal := quiz
	reveal.Body, reveal.Buttons = "The answer was B.", nil
	if err := e.a.Update(context.Background(), ref, reveal); err != nil {
		t.Fatal(err)
	}
	c = rest.next(t)
	if c.Method != "PATCH" || c.Path != "/api/v10/channels/C7/messages/"+ref.ID || !strings.Contains(c.Raw, "The answer was B.") {
		t.Fatalf("update: %s %s %s", c.Method, c.Path, c.Raw)
	}
	if !strings.Contains(c.Raw, `"components":[]`) {
		t.Errorf("update must clear the answered quiz's buttons: %s", c.Raw)
	}
	mentionsOff(t, c)
}

func TestPosterWaitsOutRateLimits(t *testing.T) {
	rest := newFakeREST(t)
	e := newEnv(t, rest.at, func(o *Options) { o.Token = "xyz" })
	rest.status429["/channels/C8/messages"] = 2
	if _, err := e.a.Post(context.Background(), core.ChannelKey{Channel: "C8"}, core.Reply{Body: "hi"}); err != nil {
		t.Fatalf("post after two 429s: %v", err)
	}
	for i := 0; i < 3; i++ {
		if c := rest.next(t); c.Path != "/api/v10/channels/C8/messages" {
			t.Fatalf("call %d: %s", i, c.Path)
		}
	}
	rest.none(t)
}

func TestPosterNeedsAToken(t *testing.T) {
	e := newEnv(t, nil)
	if _, err := e.a.Post(context.Background(), core.ChannelKey{Channel: "C1"}, core.Reply{Body: "x"}); !errors.Is(err, errNoToken) {
		t.Errorf("post without token: %v", err)
	}
	if err := e.a.Update(context.Background(), core.MessageRef{ID: "1"}, core.Reply{Body: "x"}); !errors.Is(err, errNoToken) {
		t.Errorf("update without token: %v", err)
	}
}

func TestRegisterCommands(t *testing.T) {
	rest := newFakeREST(t)
	e := newEnv(t, rest.at, func(o *Options) { o.Token = "xyz"; o.AppID = "200" })
	for _, c := range []struct{ guild, path string }{
		{"", "/api/v10/applications/200/commands"},
		{"G5", "/api/v10/applications/200/guilds/G5/commands"},
	} {
		got, err := e.a.RegisterCommands(context.Background(), c.guild)
		if err != nil {
			t.Fatal(err)
		}
		call := rest.next(t)
		if call.Method != "PUT" || call.Path != c.path {
			t.Errorf("guild %q: %s %s, want PUT %s", c.guild, call.Method, call.Path, c.path)
		}
		var sent []map[string]any
		if err := json.Unmarshal([]byte(call.Raw), &sent); err != nil || len(sent) != 1 || sent[0]["name"] != "bigmodel" {
			t.Errorf("body is not the command array: %v %s", err, call.Raw)
		}
		if len(got) != 1 {
			t.Errorf("registered %d commands", len(got))
		}
	}
	noApp := newEnv(t, func(o *Options) { o.Token = "xyz" })
	if _, err := noApp.a.RegisterCommands(context.Background(), ""); err == nil || !strings.Contains(err.Error(), "application id") {
		t.Errorf("missing application id: %v", err)
	}
}

func TestKeyedPostSentTwiceIsOneMessage(t *testing.T) {
	rest := newFakeREST(t)
	e := newEnv(t, rest.at, func(o *Options) { o.Token = "xyz" })
	ch := core.ChannelKey{Platform: "discord", Workspace: "G1", Channel: "C9"}
	quiz := core.Reply{Title: "Quiz", Body: "Which is a risk?", Visibility: core.Public, IdempotencyKey: "bmq42",
		Buttons: []core.Button{{ID: "quiz:a:42:A", Label: "A"}}}
	first, err := e.a.Post(context.Background(), ch, quiz)
	if err != nil {
		t.Fatal(err)
	}
	c := rest.next(t)
	if c.Body["nonce"] != "bmq42" || c.Body["enforce_nonce"] != true || !strings.Contains(c.Raw, `"custom_id":"quiz:a:42:A"`) {
		t.Fatalf("keyed post: %s", c.Raw)
	}
	mentionsOff(t, c)
	// A takeover sends the same key again: Discord answers with the first message.
	again, err := e.a.Post(context.Background(), ch, quiz)
	if err != nil || again.ID != first.ID {
		t.Fatalf("second send = %+v, %v; want the first message %s", again, err, first.ID)
	}
	rest.next(t)
	other, _ := e.a.Post(context.Background(), ch, core.Reply{Body: "plain"})
	if c := rest.next(t); c.Body["nonce"] != nil || other.ID == first.ID {
		t.Errorf("an unkeyed post: %s -> %s", c.Raw, other.ID)
	}
	if w := e.a.DedupWindow(ch); w <= 0 || w > 5*time.Minute {
		t.Errorf("DedupWindow = %v", w)
	}
}
