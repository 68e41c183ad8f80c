package discord

import (
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

func TestSubcommandsMapToCoreText(t *testing.T) {
	group := func(name string, args ...opt) opt {
		return opt{Type: 2, Name: "quiz", Options: []opt{sub(name, args...)}}
	}
	cases := []struct {
		o    opt
		want string
	}{
		{sub("topic", str("name", "risks")), "risks"},
		{sub("topic", str("name", "  融资 ")), "融资"},
		{sub("ask", str("question", "what are the legal risks?")), "what are the legal risks?"},
		// Control characters reach core as typed: core cleans every platform's text alike.
		{sub("ask", str("question", "line\nbreak\x00")), "line\nbreak\x00"},
		{sub("topics"), "topics"},
		{sub("help"), "help"},
		{sub("lang", str("language", "zh")), "lang zh"},
		{group("now"), "quiz"},
		{group("answer", str("choice", "B")), "answer B"},
		{group("subscribe", str("when", "weekdays 09:30 Asia/Shanghai")), "quiz subscribe weekdays 09:30 Asia/Shanghai"},
		{group("unsubscribe"), "quiz unsubscribe"},
		{group("status"), "quiz status"},
		{group("leaderboard"), "leaderboard"},
	}
	for n, c := range cases {
		e := newEnv(t, nil)
		e.post(t, command(string(rune('a'+n)), "en-US", c.o).json(t))
		got := e.h.requests()
		if len(got) != 1 || got[0].Text != c.want || got[0].Kind != core.KindCommand {
			t.Errorf("%s %+v: core got %+v, want text %q", c.o.Name, c.o.Options, got, c.want)
		}
	}
}

func TestUnknownCommandIsRefusedWithEmbed(t *testing.T) {
	e := newEnv(t, nil)
	for _, o := range []opt{sub("nope"), {Type: 2, Name: "quiz", Options: []opt{sub("explode")}}, {Type: 2, Name: "other"}} {
		_, body := e.post(t, command("x"+o.Name, "en-US", o).json(t))
		if r := decode(t, body); r.Type != 4 || r.Data.Flags != 64 || len(r.Data.Embeds) == 0 {
			t.Errorf("%s: want an ephemeral embed, got %s", o.Name, body)
		}
	}
	if n := len(e.h.requests()); n != 0 {
		t.Errorf("unknown commands reached core %d times", n)
	}
}

func TestCanManageComesFromTheInteraction(t *testing.T) {
	cases := []struct {
		name   string
		i      ix
		admins []string
		want   bool
	}{
		{"no permissions", command("1", "en-US", sub("help")), nil, false},
		{"manage channels", withMember(command("2", "", sub("help")), member("U1", "16")), nil, true},
		{"manage server", withMember(command("3", "", sub("help")), member("U1", "32")), nil, true},
		{"administrator", withMember(command("4", "", sub("help")), member("U1", "8")), nil, true},
		{"send messages only", withMember(command("5", "", sub("help")), member("U1", "2048")), nil, false},
		{"configured admin", command("6", "", sub("help")), []string{"U1"}, true},
		{"DM with the bot", ix{Type: 2, ID: "7", AppID: "A1", Token: "t", ChannelID: "D1",
			User: map[string]any{"id": "U2", "username": "bo"}, Data: slash(sub("help"))}, nil, true},
	}
	for _, c := range cases {
		e := newEnv(t, func(o *Options) { o.Admins = c.admins })
		e.post(t, c.i.json(t))
		got := e.h.requests()
		if len(got) != 1 || got[0].CanManage != c.want {
			t.Errorf("%s: core got %+v, want CanManage=%v", c.name, got, c.want)
		}
	}
}

func withMember(i ix, m map[string]any) ix { i.Member = m; return i }

func component(id, customID string) ix {
	return ix{Type: 3, ID: id, AppID: "A1", Token: "tok-" + id, Locale: "zh-CN", GuildID: "G1", ChannelID: "C1",
		Member: member("U1", "0"), Message: map[string]any{"id": "M9", "channel_id": "C1"},
		Data: map[string]any{"custom_id": customID, "component_type": 2}}
}

func TestButtonPresses(t *testing.T) {
	e := newEnv(t, nil)
	e.h.reply = func(r core.Request) (core.Reply, error) {
		switch r.ActionID {
		case "lang:zh:risks":
			return core.Reply{Title: "风险", Body: "中文", Replace: true, Visibility: core.Public}, nil
		default:
			return core.Reply{Body: "Thanks for the feedback", Visibility: core.Ephemeral}, nil
		}
	}
	_, body := e.post(t, component("c1", "lang:zh:risks").json(t))
	if r := decode(t, body); r.Type != 7 || r.Data.Flags != 0 || len(r.Data.Embeds) == 0 || r.Data.Embeds[0].Title != "风险" {
		t.Errorf("language toggle: want type 7 update of the message, got %s", body)
	}
	_, body = e.post(t, component("c2", "fb:up:risks|extra").json(t))
	if r := decode(t, body); r.Type != 4 || r.Data.Flags != 64 {
		t.Errorf("feedback: want ephemeral type 4, got %s", body)
	}
	got := e.h.requests()
	if len(got) != 2 {
		t.Fatalf("core got %d requests", len(got))
	}
	if got[0].Kind != core.KindAction || got[0].ActionID != "lang:zh:risks" || got[0].MessageID != "M9" || got[0].Locale != "zh-CN" {
		t.Errorf("toggle request %+v", got[0])
	}
	if got[1].ActionID != "fb:up:risks" || got[1].ActionValue != "extra" {
		t.Errorf("custom_id not split into id and value: %+v", got[1])
	}
}

func TestDuplicateInteractions(t *testing.T) {
	e := newEnv(t, nil)
	// A replayed button press or state-changing command is refused, once handled.
	for _, body := range []string{component("d1", "fb:up:risks").json(t), command("d2", "en-US", opt{Type: 2, Name: "quiz", Options: []opt{sub("now")}}).json(t)} {
		e.post(t, body)
		_, again := e.post(t, body)
		if r := decode(t, again); r.Type != 4 || r.Data.Flags != 64 || !strings.Contains(again, "already handled") && !strings.Contains(again, "已处理") {
			t.Errorf("replayed interaction not refused: %s", again)
		}
	}
	// Lookups change nothing: a repeated one is answered again.
	q := command("d3", "en-US", sub("topic", str("name", "risks"))).json(t)
	e.post(t, q)
	_, again := e.post(t, q)
	if r := decode(t, again); r.Type != 4 || !strings.Contains(again, "risks") {
		t.Errorf("repeated lookup not answered: %s", again)
	}
	if n := len(e.h.requests()); n != 4 {
		t.Errorf("core handled %d requests, want 4 (2 state changes once, the lookup twice)", n)
	}
}

func TestAutocomplete(t *testing.T) {
	e := newEnv(t, nil)
	ac := func(locale, typed string) ix {
		i := command("ac", locale, sub("topic", opt{Type: 3, Name: "name", Value: typed, Focused: true}))
		i.Type = 4
		return i
	}
	_, body := e.post(t, ac("en-US", "ris").json(t))
	r := decode(t, body)
	if r.Type != 8 || len(r.Data.Choices) != 2 || r.Data.Choices[0].Value != "risks" || r.Data.Choices[0].Name != "Risks and challenges of LLM startups" {
		t.Fatalf("autocomplete 'ris' (en): %s", body)
	}
	_, body = e.post(t, ac("zh-CN", "融").json(t))
	r = decode(t, body)
	if r.Type != 8 || len(r.Data.Choices) != 1 || r.Data.Choices[0].Value != "funding" || r.Data.Choices[0].Name != "融资" {
		t.Fatalf("autocomplete '融' (zh): %s", body)
	}
	_, body = e.post(t, ac("en-US", "zzz").json(t))
	if r := decode(t, body); r.Type != 8 || !strings.Contains(body, `"choices":[]`) {
		t.Fatalf("no match must still answer type 8 with an empty list: %s", body)
	}
	if n := len(e.h.requests()); n != 0 {
		t.Errorf("autocomplete reached core.Handle %d times", n)
	}
}

func TestAutocompleteCapsChoices(t *testing.T) {
	e := newEnv(t, nil)
	var many fakeCompleter
	for i := 0; i < 40; i++ {
		many.entries = append(many.entries, entry("t"+strings.Repeat("x", i), strings.Repeat("Long title ", 20), "标题"))
	}
	e.a.o.Completer = many
	i := command("ac", "en-US", sub("topic", opt{Type: 3, Name: "name", Value: "t", Focused: true}))
	i.Type = 4
	_, body := e.post(t, i.json(t))
	r := decode(t, body)
	if len(r.Data.Choices) != 25 {
		t.Fatalf("%d choices, want Discord's maximum of 25", len(r.Data.Choices))
	}
	for _, c := range r.Data.Choices {
		if units(c.Name) > 100 {
			t.Fatalf("choice name of %d characters, limit 100", units(c.Name))
		}
	}
}

func TestMentionInjectionIsDefused(t *testing.T) {
	e := newEnv(t, nil)
	e.h.reply = func(r core.Request) (core.Reply, error) {
		return core.Reply{Title: "You asked: " + r.Text, Body: "Echo: " + r.Text, Footer: r.Text, Visibility: core.Public,
			Fields: []core.Field{{Name: r.Text, Value: r.Text}}}, nil
	}
	_, body := e.post(t, command("m1", "en-US", sub("ask", str("question", "@everyone <@&123> <@456> @here ||spoiler|| `code` [free nitro](https://evil.example/x)"))).json(t))
	r := decode(t, body)
	if r.Data.AllowedMentions == nil || len(r.Data.AllowedMentions.Parse) != 0 {
		t.Fatalf("allowed_mentions not none: %s", body)
	}
	e0 := r.Data.Embeds[0]
	for _, s := range []string{e0.Title, e0.Description, e0.Fields[0].Name, e0.Fields[0].Value, e0.Footer.Text} {
		if strings.Contains(s, "@everyone") || strings.Contains(s, "@here") {
			t.Errorf("mass mention survives: %q", s)
		}
	}
	for _, s := range []string{e0.Title, e0.Description, e0.Fields[0].Value} {
		if strings.Contains(s, "<@") && !strings.Contains(s, `\<@`) || strings.Contains(s, "||s") || strings.Contains(s, " `c") ||
			strings.Contains(s, " [free nitro](") {
			t.Errorf("markdown or mention syntax not escaped: %q", s)
		}
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	h := &fakeHandler{}
	for name, o := range map[string]Options{
		"no handler":         {},
		"short public key":   {Handler: h, PublicKey: make([]byte, 16)},
		"shard out of range": {Handler: h, ShardID: 2, ShardCount: 2},
		"negative shard":     {Handler: h, ShardID: -1},
	} {
		if _, err := New(o); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := New(Options{Handler: h}); err != nil {
		t.Errorf("handler alone: %v", err)
	}
}
