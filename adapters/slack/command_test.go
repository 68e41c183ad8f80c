package slack

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

func TestFastSlashCommandIsAnsweredInTheAck(t *testing.T) {
	h := &echoHandler{}
	fs := newFakeSlack(t)
	a := newTestAdapter(t, Options{Handler: h, APIURL: fs.GetAPIURL(), Admins: []string{"U1"}})
	w := post(a, formType, commandForm("  risks ", fs.GetAPIURL()+"respond/1"))
	if w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	m := decode(t, w.Body.Bytes())
	if m["response_type"] != "ephemeral" {
		t.Errorf("response_type %v, want ephemeral", m["response_type"])
	}
	blocks, _ := m["blocks"].([]any)
	if len(blocks) == 0 || !strings.Contains(w.Body.String(), "You said: risks") {
		t.Errorf("ack has no Block Kit answer: %s", w.Body)
	}
	reqs := h.requests()
	if len(reqs) != 1 {
		t.Fatalf("core saw %d requests", len(reqs))
	}
	want := core.Request{Platform: "slack", Workspace: "T1", Channel: "C1", User: "U1", UserName: "ann",
		Kind: core.KindCommand, Text: "risks", CanManage: true}
	if reqs[0] != want {
		t.Errorf("request\n got %+v\nwant %+v", reqs[0], want)
	}
	a.Close()
	fs.none(t) // nothing goes to response_url when the ack carries the answer
}

func TestPublicWhenCoreSaysSo(t *testing.T) {
	a := newTestAdapter(t, Options{Handler: handlerFunc(func(context.Context, core.Request) (core.Reply, error) {
		return core.Reply{Body: "shared", Visibility: core.Public}, nil
	})})
	m := decode(t, post(a, formType, commandForm("risks share", "")).Body.Bytes())
	if m["response_type"] != "in_channel" {
		t.Errorf("response_type %v, want in_channel", m["response_type"])
	}
}

func TestSlowSlashCommandIsAckedThenDeliveredToResponseURL(t *testing.T) {
	release := make(chan struct{})
	fs := newFakeSlack(t)
	// The handler is held until the ack is in, so a short real deadline always passes first.
	a := newTestAdapter(t, Options{AckTimeout: 20 * time.Millisecond, APIURL: fs.GetAPIURL(),
		Handler: handlerFunc(func(ctx context.Context, req core.Request) (core.Reply, error) {
			<-release
			return core.Reply{Title: "Funding", Body: "**Angel** rounds", Visibility: core.Ephemeral}, nil
		})})
	// A real server: the interim ack must reach the client while core is still working.
	srv := httptest.NewServer(a.HTTPHandler())
	defer srv.Close()
	done := make(chan string)
	go func() {
		body := commandForm("funding", fs.GetAPIURL()+"respond/7")
		r, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
		r.Header.Set("Content-Type", formType)
		sign(r, body, uniqueNow())
		res, err := http.DefaultClient.Do(r)
		if err != nil {
			done <- err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		done <- strconv.Itoa(res.StatusCode) + " " + string(b)
	}()
	ack := <-done
	if !strings.HasPrefix(ack, "200 ") || !strings.Contains(ack, "Looking that up") || !strings.Contains(ack, `"blocks"`) {
		t.Fatalf("ack: %s", ack)
	}
	close(release)
	c := fs.next(t)
	if c.method != "response_url" {
		t.Fatalf("late answer went to %s", c.method)
	}
	if c.json["replace_original"] != true || !strings.Contains(jsonText(c.json), "*Angel*") {
		t.Errorf("late answer %v", c.json)
	}
}

// A handler's error with no reply gets the adapter's own polite answer (core turns its panics
// into such errors: core's TestAPanicCostsOneReply).
func TestHandlerErrorsGiveAPoliteBlockKitAnswer(t *testing.T) {
	a := newTestAdapter(t, Options{Handler: handlerFunc(func(context.Context, core.Request) (core.Reply, error) {
		return core.Reply{}, errors.New("boom")
	})})
	w := post(a, formType, commandForm("risks", ""))
	if w.Code != 200 || !strings.Contains(w.Body.String(), "something went wrong") || !strings.Contains(w.Body.String(), `"blocks"`) {
		t.Fatalf("got %d %s", w.Code, w.Body)
	}
}

func TestInjectedMentionsAreNeverEchoedAsMarkup(t *testing.T) {
	h := &echoHandler{}
	a := newTestAdapter(t, Options{Handler: h})
	// With should_escape Slack sends typed mentions as tokens and a typed < as &lt;.
	text := "<!channel> <@U999|bob> <!here> &lt;!everyone&gt; <https://evil.example|click> risks"
	w := post(a, formType, commandForm(text, ""))
	got := h.requests()[0].Text
	if want := "@channel @bob @here <!everyone> click (https://evil.example) risks"; got != want {
		t.Errorf("core got %q, want %q", got, want)
	}
	body := w.Body.String()
	for _, bad := range []string{"<!channel>", "<!everyone>", "<@U999", "<!here>", "<https://evil"} {
		if strings.Contains(body, bad) {
			t.Errorf("reply contains live markup %q: %s", bad, body)
		}
	}
	if !strings.Contains(body, "&lt;!everyone&gt;") {
		t.Errorf("typed markup not escaped: %s", body)
	}
}

func TestRepeatedCommandsGetIdenticalAcksFromTheCache(t *testing.T) {
	n := 0
	a := newTestAdapter(t, Options{Handler: handlerFunc(func(_ context.Context, req core.Request) (core.Reply, error) {
		n++
		vis := core.Ephemeral
		if strings.HasSuffix(req.Text, "share") {
			vis = core.Public
		}
		return core.Reply{Title: "T", Body: "**body** " + strings.Fields(req.Text)[0], Visibility: vis}, nil
	})})
	first := post(a, formType, commandForm("risks", "")).Body.String()
	second := post(a, formType, commandForm("risks", "")).Body.String()
	other := post(a, formType, commandForm("funding", "")).Body.String()
	shared := post(a, formType, commandForm("risks share", "")).Body.String()
	if first != second || n != 4 {
		t.Errorf("same reply rendered differently:\n%s\n%s", first, second)
	}
	if other == first || !strings.Contains(other, "funding") {
		t.Errorf("different reply served from cache: %s", other)
	}
	if !strings.Contains(shared, `"in_channel"`) || strings.Contains(first, `"in_channel"`) {
		t.Errorf("visibility mixed up: %s / %s", first, shared)
	}
	if !strings.Contains(first, `"blocks":[{`) || !strings.Contains(first, "*body*") {
		t.Errorf("cached ack %s", first)
	}
}

func TestParseForm(t *testing.T) {
	f, err := parseForm("token=t&text=what+are+the+%3C%21channel%3E%3F&command=%2Fbigmodel&text=second&user_id=U1")
	if err != nil {
		t.Fatal(err)
	}
	if f.cmd.Text != "what are the <!channel>?" || f.cmd.Command != "/bigmodel" || f.cmd.UserID != "U1" {
		t.Errorf("%+v", f)
	}
	for _, bad := range []string{"text=%zz", "text=risks&x=%zz"} {
		if _, err := parseForm(bad); err == nil {
			t.Errorf("malformed form %q accepted", bad)
		}
	}
	if f, _ := parseForm(""); f != (form{}) {
		t.Errorf("empty body gave %+v", f)
	}
}
