package slack

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// benchTopics are the queries the load benchmark sends.
var benchTopics = []string{"risks", "funding", "融资", "风险管理", "what are the legal risks?", "quarterly roadmap"}

type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}

// BenchmarkSlashCommand is the HTTP hot path: verify, parse, core with the shipped base, render,
// encode. go test -bench SlashCommand -benchtime 1s ./adapters/slack/
func BenchmarkSlashCommand(b *testing.B) {
	bot, base := realBot(b)
	a, err := New(Options{Handler: bot, SigningSecret: testSecret, LinkAllowed: knowledge.LinkTargets(base), Dedup: everyDeliveryNew{}})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	h := a.HTTPHandler()
	type signed struct {
		body []byte
		hdr  http.Header
	}
	var reqs []signed
	for _, topic := range benchTopics {
		body := commandForm(topic, "https://hooks.slack.com/commands/T/1/x")
		r := httptest.NewRequest(http.MethodPost, "/slack/events", nil)
		sign(r, body, time.Now())
		r.Header.Set("Content-Type", formType)
		reqs = append(reqs, signed{[]byte(body), r.Header})
	}
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		s := reqs[i%len(reqs)]
		r := &http.Request{Method: http.MethodPost, Header: s.hdr, Body: http.NoBody, ContentLength: int64(len(s.body))}
		r.Body = readCloser{bytes.NewReader(s.body)}
		clear(w.h)
		h.ServeHTTP(w, r)
	}
}

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

// BenchmarkRender is Block Kit rendering and JSON encoding of a long knowledge base answer.
func BenchmarkRender(b *testing.B) {
	bot, base := realBot(b)
	r, err := bot.Handle(b.Context(), core.Request{Platform: "slack", Kind: core.KindCommand, Text: "risks"})
	if err != nil {
		b.Fatal(err)
	}
	a, _ := New(Options{Handler: bot, LinkAllowed: knowledge.LinkTargets(base)})
	defer a.Close()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		_ = encode(&buf, a.replyPayload(r))
	}
	b.ReportMetric(float64(buf.Len()), "bytes/op")
}

// BenchmarkAdapterOverhead is the slash-command path around a core that answers at once with a
// fixed knowledge-base-sized reply: what the adapter itself costs per command.
func BenchmarkAdapterOverhead(b *testing.B) {
	bot, _ := realBot(b)
	reply, err := bot.Handle(b.Context(), core.Request{Platform: "slack", Kind: core.KindCommand, Text: "risks"})
	if err != nil {
		b.Fatal(err)
	}
	a, err := New(Options{Handler: handlerFunc(func(context.Context, core.Request) (core.Reply, error) { return reply, nil }),
		SigningSecret: testSecret, Dedup: everyDeliveryNew{}})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	body := []byte(commandForm("risks", "https://hooks.slack.com/commands/T/1/x"))
	r0 := httptest.NewRequest(http.MethodPost, "/slack/events", nil)
	sign(r0, string(body), time.Now())
	w := &discardWriter{h: http.Header{}}
	h := a.HTTPHandler()
	b.ReportAllocs()
	for b.Loop() {
		r := &http.Request{Method: http.MethodPost, Header: r0.Header, Body: readCloser{bytes.NewReader(body)}, ContentLength: int64(len(body))}
		clear(w.h)
		h.ServeHTTP(w, r)
	}
}

// everyDeliveryNew lets a benchmark resend one signed request as if each were a new delivery
// (Slack's never repeat a signature), so it measures answering rather than the replay guard.
type everyDeliveryNew struct{}

func (everyDeliveryNew) FirstSeen(context.Context, string, time.Time, time.Duration) (bool, error) {
	return true, nil
}
