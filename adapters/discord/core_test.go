package discord

import (
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// newCoreEnv wires the adapter to the real core, the embedded knowledge base and its index.
func newCoreEnv(t testing.TB) *env {
	t.Helper()
	base, err := knowledge.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	ix := search.New(base)
	bot := core.New(core.Options{Base: base, Search: ix})
	return newEnv(t, func(o *Options) {
		o.Handler = bot
		o.Completer = ix
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	})
}

// allText joins the visible text of a response.
func allText(w wire) string {
	var b strings.Builder
	for _, e := range w.Data.Embeds {
		b.WriteString(e.Title + "\n" + e.Description + "\n")
		for _, f := range e.Fields {
			b.WriteString(f.Name + "\n" + f.Value + "\n")
		}
		if e.Footer != nil {
			b.WriteString(e.Footer.Text + "\n")
		}
	}
	return b.String()
}

func TestThroughCore(t *testing.T) {
	e := newCoreEnv(t)
	cases := []struct {
		locale, sub, opt, value string
		want                    string // regexp over the visible text
	}{
		{"en-US", "topic", "name", "risks", `(?i)technical risk`},
		{"zh-CN", "topic", "name", "融资", `天使轮`},
		{"en-US", "ask", "question", "@everyone what are the legal issues around user data privacy?", `(?i)intellectual|fairness|知识产权|公平`},
		{"en-US", "topic", "name", "quarterly roadmap", `.`}, // no answer: still a helpful embed
		{"en-US", "help", "", "", `(?i)topic`},
	}
	for n, c := range cases {
		o := sub(c.sub)
		if c.opt != "" {
			o = sub(c.sub, str(c.opt, c.value))
		}
		code, body := e.post(t, command("e2e"+string(rune('0'+n)), c.locale, o).json(t))
		if code != 200 {
			t.Fatalf("%s %q: status %d", c.sub, c.value, code)
		}
		r := decode(t, body)
		if r.Type != 4 || len(r.Data.Embeds) == 0 {
			t.Fatalf("%s %q: want type 4 with embeds, got %s", c.sub, c.value, body)
		}
		if !regexp.MustCompile(c.want).MatchString(allText(r)) {
			t.Errorf("%s %q: answer lacks /%s/: %s", c.sub, c.value, c.want, allText(r))
		}
		if strings.Contains(body, "@everyone") {
			t.Errorf("%s %q: raw @everyone in the response", c.sub, c.value)
		}
		if r.Data.AllowedMentions == nil || len(r.Data.AllowedMentions.Parse) != 0 {
			t.Errorf("%s %q: allowed_mentions not none", c.sub, c.value)
		}
		checkLimits(t, r)
	}
}

// checkLimits asserts Discord's message limits on a response.
func checkLimits(t *testing.T, r wire) {
	t.Helper()
	total := 0
	if len(r.Data.Embeds) > maxEmbeds {
		t.Errorf("%d embeds", len(r.Data.Embeds))
	}
	for _, e := range r.Data.Embeds {
		if units(e.Title) > maxTitle || units(e.Description) > maxDescription || len(e.Fields) > maxFields {
			t.Errorf("embed over its limits: title %d, description %d, fields %d", units(e.Title), units(e.Description), len(e.Fields))
		}
		total += units(e.Title) + units(e.Description)
		for _, f := range e.Fields {
			total += units(f.Name) + units(f.Value)
		}
		if e.Footer != nil {
			total += units(e.Footer.Text)
		}
	}
	if total > maxMessage {
		t.Errorf("message has %d characters in embeds, limit %d", total, maxMessage)
	}
	if len(r.Data.Components) > maxRows {
		t.Errorf("%d rows of buttons", len(r.Data.Components))
	}
	seen := map[string]bool{}
	for _, row := range r.Data.Components {
		if len(row.Components) > maxButtonsRow {
			t.Errorf("%d buttons in a row", len(row.Components))
		}
		for _, b := range row.Components {
			if len(b.CustomID) == 0 || len(b.CustomID) > maxCustomID || seen[b.CustomID] || units(b.Label) > maxLabel {
				t.Errorf("bad button %+v", b)
			}
			seen[b.CustomID] = true
		}
	}
}

func TestThroughCoreButtons(t *testing.T) {
	e := newCoreEnv(t)
	_, body := e.post(t, command("b1", "en-US", sub("topic", str("name", "risks"))).json(t))
	r := decode(t, body)
	ids := map[string]string{}
	for _, row := range r.Data.Components {
		for _, b := range row.Components {
			ids[strings.SplitN(b.CustomID, ":", 2)[0]] = b.CustomID
		}
	}
	for _, want := range []string{"topic", "lang", "fb"} {
		if ids[want] == "" {
			t.Fatalf("answer lacks a %q button: %s", want, body)
		}
	}
	// The 中文 toggle replaces the message with the Chinese entry.
	_, body = e.post(t, component("b2", ids["lang"]).json(t))
	if r := decode(t, body); r.Type != 7 || !strings.Contains(allText(r), "风险") {
		t.Errorf("language toggle: want type 7 in Chinese, got %s", body)
	}
	// A related topic answers with that topic.
	_, body = e.post(t, component("b3", ids["topic"]).json(t))
	if r := decode(t, body); (r.Type != 4 && r.Type != 7) || len(r.Data.Embeds) == 0 {
		t.Errorf("related topic: got %s", body)
	}
	// Feedback is acknowledged to the presser alone.
	_, body = e.post(t, component("b4", ids["fb"]).json(t))
	if r := decode(t, body); r.Type != 4 || r.Data.Flags != 64 {
		t.Errorf("feedback: want an ephemeral type 4, got %s", body)
	}
}

func TestThroughCoreAutocomplete(t *testing.T) {
	e := newCoreEnv(t)
	for _, c := range []struct{ locale, typed, want string }{{"en-US", "ris", "risks"}, {"zh-CN", "融", "funding"}, {"en-US", "", "overview"}} {
		i := command("ac", c.locale, sub("topic", opt{Type: 3, Name: "name", Value: c.typed, Focused: true}))
		i.Type = 4
		_, body := e.post(t, i.json(t))
		r := decode(t, body)
		found := false
		for _, ch := range r.Data.Choices {
			found = found || ch.Value == c.want
		}
		if r.Type != 8 || !found || len(r.Data.Choices) > 25 {
			t.Errorf("autocomplete %q (%s): want %q among ≤ 25 choices, got %s", c.typed, c.locale, c.want, body)
		}
	}
}
