package slack

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"
	"github.com/slack-go/slack/socketmode"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// usersInfo is a Slack Web API whose users.info answers as the test says and counts its calls.
type usersInfo struct {
	url     string
	calls   atomic.Int32
	release chan struct{} // "block": users.info answers only once this closes
}

// newUsersInfo serves users.info: "admin", "owner", "member", "error" (ok:false), or "block"
// (no answer until the test ends).
func newUsersInfo(t *testing.T, mode string) *usersInfo {
	t.Helper()
	u := &usersInfo{release: make(chan struct{})}
	srv := slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/users.info", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			u.calls.Add(1)
			w.Header().Set("Content-Type", "application/json")
			switch mode {
			case "error":
				_, _ = io.WriteString(w, `{"ok":false,"error":"user_not_found"}`)
				return
			case "block":
				select {
				case <-u.release:
				case <-r.Context().Done():
				}
				_, _ = io.WriteString(w, `{"ok":false,"error":"too_late"}`)
				return
			}
			_, _ = io.WriteString(w, `{"ok":true,"user":{"id":"U1","name":"ann","locale":"zh-CN","is_admin":`+
				boolJSON(mode == "admin")+`,"is_owner":`+boolJSON(mode == "owner")+`}}`)
		})
	})
	srv.Start()
	t.Cleanup(srv.Stop)
	u.url = srv.GetAPIURL()
	return u
}

func boolJSON(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// manageHandler refuses schedule changes as core does: only CanManage may, and the refusal says
// why in Meta. It records what core was asked.
type manageHandler struct{ echoHandler }

func (h *manageHandler) Handle(ctx context.Context, req core.Request) (core.Reply, error) {
	_, _ = h.echoHandler.Handle(ctx, req)
	if !strings.HasPrefix(req.Text, "quiz subscribe") {
		return core.Reply{Body: "Answer about " + req.Text, Visibility: core.Ephemeral}, nil
	}
	if !req.CanManage {
		return core.Reply{Body: "Only channel managers or bot admins can change this channel's quiz schedule.",
			Visibility: core.Ephemeral, Needs: core.NeedsManage}, nil
	}
	return core.Reply{Body: "Subscribed: daily 09:00 UTC", Visibility: core.Ephemeral}, nil
}

func manageAdapter(t *testing.T, mode string, ackTimeout time.Duration) (*Adapter, *usersInfo, *manageHandler) {
	t.Helper()
	u := newUsersInfo(t, mode)
	h := &manageHandler{}
	a := newTestAdapter(t, Options{Handler: h, BotToken: "xoxb-test", APIURL: u.url, AckTimeout: ackTimeout})
	t.Cleanup(func() { close(u.release) }) // runs before the adapter's Close
	return a, u, h
}

func TestFirstScheduleChangeWaitsForTheUsersAdminStatus(t *testing.T) {
	cases := []struct {
		mode     string
		accepted bool
	}{
		{"admin", true},
		{"owner", true},
		{"member", false},
		{"error", false}, // users.info failing: refused, and asked again next time
	}
	for _, c := range cases {
		t.Run(c.mode, func(t *testing.T) {
			a, u, h := manageAdapter(t, c.mode, 0)
			for i, wantCalls := range []int32{1, 1} {
				if c.mode == "error" {
					wantCalls = int32(i + 1)
				}
				body := post(a, formType, commandForm("quiz subscribe 09:00", "")).Body.String()
				if got := strings.Contains(body, "Subscribed"); got != c.accepted {
					t.Errorf("request %d: accepted=%v, want %v: %s", i+1, got, c.accepted, body)
				}
				if !c.accepted && !strings.Contains(body, "Only channel managers") {
					t.Errorf("request %d: no refusal in %s", i+1, body)
				}
				// The ack waited for the look-up it needed, so the count is settled.
				if n := u.calls.Load(); n != wantCalls {
					t.Errorf("after request %d: %d users.info calls, want %d", i+1, n, wantCalls)
				}
			}
			reqs := h.requests()
			last := reqs[len(reqs)-1]
			if last.CanManage != c.accepted {
				t.Errorf("core last saw CanManage=%v", last.CanManage)
			}
			// An admin's first request is handled twice (refused, then as manager); the second
			// comes from the cache and is handled once. Everyone else: once per request.
			want := 2
			if c.accepted {
				want = 3
			}
			if len(reqs) != want {
				t.Errorf("core handled %d requests, want %d", len(reqs), want)
			}
		})
	}
}

func TestUsersInfoTooSlowRefusesWithinTheAckBudget(t *testing.T) {
	for _, c := range []struct {
		ack, wait time.Duration
	}{
		{0, 1500 * time.Millisecond},          // the default 2 s budget: at most 1.5 s
		{time.Second, 750 * time.Millisecond}, // a shorter budget keeps its last quarter
		{400 * time.Millisecond, 300 * time.Millisecond},
	} {
		t.Run(c.wait.String(), func(t *testing.T) {
			a, u, h := manageAdapter(t, "block", c.ack)
			start := time.Now()
			body := post(a, formType, commandForm("quiz subscribe 09:00", "")).Body.String()
			// users.info never answers: the refusal comes when the look-up's bound has passed,
			// and before the ack deadline (else the ack would be "Looking that up").
			if took := time.Since(start); took < c.wait {
				t.Errorf("refused after %v, before the look-up's bound of %v", took, c.wait)
			}
			if !strings.Contains(body, "Only channel managers") || strings.Contains(body, "Looking that up") {
				t.Errorf("ack %s", body)
			}
			if n := len(h.requests()); n != 1 {
				t.Errorf("core handled %d requests", n)
			}
			if n := u.calls.Load(); n > 1 {
				t.Errorf("%d users.info calls", n)
			}
		})
	}
}

func TestOnlyRefusalsForRightsWaitForUsersInfo(t *testing.T) {
	a, _, h := manageAdapter(t, "block", 0)
	// users.info never answers and the clock never moves: anything that waited would hang.
	for _, text := range []string{"risks", "quiz subscribe 09:00"} {
		if text == "quiz subscribe 09:00" {
			a.admins["U1"] = true // a configured admin needs no look-up
		}
		body := post(a, formType, commandForm(text, "")).Body.String()
		if strings.Contains(body, "Only channel managers") || strings.Contains(body, "Looking that up") {
			t.Errorf("%q: %s", text, body)
		}
	}
	if n := len(h.requests()); n != 2 {
		t.Errorf("core handled %d requests, want 2", n)
	}
}

func TestSocketSlashCommandOfAnAdminIsAcceptedFirstTime(t *testing.T) {
	a, u, _ := manageAdapter(t, "admin", 0)
	ack := &fakeAcker{acks: make(chan ackRecord, 1)}
	a.socketEvent(ack, socketmode.Event{Type: socketmode.EventTypeSlashCommand,
		Data:    slackgo.SlashCommand{TeamID: "T1", ChannelID: "C1", UserID: "U1", Command: "/bigmodel", Text: "quiz subscribe 09:00"},
		Request: &socketmode.Request{EnvelopeID: "e1"}})
	got := ack.next(t)
	js, _ := json.Marshal(got.payload)
	if !strings.Contains(string(js), "Subscribed") {
		t.Errorf("socket ack %s", js)
	}
	if n := u.calls.Load(); n != 1 {
		t.Errorf("%d users.info calls", n)
	}
}
