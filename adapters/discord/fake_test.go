package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// fakeHandler records requests and answers with a reply built from them. When gate is set,
// Handle waits for a value on it before answering.
type fakeHandler struct {
	mu    sync.Mutex
	reqs  []core.Request
	reply func(core.Request) (core.Reply, error)
	gate  chan struct{}
	calls chan core.Request
}

func (h *fakeHandler) Handle(ctx context.Context, req core.Request) (core.Reply, error) {
	h.mu.Lock()
	h.reqs = append(h.reqs, req)
	h.mu.Unlock()
	if h.calls != nil {
		h.calls <- req
	}
	if h.gate != nil {
		select {
		case <-h.gate:
		case <-ctx.Done():
			return core.Reply{}, ctx.Err()
		}
	}
	if h.reply != nil {
		return h.reply(req)
	}
	return core.Reply{Title: "Topic " + req.Text, Body: "Answer about **" + req.Text + "**.", Visibility: core.Public,
		Buttons: []core.Button{{ID: "topic:funding", Label: "Funding"}, {ID: "fb:up:risks", Label: "Helpful"}}}, nil
}

func (h *fakeHandler) requests() []core.Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]core.Request(nil), h.reqs...)
}

// fakeCompleter completes over a fixed list of entries by slug prefix.
type fakeCompleter struct{ entries []*knowledge.Entry }

func (f fakeCompleter) Complete(prefix string, lang knowledge.Lang, limit int) []*knowledge.Entry {
	var out []*knowledge.Entry
	for _, e := range f.entries {
		t, _ := e.In(lang)
		if strings.HasPrefix(e.Slug, strings.ToLower(prefix)) || strings.Contains(t.Title, prefix) {
			out = append(out, e)
		}
		if len(out) == limit {
			break
		}
	}
	return out
}

func entry(slug, en, zh string) *knowledge.Entry {
	return &knowledge.Entry{Slug: slug, Texts: map[knowledge.Lang]*knowledge.Text{
		knowledge.EN: {Title: en, Answer: "a"}, knowledge.ZH: {Title: zh, Answer: "答"}}}
}

// signer signs interactions the way Discord does.
type signer struct {
	pub  ed25519.PublicKey
	priv ed25519.PrivateKey
}

func newSigner(t testing.TB) signer {
	seed := bytes.Repeat([]byte{7}, ed25519.SeedSize)
	priv := ed25519.NewKeyFromSeed(seed)
	return signer{pub: priv.Public().(ed25519.PublicKey), priv: priv}
}

// request builds a signed POST with the given timestamp.
func (s signer) request(t testing.TB, body string, at time.Time) *http.Request {
	t.Helper()
	ts := strconv.FormatInt(at.Unix(), 10)
	r := httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Signature-Timestamp", ts)
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(s.priv, []byte(ts+body))))
	return r
}

// env is an adapter under test with its fakes.
type env struct {
	a    *Adapter
	h    *fakeHandler
	sign signer
}

// newEnv builds an adapter with a fake handler, clock and completer; mods (nil ones skipped)
// change its options first.
func newEnv(t testing.TB, mods ...func(*Options)) *env {
	t.Helper()
	e := &env{h: &fakeHandler{}, sign: newSigner(t)}
	o := Options{Handler: e.h, PublicKey: e.sign.pub, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Completer: fakeCompleter{[]*knowledge.Entry{
			entry("risks", "Risks and challenges of LLM startups", "大模型创业的风险与挑战"),
			entry("risk-management", "Risk management", "风险管理"),
			entry("funding", "Funding", "融资"),
		}}}
	for _, mod := range mods {
		if mod != nil {
			mod(&o)
		}
	}
	a, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	e.a = a
	return e
}

// post sends a signed interaction through the HTTP handler and returns status and body.
func (e *env) post(t testing.TB, body string) (int, string) {
	t.Helper()
	w := httptest.NewRecorder()
	e.a.HTTPHandler().ServeHTTP(w, e.sign.request(t, body, time.Now()))
	return w.Code, w.Body.String()
}

// wire is an interaction response as Discord reads it.
type wire struct {
	Type int `json:"type"`
	Data struct {
		Embeds []struct {
			Title       string `json:"title"`
			Description string `json:"description"`
			Fields      []struct{ Name, Value string }
			Footer      *struct{ Text string }
		} `json:"embeds"`
		Components []struct {
			Type       int `json:"type"`
			Components []struct {
				Type     int    `json:"type"`
				Label    string `json:"label"`
				CustomID string `json:"custom_id"`
			} `json:"components"`
		} `json:"components"`
		AllowedMentions *struct {
			Parse []string `json:"parse"`
		} `json:"allowed_mentions"`
		Flags   int `json:"flags"`
		Choices []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"choices"`
	} `json:"data"`
}

func decode(t testing.TB, body string) wire {
	t.Helper()
	var w wire
	if err := json.Unmarshal([]byte(body), &w); err != nil {
		t.Fatalf("response is not JSON: %v: %q", err, body)
	}
	return w
}

// interaction builds an interaction payload.
type ix struct {
	Type      int    `json:"type"`
	ID        string `json:"id"`
	AppID     string `json:"application_id"`
	Token     string `json:"token"`
	Locale    string `json:"locale,omitempty"`
	GuildID   string `json:"guild_id,omitempty"`
	ChannelID string `json:"channel_id"`
	Member    any    `json:"member,omitempty"`
	User      any    `json:"user,omitempty"`
	Message   any    `json:"message,omitempty"`
	Data      any    `json:"data,omitempty"`
}

func (i ix) json(t testing.TB) string {
	t.Helper()
	b, err := json.Marshal(i)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func member(id, perms string) map[string]any {
	return map[string]any{"user": map[string]any{"id": id, "username": "ann"}, "permissions": perms}
}

type opt struct {
	Type    int    `json:"type"`
	Name    string `json:"name"`
	Value   any    `json:"value,omitempty"`
	Focused bool   `json:"focused,omitempty"`
	Options []opt  `json:"options,omitempty"`
}

// slash builds /bigmodel data with the given top option.
func slash(o opt) map[string]any {
	return map[string]any{"id": "9", "name": "bigmodel", "type": 1, "options": []opt{o}}
}

func sub(name string, args ...opt) opt { return opt{Type: 1, Name: name, Options: args} }
func str(name, v string) opt           { return opt{Type: 3, Name: name, Value: v} }

// command is a guild slash command from user U1 with no permissions.
func command(id, locale string, o opt) ix {
	return ix{Type: 2, ID: id, AppID: "A1", Token: "tok-" + id, Locale: locale, GuildID: "G1", ChannelID: "C1",
		Member: member("U1", "0"), Data: slash(o)}
}
