package console

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// smallBase is enough to hold a conversation with the real core.
func smallBase() *knowledge.Base {
	return knowledge.NewBase([]*knowledge.Entry{
		{Slug: "risks", Related: []string{"funding"}, Texts: map[knowledge.Lang]*knowledge.Text{
			knowledge.EN: {Title: "Risks and challenges", Answer: "1. **Technical risk:** models are hard.", Explanation: "Plan ahead."},
			knowledge.ZH: {Title: "风险与挑战", Answer: "1. **技术风险：** 模型很难。", Explanation: "提前规划。"},
		}},
		{Slug: "funding", Related: []string{"risks"}, Texts: map[knowledge.Lang]*knowledge.Text{
			knowledge.EN: {Title: "Funding strategy", Answer: "1. **Angel round:** find angels.", Explanation: "Money matters."},
			knowledge.ZH: {Title: "融资策略", Answer: "1. **天使轮：** 寻找天使投资人。", Explanation: "钱很重要。"},
		}},
	})
}

// slugSearch answers a query that names a slug or a Chinese title word; nothing else.
type slugSearch struct{ b *knowledge.Base }

func (s slugSearch) Search(q string) search.Result {
	for _, e := range s.b.Entries {
		if q == e.Slug {
			return search.Result{Best: e, Score: 1, Lang: knowledge.EN}
		}
		if zh, ok := e.Texts[knowledge.ZH]; ok && strings.Contains(zh.Title, q) {
			return search.Result{Best: e, Score: 0.9, Lang: knowledge.ZH}
		}
	}
	return search.Result{}
}

// stubQuiz answers quiz commands the way a quiz engine would, enough to see them delegated.
type stubQuiz struct{}

func (stubQuiz) Command(_ context.Context, req core.Request, cmd core.QuizCommand, _ knowledge.Lang) (core.Reply, error) {
	return core.Reply{Body: fmt.Sprintf("%s %s by %s", cmd.Name, cmd.Args, req.User)}, nil
}

func (stubQuiz) Action(_ context.Context, req core.Request, _ knowledge.Lang) (core.Reply, error) {
	return core.Reply{Body: "pressed " + req.ActionID}, nil
}

func realBot() *core.Bot {
	b := smallBase()
	return core.New(core.Options{Base: b, Search: slugSearch{b}, Quiz: stubQuiz{}})
}

// converse runs a console over the typed lines and returns what it printed.
func converse(t *testing.T, h Handler, format string, lines ...string) string {
	t.Helper()
	var out bytes.Buffer
	c := New(Options{Handler: h, In: strings.NewReader(strings.Join(lines, "\n")), Out: &out, Format: format})
	if err := c.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return out.String()
}

func TestAConversationInTheTerminal(t *testing.T) {
	out := converse(t, realBot(), FormatText, "/bigmodel risks", "融资", "/bigmodel what is the weather in Paris tomorrow")
	for _, want := range []string{
		"Risks and challenges\n\n1. Technical risk: models are hard.\n\nExplanation: Plan ahead.",
		"[!topic:funding] Funding strategy",
		"[!lang:zh:risks] 中文",
		"risks · /bigmodel risks",
		"融资策略\n\n1. 天使轮： 寻找天使投资人。",
		"No answer",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "**") || strings.Contains(out, "\x1b[") {
		t.Errorf("plain output has Markdown or ANSI:\n%s", out)
	}
	if strings.Contains(out, "fb:up") {
		t.Errorf("feedback buttons clutter the terminal:\n%s", out)
	}
	if n := strings.Count(out, "Technical risk"); n != 1 {
		t.Errorf("the off-topic question got an entry (%d mentions of Technical risk)", n)
	}
}

func TestColorOnlyWhenAsked(t *testing.T) {
	var out bytes.Buffer
	c := New(Options{Handler: realBot(), In: strings.NewReader("/bigmodel risks\n"), Out: &out, Color: true})
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), bold+"Risks and challenges"+reset) || !strings.Contains(out.String(), bold+"Technical risk:"+reset) {
		t.Errorf("no ANSI bold:\n%q", out.String())
	}
}

func TestPressingAButtonByTypingItsID(t *testing.T) {
	out := converse(t, realBot(), FormatText, "/bigmodel risks", "!lang:zh:risks", "!topic:funding", "!topic:nowhere")
	if !strings.Contains(out, "风险与挑战") {
		t.Errorf("the language toggle did not show Chinese:\n%s", out)
	}
	if !strings.Contains(out, "融资策略") {
		t.Errorf("the related topic (pressed from the Chinese answer) is not in Chinese:\n%s", out)
	}
	if !strings.Contains(out, "There is no button !topic:nowhere on screen") {
		t.Errorf("a button never shown should be refused, not pressed:\n%s", out)
	}
}

func TestTheRequestsTheCoreSees(t *testing.T) {
	h := &recorder{}
	converse(t, h, FormatText, "/bigmodel risks share", "/bigmodel", "  how do we raise money?  ", "", "/bigmodelrisks", "/bigmodel answer B", "answer B")
	want := []core.Request{
		{Kind: core.KindCommand, Text: "risks share"},
		{Kind: core.KindCommand, Text: ""},
		{Kind: core.KindMessage, DM: true, Text: "how do we raise money?"},
		{Kind: core.KindMessage, DM: true, Text: "/bigmodelrisks"},
		{Kind: core.KindCommand, Text: "answer B"},
		{Kind: core.KindMessage, DM: true, Text: "answer B"},
	}
	if len(h.reqs) != len(want) {
		t.Fatalf("core saw %d requests, want %d: %+v", len(h.reqs), len(want), h.reqs)
	}
	for i, got := range h.reqs {
		w := want[i]
		if got.Kind != w.Kind || got.DM != w.DM || got.Text != w.Text {
			t.Errorf("request %d = %s dm=%v %q, want %s dm=%v %q", i, got.Kind, got.DM, got.Text, w.Kind, w.DM, w.Text)
		}
		if got.Platform != "console" || got.Workspace != "local" || got.Channel != "console" || got.User != "you" || !got.CanManage || got.Locale != "" {
			t.Errorf("request %d identity: %+v", i, got)
		}
	}
}

func TestAScriptedUserAnswersAQuiz(t *testing.T) {
	out := converse(t, realBot(), FormatJSONL, "/bigmodel quiz", "/bigmodel answer B", "answer c", "回答D", "/bigmodel leaderboard")
	lines := decode(t, out)
	want := []string{"quiz  by you", "answer B by you", "answer C by you", "answer D by you", "leaderboard  by you"}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines:\n%s", len(lines), out)
	}
	for i, l := range lines {
		if l.Text != want[i] || l.Type != "reply" {
			t.Errorf("line %d = %+v, want text %q", i, l, want[i])
		}
	}
}

func TestEndOfInputAndCancelEndRunCleanly(t *testing.T) {
	if err := New(Options{Handler: realBot(), Out: io.Discard}).Run(context.Background()); err != nil {
		t.Errorf("empty input: %v", err)
	}
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := New(Options{Handler: realBot(), In: pr, Out: io.Discard}).Run(ctx); err != nil {
		t.Errorf("canceled: %v", err)
	}
	if err := New(Options{Handler: realBot(), Out: io.Discard, Format: "xml"}).Run(context.Background()); err == nil {
		t.Error("unknown format accepted")
	}
	if err := New(Options{Handler: realBot(), In: errReader{}, Out: io.Discard}).Run(context.Background()); err == nil || !strings.Contains(err.Error(), "disk gone") {
		t.Errorf("read error: %v", err)
	}
}

func TestHostileLines(t *testing.T) {
	lines := []string{strings.Repeat("a", 200_000), "\xff\xfe\xc3\x28 risks", "\x1b[31mred\x1b[0m risks", "<!channel> risks", "@everyone 融资"}
	out := converse(t, realBot(), FormatText, lines...)
	if strings.Contains(out, "\x1b") {
		t.Errorf("an escape sequence reached the terminal: %q", out)
	}
	if strings.Contains(out, "<!channel>") || strings.Contains(out, "@everyone") {
		t.Errorf("a broadcast mention was echoed:\n%s", out)
	}
	if !strings.Contains(out, "risks · /bigmodel risks") || !strings.Contains(out, "融资策略") {
		t.Errorf("mention-laden lines did not find their topics:\n%s", out)
	}
	jl := decode(t, converse(t, realBot(), FormatJSONL, lines...))
	if len(jl) != len(lines) {
		t.Errorf("%d jsonl lines for %d inputs", len(jl), len(lines))
	}
}

func TestAHandlerErrorStillAnswersAndGoesOn(t *testing.T) {
	out := converse(t, failing{}, FormatText, "risks", "funding")
	if strings.Count(out, "something went wrong") != 2 {
		t.Errorf("output:\n%s", out)
	}
}

type recorder struct{ reqs []core.Request }

func (r *recorder) Handle(_ context.Context, req core.Request) (core.Reply, error) {
	r.reqs = append(r.reqs, req)
	return core.Reply{Body: "ok"}, nil
}

type failing struct{}

func (failing) Handle(context.Context, core.Request) (core.Reply, error) {
	return core.Reply{}, errors.New("boom")
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk gone") }
