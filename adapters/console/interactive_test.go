package console

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

func TestAPersonAtATerminalIsGreetedAndPrompted(t *testing.T) {
	var out bytes.Buffer
	c := New(Options{Handler: realBot(), In: strings.NewReader("risks\n\n"), Out: &out, Interactive: true})
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if !strings.HasPrefix(got, "bigmodel-bot — type a topic") || !strings.Contains(got, "Ctrl-D") || !strings.Contains(got, "帮助") {
		t.Errorf("no banner saying what to type and how to quit:\n%s", got)
	}
	// A prompt before each line read: at start, after the answer, after the empty line.
	if n := strings.Count(got, "> "); n != 3 {
		t.Errorf("%d prompts, want 3:\n%s", n, got)
	}
	if !strings.HasSuffix(got, "> \n") {
		t.Errorf("end of input does not leave the shell a fresh line: %q", got[len(got)-min(len(got), 20):])
	}
}

func TestScriptsGetNoBannerOrPrompt(t *testing.T) {
	for _, format := range []string{FormatText, FormatJSONL} {
		interactive := format == FormatJSONL // jsonl never prompts, even when asked to
		var out bytes.Buffer
		c := New(Options{Handler: realBot(), In: strings.NewReader("risks\n"), Out: &out, Format: format, Interactive: interactive})
		if err := c.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out.String(), "Ctrl-D") || strings.Contains(out.String(), "> ") {
			t.Errorf("%s: banner or prompt in script output:\n%s", format, out.String())
		}
	}
}

// promptSignal records the output and says each time a write leaves the prompt waiting.
type promptSignal struct {
	syncBuffer
	prompts chan struct{}
}

func (p *promptSignal) Write(b []byte) (int, error) {
	n, err := p.syncBuffer.Write(b)
	if bytes.HasSuffix(b, []byte("> ")) {
		p.prompts <- struct{}{}
	}
	return n, err
}

func TestAPostWhileThePromptWaitsStartsOnItsOwnLine(t *testing.T) {
	pr, pw := io.Pipe()
	out := &promptSignal{prompts: make(chan struct{}, 16)}
	c := New(Options{Handler: realBot(), In: pr, Out: out, Interactive: true})
	done := make(chan error)
	go func() { done <- c.Run(context.Background()) }()
	<-out.prompts // the banner's prompt
	pw.Write([]byte("risks\n"))
	<-out.prompts // the prompt after the answer: the console now waits for the next line
	ch := core.ChannelKey{Platform: Platform, Workspace: Workspace, Channel: Channel}
	if _, err := c.Post(context.Background(), ch, core.Reply{Title: "Quiz of the day", Body: "Which?"}); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.Contains(got, "> ── post") {
		t.Errorf("the post was glued to the prompt:\n%s", got)
	}
	if i := strings.Index(got, "Which?"); i < 0 || !strings.Contains(got[i:], "\n> ") {
		t.Errorf("no prompt after the post:\n%s", got)
	}
}

func TestInlineCodeIsShownAsText(t *testing.T) {
	r := core.Reply{Body: "Start one with `quiz subscribe 09:00`.", Footer: "answer with `answer A-D`"}
	if got := Text(r, false); strings.Contains(got, "`") || !strings.Contains(got, "Start one with quiz subscribe 09:00.") {
		t.Errorf("plain: %q", got)
	}
	if got := Text(r, true); !strings.Contains(got, bold+"quiz subscribe 09:00"+reset) {
		t.Errorf("colour: %q", got)
	}
}

func TestATallyUpdateInTextIsOneLine(t *testing.T) {
	var out bytes.Buffer
	c := New(Options{Handler: realBot(), Out: &out})
	ch := core.ChannelKey{Platform: Platform, Workspace: Workspace, Channel: Channel}
	quiz := core.Reply{Title: "Quiz", Body: "Which one?\n\n- A. this\n- B. that", Footer: "0 answered", Meta: map[string]string{"quiz_post": "7"}}
	ref, err := c.Post(context.Background(), ch, quiz)
	if err != nil {
		t.Fatal(err)
	}
	quiz.Footer = "1 answered"
	if err := c.Update(context.Background(), ref, quiz); err != nil {
		t.Fatal(err)
	}
	closed := quiz
	closed.Body += "\n\nThe answer was A."
	if err := c.Update(context.Background(), ref, closed); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if n := strings.Count(got, "Which one?"); n != 2 {
		t.Errorf("the question was printed %d times, want 2 (post, changed update):\n%s", n, got)
	}
	// Numbered as the quiz is (its buttons say quiz:a:7:A), not by the console's own count.
	if !strings.HasPrefix(got, "── quiz #7 ──\n") || !strings.Contains(got, "── update #7 ──\n1 answered\n") || !strings.Contains(got, "The answer was A.") {
		t.Errorf("updates:\n%s", got)
	}
}

func TestPressingAButtonThatIsNotOnScreenSaysSo(t *testing.T) {
	h := &recorder{}
	out := converse(t, h, FormatText, "!topic:nowhere", "!", "!important question about risks")
	if n := strings.Count(out, "There is no button"); n != 2 {
		t.Errorf("%d refusals, want 2 (ids only):\n%s", n, out)
	}
	if len(h.reqs) != 1 || h.reqs[0].Text != "!important question about risks" {
		t.Errorf("the core saw %+v, want only the question", h.reqs)
	}
}

func TestCtrlCEndsThePromptLine(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	var out syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	c := New(Options{Handler: realBot(), In: pr, Out: &out, Interactive: true})
	done := make(chan error)
	go func() { done <- c.Run(ctx) }()
	pw.Write([]byte("risks\n"))
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run on cancel: %v", err)
	}
	if got := out.String(); !strings.HasSuffix(got, "\n") {
		t.Errorf("output ends mid-line: %q", got[max(0, len(got)-20):])
	}
}

func TestFieldsUseTheColonOfTheirLanguage(t *testing.T) {
	en := Text(core.Reply{Fields: []core.Field{{Name: "This week", Value: "1. you: 1/1"}}, Lang: "en"}, false)
	zh := Text(core.Reply{Fields: []core.Field{{Name: "本周", Value: "1. you: 1/1"}}, Lang: "zh"}, false)
	if !strings.Contains(en, "This week: 1. you") || !strings.Contains(zh, "本周：1. you") {
		t.Errorf("en %q zh %q", en, zh)
	}
}

// "exit" and "quit" end the session however the lines arrive, so a script's "exit" is not
// answered as a question (nor counted as an unanswered one); "bye" ends only a person's.
func TestExitEndsTheSession(t *testing.T) {
	for _, format := range []string{FormatText, FormatJSONL} {
		for _, inter := range []bool{true, false} {
			for _, word := range []string{"exit", "QUIT", "退出"} {
				h := &recorder{}
				var out bytes.Buffer
				c := New(Options{Handler: h, In: strings.NewReader("risks\n" + word + "\nfunding\n"), Out: &out, Format: format, Interactive: inter})
				if err := c.Run(context.Background()); err != nil {
					t.Fatal(err)
				}
				if len(h.reqs) != 1 || h.reqs[0].Text != "risks" {
					t.Errorf("%s interactive=%v %q: the core saw %d requests, want only the one before it", format, inter, word, len(h.reqs))
				}
			}
		}
	}
	h := &recorder{}
	converse(t, h, FormatText, "bye", "risks")
	if len(h.reqs) != 2 {
		t.Errorf("a script's %q ended the session: %d requests", "bye", len(h.reqs))
	}
}

// The slash command's name works in any letter case.
func TestSlashCommandInAnyCase(t *testing.T) {
	h := &recorder{}
	converse(t, h, FormatText, "/BIGMODEL risks", "/Bigmodel", "/bigmodelx")
	if len(h.reqs) != 3 || h.reqs[0].Kind != core.KindCommand || h.reqs[0].Text != "risks" || h.reqs[1].Kind != core.KindCommand || h.reqs[2].Kind != core.KindMessage {
		t.Errorf("requests %+v", h.reqs)
	}
}
