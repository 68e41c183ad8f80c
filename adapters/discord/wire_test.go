package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// lateHandler forwards to a handler set after the adapter exists (core's quiz posts through
// the adapter, and the adapter hands requests to core).
type lateHandler struct{ Handler }

// recordingPoster is the adapter as the quiz engine's Poster, keeping what was posted so the
// test can send the tally edit the engine's loop would.
type recordingPoster struct {
	*Adapter
	mu    sync.Mutex
	posts []posted
}

type posted struct {
	ref   core.MessageRef
	reply core.Reply
}

func (p *recordingPoster) Post(ctx context.Context, ch core.ChannelKey, r core.Reply) (core.MessageRef, error) {
	ref, err := p.Adapter.Post(ctx, ch, r)
	if err == nil {
		p.mu.Lock()
		p.posts = append(p.posts, posted{ref, r})
		p.mu.Unlock()
	}
	return ref, err
}

// TestWireBodies sends a broad sample of what the adapter sends to the fake REST API: the
// response to every /bigmodel subcommand (from the gateway, so the response goes to the
// callback endpoint), autocomplete, button presses, long answers at the limits with their
// follow-ups, a deferred answer with its edit, follow-up and delete, quiz posts through the
// real quiz engine, their edits and a reveal, and the command registration. Every body is then
// checked against the rules of Discord's API v10 that a rejected or misbehaving message comes
// from (checkBody).
func TestWireBodies(t *testing.T) {
	ctx := context.Background()
	rest := newFakeREST(t)
	base, err := knowledge.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	idx := search.New(base)
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h := &lateHandler{}
	e := newEnv(t, rest.at, func(o *Options) {
		o.Token, o.AppID, o.Handler, o.Completer, o.LinkAllowed = "xyz", "A1", h, idx, knowledge.LinkTargets(base)
		o.Admins = []string{"U1"}
	})
	poster := &recordingPoster{Adapter: e.a}
	engine := quiz.New(quiz.Options{Base: base, Store: st, Poster: poster, RevealAfter: time.Hour})
	defer engine.Close()
	h.Handler = core.New(core.Options{Base: base, Search: idx, Prefs: st, Feedback: st, Quiz: engine})

	n := 0
	gateway := func(i ix) {
		t.Helper()
		n++
		i.ID, i.Token = fmt.Sprintf("w%d", n), fmt.Sprintf("tok-w%d", n)
		di, err := decodeInteraction([]byte(i.json(t)))
		if err != nil {
			t.Fatal(err)
		}
		e.a.onInteraction(ctx, di) // its response and whatever follows, in order
	}
	// Every subcommand, in both languages, with an answer that fits and one that does not.
	for _, loc := range []string{"en-US", "zh-CN"} {
		for _, o := range []opt{
			sub("topic", str("name", "risks")), sub("topic", str("name", "融资")), sub("topic", str("name", "weather in paris")),
			sub("topic", str("name", "@everyone <@&1> **x** `y`")),
			sub("ask", str("question", "how do we get money?")), sub("topics"), sub("help"),
			sub("lang", str("language", "zh")), sub("lang", str("language", "en")),
			{Type: 2, Name: "quiz", Options: []opt{sub("subscribe", str("when", "daily 09:30"))}},
			{Type: 2, Name: "quiz", Options: []opt{sub("status")}},
			{Type: 2, Name: "quiz", Options: []opt{sub("now")}},
			{Type: 2, Name: "quiz", Options: []opt{sub("answer", str("choice", "B"))}},
			{Type: 2, Name: "quiz", Options: []opt{sub("leaderboard")}},
			{Type: 2, Name: "quiz", Options: []opt{sub("unsubscribe")}},
			sub("nonsense"),
		} {
			gateway(command("", loc, o))
		}
	}
	// Autocomplete, and a DM.
	gateway(ix{Type: 4, AppID: "A1", Locale: "zh-CN", GuildID: "G1", ChannelID: "C1", Member: member("U2", "0"),
		Data: slash(sub("topic", opt{Type: 3, Name: "name", Value: "ri", Focused: true}))})
	gateway(ix{Type: 4, AppID: "A1", Locale: "en-US", GuildID: "G1", ChannelID: "C1", Member: member("U2", "0"),
		Data: slash(sub("topic", opt{Type: 3, Name: "name", Value: "zzzzzz", Focused: true}))})
	gateway(ix{Type: 2, AppID: "A1", Locale: "en-US", ChannelID: "D1", User: map[string]any{"id": "U3", "username": "dm"},
		Data: slash(sub("topic", str("name", "funding")))})
	// Button presses: a related topic, the language switch (replaces its message), feedback,
	// an answer on the quiz post, and an id nobody knows.
	press := func(id string) {
		gateway(ix{Type: 3, AppID: "A1", Locale: "en-US", GuildID: "G1", ChannelID: "C1", Member: member("U4", "0"),
			Message: map[string]any{"id": "M1", "channel_id": "C1"}, Data: map[string]any{"custom_id": id, "component_type": 2}})
	}
	for _, id := range []string{"topic:funding", "lang:zh:risks", "fb:up:risks", "quiz:a:1:C", "nothing:here"} {
		press(id)
	}

	// A reply at every limit at once, answered in time and continued in follow-ups.
	big := newEnv(t, rest.at, func(o *Options) { o.Token, o.AppID = "xyz", "A1" })
	big.h.reply = func(core.Request) (core.Reply, error) { return huge(), nil }
	di, _ := decodeInteraction([]byte(command("big1", "en-US", sub("ask", str("question", "everything"))).json(t)))
	big.a.onInteraction(ctx, di)
	if err := big.a.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	// The same, deferred: the placeholder's edit, the public follow-ups, the placeholder's delete;
	// and a deferred button press whose reply replaces its message.
	for _, i := range []ix{command("slow1", "en-US", sub("ask", str("question", "slow"))),
		{Type: 3, ID: "slow2", AppID: "A1", Token: "tok-slow2", GuildID: "G1", ChannelID: "C1", Member: member("U4", "0"),
			Message: map[string]any{"id": "M1"}, Data: map[string]any{"custom_id": "lang:zh:risks", "component_type": 2}}} {
		slow := newEnv(t, rest.at, func(o *Options) { o.Token, o.AppID, o.DeferAfter = "xyz", "A1", time.Millisecond })
		slow.h.gate = make(chan struct{})
		slow.h.reply = func(core.Request) (core.Reply, error) {
			r := huge()
			r.Replace = true
			return r, nil
		}
		di, _ := decodeInteraction([]byte(i.json(t)))
		done := make(chan struct{})
		go func() { slow.a.onInteraction(ctx, di); close(done) }()
		// The gate holds the answer far past the 1 ms defer deadline: the response is deferred.
		time.Sleep(100 * time.Millisecond)
		close(slow.h.gate)
		<-done
		if err := slow.a.Wait(ctx); err != nil {
			t.Fatal(err)
		}
	}

	// Quiz posts through the Poster: the engine's posts (above), their tally edit, a reveal in
	// their thread, and a long keyed post in parts.
	poster.mu.Lock()
	posts := slices.Clone(poster.posts)
	poster.mu.Unlock()
	if len(posts) == 0 {
		t.Fatal("the quiz engine posted nothing")
	}
	for _, p := range posts {
		if err := e.a.Update(ctx, p.ref, p.reply); err != nil {
			t.Fatal(err)
		}
		reveal := core.Reply{Body: "The answer was **B**. @here", ThreadID: p.ref.ID, IdempotencyKey: "bmr1", Visibility: core.Public}
		if _, err := e.a.Post(ctx, p.ref.Channel, reveal); err != nil {
			t.Fatal(err)
		}
	}
	ch := core.ChannelKey{Platform: Platform, Workspace: "G1", Channel: "C9"}
	keyed := huge()
	keyed.IdempotencyKey = "bmq9"
	ref, err := e.a.Post(ctx, ch, keyed)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.a.Update(ctx, ref, keyed); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.RegisterCommands(ctx, "G5"); err != nil {
		t.Fatal(err)
	}

	// Every body the fake received.
	kinds := map[string]int{}
	var bodies []sentBody
	for done := false; !done; {
		select {
		case c := <-rest.calls:
			k := endpointKind(c.Method, c.Path)
			kinds[k]++
			bodies = append(bodies, sentBody{k, c.Method, c.Path, c.Raw})
			for _, p := range checkBody(k, c.Raw) {
				t.Errorf("%s %s: %s\n%.600s", c.Method, c.Path, p, c.Raw)
			}
		default:
			done = true
		}
	}
	for _, k := range []string{"callback", "follow-up", "edit-original", "delete-original", "channel-post", "channel-edit", "commands"} {
		if kinds[k] == 0 {
			t.Errorf("no %s body in the sample (%v)", k, kinds)
		}
	}
	t.Logf("bodies checked: %v", kinds)
	typecheck(t, bodies)
}

// huge is a reply at every limit: a title over 256, a body of three descriptions, 30 fields of
// the longest names and values, 30 buttons with long labels and ids, a long footer, and mass
// mentions in all of them.
func huge() core.Reply {
	r := core.Reply{Title: strings.Repeat("T @everyone ", 40), Footer: strings.Repeat("f @here ", 400), Visibility: core.Public, Lang: knowledge.EN}
	para := strings.Repeat("word 😀 @everyone ", 250)
	r.Body = para + "\n\n" + para + "\n\n" + para
	for i := range 30 {
		r.Fields = append(r.Fields, core.Field{Name: strings.Repeat("n", 300), Value: strings.Repeat("v😀", 700)})
		r.Buttons = append(r.Buttons, core.Button{ID: fmt.Sprintf("topic:%02d", i), Label: strings.Repeat("L", 90), Value: strings.Repeat("x", 120)})
	}
	return r
}

// endpointKind names the API route a request went to.
func endpointKind(method, path string) string {
	switch {
	case strings.HasSuffix(path, "/callback"):
		return "callback"
	case strings.Contains(path, "/webhooks/") && strings.HasSuffix(path, "/messages/@original"):
		return map[string]string{"PATCH": "edit-original", "DELETE": "delete-original"}[method]
	case strings.Contains(path, "/webhooks/") && method == "POST":
		return "follow-up"
	case strings.HasSuffix(path, "/messages") && method == "POST":
		return "channel-post"
	case strings.Contains(path, "/messages/") && method == "PATCH":
		return "channel-edit"
	case strings.HasSuffix(path, "/commands") && method == "PUT":
		return "commands"
	}
	return method + " " + path
}

// The top-level fields each route takes (discord-api-types v10: RESTPostAPIChannelMessageJSONBody,
// RESTPatchAPIChannelMessageJSONBody, RESTPostAPIWebhookWithTokenJSONBody,
// RESTPatchAPIWebhookWithTokenMessageJSONBody, APIInteractionResponseCallbackData).
var (
	messageFields     = []string{"content", "tts", "embeds", "allowed_mentions", "components", "attachments", "flags", "poll"}
	channelPostFields = append(slices.Clone(messageFields), "nonce", "enforce_nonce", "message_reference", "sticker_ids")
	followUpFields    = append(slices.Clone(messageFields), "username", "avatar_url", "thread_name", "applied_tags")
	editFields        = []string{"content", "embeds", "allowed_mentions", "components", "attachments", "flags"}
	webhookEditFields = []string{"content", "embeds", "allowed_mentions", "components", "attachments", "poll"}
	embedFields       = []string{"title", "type", "description", "url", "timestamp", "color", "footer", "image", "thumbnail", "author", "fields"}
	commandFields     = []string{"id", "type", "name", "name_localizations", "description", "description_localizations", "options",
		"default_member_permissions", "dm_permission", "default_permission", "nsfw", "integration_types", "contexts"}
)

// checkBody lists what in one body breaks Discord's rules for route kind.
func checkBody(kind, raw string) []string {
	var p problems
	if kind == "delete-original" {
		if raw != "" {
			p.add("a DELETE with a body")
		}
		return p
	}
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	noNulls(&p, "", v)
	switch kind {
	case "callback":
		r := obj(&p, "response", v)
		only(&p, "response", r, "type", "data")
		typ, _ := r["type"].(float64)
		data, hasData := r["data"]
		switch typ {
		case 1, 6:
			if hasData {
				p.add("type %v with data", typ)
			}
		case 4, 7:
			checkMessage(&p, obj(&p, "data", data), messageFields, typ == 4)
		case 5:
			only(&p, "data", obj(&p, "data", data), "flags")
		case 8:
			d := obj(&p, "data", data)
			only(&p, "data", d, "choices")
			cs, ok := d["choices"].([]any)
			if !ok || len(cs) > maxChoices {
				p.add("choices %v: want an array of at most 25", d["choices"])
			}
			for _, c := range cs {
				co := obj(&p, "choice", c)
				only(&p, "choice", co, "name", "value", "name_localizations")
				if n, _ := co["name"].(string); n == "" || units(n) > maxChoice || strings.Contains(n, "@everyone") {
					p.add("choice name %q", n)
				}
				if val, _ := co["value"].(string); val == "" || units(val) > maxChoice {
					p.add("choice value %q", val)
				}
			}
		default:
			p.add("response type %v", r["type"])
		}
	case "follow-up":
		checkMessage(&p, obj(&p, "body", v), followUpFields, true)
	case "edit-original":
		checkMessage(&p, obj(&p, "body", v), webhookEditFields, false)
	case "channel-post":
		m := obj(&p, "body", v)
		checkMessage(&p, m, channelPostFields, false)
		if n, ok := m["nonce"].(string); ok && (n == "" || len(n) > 25 || m["enforce_nonce"] != true) {
			p.add("nonce %q: want 1 to 25 characters with enforce_nonce", n)
		}
	case "channel-edit":
		checkMessage(&p, obj(&p, "body", v), editFields, false)
	case "commands":
		cmds, _ := v.([]any)
		if len(cmds) == 0 {
			p.add("no commands")
		}
		for _, c := range cmds {
			co := obj(&p, "command", c)
			only(&p, "command", co, commandFields...)
			named(&p, "command", co)
			checkOptions(&p, co["name"], co["options"], 0)
		}
	default:
		p.add("a request to an unexpected route")
	}
	return p
}

type problems []string

func (p *problems) add(format string, a ...any) { *p = append(*p, fmt.Sprintf(format, a...)) }

func obj(p *problems, what string, v any) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		p.add("%s is %T, want an object", what, v)
	}
	return m
}

// only reports fields the type does not have.
func only(p *problems, what string, m map[string]any, allowed ...string) {
	for k := range m {
		if !slices.Contains(allowed, k) {
			p.add("%s has the unknown field %q", what, k)
		}
	}
}

// noNulls reports every null: no field the bot sends is nullable where it is optional, and
// Discord reads null as "clear this" or rejects it.
func noNulls(p *problems, at string, v any) {
	switch x := v.(type) {
	case nil:
		p.add("null at %s", at)
	case map[string]any:
		for k, e := range x {
			noNulls(p, at+"."+k, e)
		}
	case []any:
		for i, e := range x {
			noNulls(p, fmt.Sprintf("%s[%d]", at, i), e)
		}
	}
}

// u16 is a string's length in UTF-16 code units, as Discord counts its limits.
func u16(v any) int {
	s, _ := v.(string)
	return len(utf16.Encode([]rune(s)))
}

// checkMessage checks one message body: its fields, content and embed limits, components, and that
// no text can ping (allowed_mentions parses nothing, mass mentions are defused anyway).
func checkMessage(p *problems, m map[string]any, allowed []string, create bool) {
	only(p, "message", m, allowed...)
	if u16(m["content"]) > 2000 {
		p.add("content of %d characters", u16(m["content"]))
	}
	am := obj(p, "allowed_mentions", m["allowed_mentions"])
	if parse, ok := am["parse"].([]any); !ok || len(parse) != 0 || am["users"] != nil || am["roles"] != nil {
		p.add("allowed_mentions %v: want parse [] and nothing else allowed", m["allowed_mentions"])
	}
	embeds, _ := m["embeds"].([]any)
	if create && len(embeds) == 0 && m["content"] == nil {
		p.add("an empty message")
	}
	if len(embeds) > maxEmbeds {
		p.add("%d embeds", len(embeds))
	}
	total := 0
	for _, ev := range embeds {
		e := obj(p, "embed", ev)
		only(p, "embed", e, embedFields...)
		for _, lim := range []struct {
			field string
			max   int
		}{{"title", maxTitle}, {"description", maxDescription}} {
			if n := u16(e[lim.field]); n > lim.max {
				p.add("embed %s of %d characters", lim.field, n)
			}
			total += u16(e[lim.field])
		}
		if f, ok := e["footer"]; ok {
			fo := obj(p, "footer", f)
			only(p, "footer", fo, "text", "icon_url")
			if n := u16(fo["text"]); n == 0 || n > 2048 {
				p.add("footer of %d characters", n)
			}
			total += u16(fo["text"])
		}
		fields, _ := e["fields"].([]any)
		if len(fields) > maxFields {
			p.add("%d fields", len(fields))
		}
		for _, fv := range fields {
			f := obj(p, "field", fv)
			only(p, "field", f, "name", "value", "inline")
			if n := u16(f["name"]); n == 0 || n > maxFieldName {
				p.add("field name of %d characters", n)
			}
			if n := u16(f["value"]); n == 0 || n > maxFieldValue {
				p.add("field value of %d characters", n)
			}
			total += u16(f["name"]) + u16(f["value"])
		}
	}
	if total > maxMessage {
		p.add("embeds of %d characters together", total)
	}
	comps, ok := m["components"].([]any)
	if _, present := m["components"]; present && !ok {
		p.add("components %v: want an array", m["components"])
	}
	if len(comps) > maxRows {
		p.add("%d rows of components", len(comps))
	}
	var ids []string
	for _, rv := range comps {
		r := obj(p, "row", rv)
		only(p, "row", r, "type", "components", "id")
		bs, _ := r["components"].([]any)
		if r["type"] != float64(1) || len(bs) == 0 || len(bs) > maxButtonsRow {
			p.add("row %v: want type 1 with 1 to 5 buttons", r)
		}
		for _, bv := range bs {
			b := obj(p, "button", bv)
			only(p, "button", b, "type", "style", "label", "emoji", "custom_id", "url", "disabled", "sku_id", "id")
			id, _ := b["custom_id"].(string)
			if b["type"] != float64(2) || id == "" || len(id) > maxCustomID || b["url"] != nil {
				p.add("button %v: want type 2 with a custom_id of 1 to 100 characters", b)
			}
			if s, _ := b["style"].(float64); s < 1 || s > 4 {
				p.add("button style %v", b["style"])
			}
			if n := u16(b["label"]); n == 0 || n > maxLabel {
				p.add("button label of %d characters", n)
			}
			if slices.Contains(ids, id) {
				p.add("custom_id %q twice in a message", id)
			}
			ids = append(ids, id)
		}
	}
	var texts []string
	strs(&texts, m)
	for _, s := range texts {
		if strings.Contains(s, "@everyone") || strings.Contains(s, "@here") {
			p.add("a mass mention as typed: %.80q", s)
		}
	}
}

func strs(out *[]string, v any) {
	switch x := v.(type) {
	case string:
		*out = append(*out, x)
	case map[string]any:
		for _, e := range x {
			strs(out, e)
		}
	case []any:
		for _, e := range x {
			strs(out, e)
		}
	}
}

var commandName = regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`)

// named checks a command's or option's name and description and their localizations.
func named(p *problems, what string, m map[string]any) {
	check := func(name, desc any) {
		n, _ := name.(string)
		if !commandName.MatchString(n) || strings.ToLower(n) != n {
			p.add("%s name %q", what, n)
		}
		if d := u16(desc); d == 0 || d > 100 {
			p.add("%s %q: description of %d characters", what, n, d)
		}
	}
	check(m["name"], m["description"])
	names, _ := m["name_localizations"].(map[string]any)
	descs, _ := m["description_localizations"].(map[string]any)
	for loc, n := range names {
		check(n, descs[loc])
	}
}

// checkOptions checks the options of a command or subcommand: at most 25, subcommands only at the
// top or in a group, and each kind with the fields it has.
func checkOptions(p *problems, parent, v any, depth int) {
	if v == nil {
		return
	}
	opts, ok := v.([]any)
	if !ok || len(opts) == 0 || len(opts) > 25 {
		p.add("options of %v: want 1 to 25 in an array", parent)
		return
	}
	base := []string{"type", "name", "name_localizations", "description", "description_localizations", "required"}
	for _, ov := range opts {
		o := obj(p, "option", ov)
		named(p, "option", o)
		switch o["type"] {
		case float64(1), float64(2): // subcommand, group
			only(p, fmt.Sprintf("subcommand %v", o["name"]), o, append(base, "options")...)
			if depth > 1 || (o["type"] == float64(2) && depth > 0) {
				p.add("subcommand %v nested too deep", o["name"])
			}
			checkOptions(p, o["name"], o["options"], depth+1)
		case float64(3): // string
			only(p, fmt.Sprintf("option %v", o["name"]), o, append(base, "autocomplete", "choices", "min_length", "max_length")...)
			cs, _ := o["choices"].([]any)
			if o["autocomplete"] == true && len(cs) > 0 {
				p.add("option %v: autocomplete with choices", o["name"])
			}
			if len(cs) > 25 {
				p.add("option %v: %d choices", o["name"], len(cs))
			}
			for _, c := range cs {
				co := obj(p, "choice", c)
				only(p, "choice", co, "name", "name_localizations", "value")
			}
		default:
			p.add("option %v of type %v", o["name"], o["type"])
		}
	}
}
