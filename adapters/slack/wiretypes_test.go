package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/core/quiz"
	"github.com/bigmodel-bot/bigmodel-bot/internal/tools/apitypes"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// keptPosts is the quiz engine's Poster in this test: it keeps what the engine would post.
type keptPosts struct {
	mu      sync.Mutex
	replies []core.Reply
}

func (k *keptPosts) Post(_ context.Context, _ core.ChannelKey, r core.Reply) (core.MessageRef, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.replies = append(k.replies, r)
	return core.MessageRef{Channel: core.ChannelKey{Platform: Platform, Workspace: "T1", Channel: "C1"}, ID: fmt.Sprint(len(k.replies))}, nil
}

func (k *keptPosts) Update(_ context.Context, _ core.MessageRef, r core.Reply) error {
	return nil
}

// The TypeScript shape of what the adapter sends as an ack or to a response_url, in the
// words of @slack/types; a chat.postMessage's blocks and metadata.
const (
	ackType  = `{ response_type?: "ephemeral" | "in_channel"; replace_original?: boolean; text: string; blocks: KnownBlock[] }`
	postType = `{ text: string; blocks: KnownBlock[]; metadata?: MessageMetadata }`
)

// TestSlackBodiesTypeCheck renders a broad sample of replies as the adapter sends them (every
// command's answer as an ack and as a late response_url post, answers at the limits, the
// adapter's notices, quiz posts with their buttons, a reveal, and a keyed post's metadata) and
// type-checks each against @slack/types with tsc --strict.
func TestSlackBodiesTypeCheck(t *testing.T) {
	ctx := context.Background()
	base, err := knowledge.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	posts := &keptPosts{}
	engine := quiz.New(quiz.Options{Base: base, Store: st, Poster: posts, RevealAfter: time.Hour})
	defer engine.Close()
	bot := core.New(core.Options{Base: base, Search: search.New(base), Prefs: st, Feedback: st, Quiz: engine})
	a := newTestAdapter(t, Options{Handler: bot, LinkAllowed: knowledge.LinkTargets(base)})

	var bodies []apitypes.Body
	add := func(ty, label string, v any) {
		t.Helper()
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		bodies = append(bodies, apitypes.Body{Type: ty, JSON: string(raw), Label: label})
	}
	replies := map[string]core.Reply{"huge": huge(), "empty": {}}
	for _, text := range []string{"help", "topics", "risks", "融资", "how do we raise money?", "what is the weather",
		"lang zh", "lang fr", "hi", "quiz", "answer B", "leaderboard", "quiz status", "quiz subscribe 25:00", "<!channel> risks share"} {
		r, err := bot.Handle(ctx, core.Request{Platform: Platform, Workspace: "T1", Channel: "C1", User: "U1",
			Kind: core.KindCommand, Text: text, CanManage: true})
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		replies[text] = r
	}
	for name, r := range replies {
		add(ackType, "ack "+name, a.commandPayload(result{reply: r}))
		late := a.commandPayload(result{reply: r})
		late.ReplaceOriginal = true
		add(ackType, "response_url "+name, late)
	}
	add(ackType, "notice", notice(core.NoticePending.Both()))
	add(ackType, "failure", a.commandPayload(result{err: context.DeadlineExceeded}))
	posts.mu.Lock()
	quizPosts := append([]core.Reply(nil), posts.replies...)
	posts.mu.Unlock()
	if len(quizPosts) == 0 {
		t.Fatal("the quiz command posted nothing to type-check")
	}
	for i, r := range append(quizPosts, huge()) {
		m := render(r, a.opts.LinkAllowed)
		body := map[string]any{"text": m.Text, "blocks": m.Blocks}
		if i == 0 {
			body["metadata"] = slackgo.SlackMetadata{EventType: MetadataEventType, EventPayload: map[string]any{metadataKey: "q1-C1-20260101"}}
		}
		add(postType, fmt.Sprintf("chat.postMessage %d", i), body)
	}
	apitypes.Check(t, "@slack/types", []string{"KnownBlock", "MessageMetadata"}, bodies)
	if strings.Contains(fmt.Sprint(bodies), `"blocks":null`) {
		t.Error(`a body sends "blocks":null`)
	}
}

// huge is a reply at every limit, with mass mentions in each part.
func huge() core.Reply {
	r := core.Reply{Title: strings.Repeat("T <!channel> ", 40), Footer: strings.Repeat("f @here ", 400), Visibility: core.Public, Lang: knowledge.EN}
	para := strings.Repeat("word 😀 <!everyone> ", 250)
	r.Body = para + "\n\n" + para + "\n\n" + para
	for i := range 30 {
		r.Fields = append(r.Fields, core.Field{Name: strings.Repeat("n", 300), Value: strings.Repeat("v😀", 700)})
		r.Buttons = append(r.Buttons, core.Button{ID: fmt.Sprintf("topic:%02d", i), Label: strings.Repeat("L", 90), Value: strings.Repeat("x", 120)})
	}
	return r
}
