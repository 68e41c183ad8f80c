package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchTopics are the loadgen's topics (../shared/bench): answered, Chinese, a question, a miss.
var benchTopics = []string{"risks", "funding", "融资", "风险管理", "what are the legal risks?", "quarterly roadmap"}

// benchBody is the loadgen's interaction payload for one topic.
func benchBody(topic string) string {
	return `{"application_id":"1200000000000000001","channel_id":"1100000000000000002","data":{"id":"1250000000000000001","name":"bigmodel","options":[{"name":"topic","type":1,"options":[{"name":"name","type":3,"value":` +
		strconv.Quote(topic) + `}]}],"type":1},"guild_id":"1100000000000000001","id":"1300000000000000001","locale":"en-US","member":{"permissions":"0","roles":[],"user":{"discriminator":"0","id":"1000000000000000001","username":"bench"}},"token":"bench-interaction-token","type":2,"version":1}`
}

// BenchmarkHTTPInteraction is one signed /bigmodel topic interaction through the HTTP handler,
// the real core and the embedded base, answered in the body.
func BenchmarkHTTPInteraction(b *testing.B) {
	e := newCoreEnv(b)
	h := e.a.HTTPHandler()
	type signed struct{ body, ts, sig string }
	var reqs []signed
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	for _, t := range benchTopics {
		body := benchBody(t)
		reqs = append(reqs, signed{body, ts, hex.EncodeToString(ed25519.Sign(e.sign.priv, []byte(ts+body)))})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := reqs[i%len(reqs)]
		r := httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(s.body))
		r.Header.Set("X-Signature-Timestamp", s.ts)
		r.Header.Set("X-Signature-Ed25519", s.sig)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"embeds"`) {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}

// BenchmarkVerifyOnly is the floor: the Ed25519 check every interaction needs.
func BenchmarkVerifyOnly(b *testing.B) {
	s := newSigner(b)
	msg := []byte("1700000000" + benchBody("risks"))
	sig := ed25519.Sign(s.priv, msg)
	for i := 0; i < b.N; i++ {
		if !ed25519.Verify(s.pub, msg, sig) {
			b.Fatal("bad signature")
		}
	}
}
