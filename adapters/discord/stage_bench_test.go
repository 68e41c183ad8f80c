package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

func BenchmarkStageDecode(b *testing.B) {
	body := []byte(benchBody("risks"))
	for i := 0; i < b.N; i++ {
		if _, err := decodeInteraction(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStageHandle(b *testing.B) {
	e := newCoreEnv(b)
	req := core.Request{Platform: "discord", Kind: core.KindCommand, Text: "risks", Locale: "en-US", User: "U", Channel: "C", Workspace: "G"}
	for i := 0; i < b.N; i++ {
		req.Text = benchTopics[i%len(benchTopics)]
		if _, err := e.a.o.Handler.Handle(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStageRenderEncode(b *testing.B) {
	e := newCoreEnv(b)
	var replies []core.Reply
	for _, t := range benchTopics {
		r, _ := e.a.o.Handler.Handle(context.Background(), core.Request{Platform: "discord", Kind: core.KindCommand, Text: t, Locale: "en-US", User: "U"})
		replies = append(replies, r)
	}
	var buf bytes.Buffer
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := render(replies[i%len(replies)], nil)
		buf.Reset()
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(&response{Type: 4, Data: body(m[0], 64)})
	}
}

func BenchmarkStageRender(b *testing.B) {
	e := newCoreEnv(b)
	var replies []core.Reply
	for _, t := range benchTopics {
		r, _ := e.a.o.Handler.Handle(context.Background(), core.Request{Platform: "discord", Kind: core.KindCommand, Text: t, Locale: "en-US", User: "U"})
		replies = append(replies, r)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = render(replies[i%len(replies)], nil)
	}
}
