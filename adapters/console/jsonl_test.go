package console

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

func TestJSONLines(t *testing.T) {
	out := converse(t, realBot(), FormatJSONL, "/bigmodel risks", "<b>weather</b> & <!channel>")
	lines := decode(t, out)
	if len(lines) != 2 {
		t.Fatalf("want 2 lines, got:\n%s", out)
	}
	a := lines[0]
	if a.Type != "reply" || a.Channel != "console" || a.Meta["slug"] != "risks" || a.ID != "" {
		t.Errorf("answer line %+v", a)
	}
	if !strings.HasPrefix(a.Text, "Risks and challenges\n\n1. Technical risk: models are hard.") || strings.Contains(a.Text, "**") {
		t.Errorf("answer text %q", a.Text)
	}
	if len(a.Buttons) == 0 || a.Buttons[0].ID != "topic:funding" || a.Buttons[0].Label != "Funding strategy" {
		t.Errorf("buttons %+v", a.Buttons)
	}
	n := lines[1]
	if n.Meta["slug"] != "" || n.Buttons == nil || strings.Contains(n.Text, "<!channel>") {
		t.Errorf("no-answer line %+v", n)
	}
	if !strings.Contains(out, "<b>weather</b> &") {
		t.Errorf("user text was HTML-escaped in JSON: %s", out)
	}
	for _, raw := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		json.Unmarshal([]byte(raw), &m)
		for _, k := range []string{"type", "channel", "text", "buttons", "meta"} {
			if _, ok := m[k]; !ok {
				t.Errorf("line lacks %q: %s", k, raw)
			}
		}
	}
}

func TestPostAndUpdateFromAnotherGoroutine(t *testing.T) {
	pr, pw := io.Pipe()
	var out syncBuffer
	c := New(Options{Handler: realBot(), In: pr, Out: &out, Format: FormatJSONL})
	done := make(chan error)
	go func() { done <- c.Run(context.Background()) }()

	var wg sync.WaitGroup
	ch := core.ChannelKey{Platform: "console", Workspace: "local", Channel: "console"}
	refs := make([]core.MessageRef, 10)
	for i := range refs {
		wg.Go(func() {
			ref, err := c.Post(context.Background(), ch, core.Reply{Title: "Quiz", Body: "Which?", Buttons: []core.Button{{ID: "quiz:a", Label: "A"}},
				Meta: map[string]string{"quiz_post": fmt.Sprint(i)}})
			if err != nil {
				t.Error(err)
			}
			refs[i] = ref
		})
	}
	fmt.Fprintln(pw, "/bigmodel risks")
	wg.Wait()
	if err := c.Update(context.Background(), refs[3], core.Reply{Body: "closed"}); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	lines := decode(t, out.String())
	posts, ids := 0, map[string]bool{}
	var updates []line
	for _, l := range lines {
		if l.Type == "update" {
			updates = append(updates, l)
		}
		if l.Type == "post" {
			posts++
			ids[l.ID] = true
			if l.Meta["quiz_post"] == "" || len(l.Buttons) != 1 {
				t.Errorf("post %+v", l)
			}
		}
	}
	if posts != 10 || len(ids) != 10 {
		t.Errorf("%d posts with %d distinct ids", posts, len(ids))
	}
	if len(updates) != 1 || updates[0].ID != refs[3].ID || updates[0].Text != "closed" {
		t.Errorf("update lines %+v (ref %+v)", updates, refs[3])
	}
	if len(lines) != 12 {
		t.Errorf("%d lines, want 10 posts, 1 reply, 1 update", len(lines))
	}
	if refs[3].Channel != ch {
		t.Errorf("ref channel %+v", refs[3].Channel)
	}
}

type line struct {
	Type    string            `json:"type"`
	ID      string            `json:"id"`
	Channel string            `json:"channel"`
	Text    string            `json:"text"`
	Buttons []jsonButton      `json:"buttons"`
	Meta    map[string]string `json:"meta"`
}

func decode(t *testing.T, out string) []line {
	t.Helper()
	var ls []line
	for _, raw := range strings.Split(strings.TrimSpace(out), "\n") {
		var l line
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("not JSON: %q: %v", raw, err)
		}
		ls = append(ls, l)
	}
	return ls
}

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
