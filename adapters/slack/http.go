package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// maxBody caps what is read of a request; Slack's payloads are a few KB.
const maxBody = 1 << 20

// HTTPHandler serves POST /slack/events: one signed Request URL for the Events API (with
// url_verification), slash commands and interactivity.
func (a *Adapter) HTTPHandler() http.Handler { return http.HandlerFunc(a.serveHTTP) }

func (a *Adapter) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	// The signature is checked before anything of the request is parsed.
	sv, err := slackgo.NewSecretsVerifier(r.Header, a.opts.SigningSecret)
	if err != nil {
		if errors.Is(err, slackgo.ErrInvalidConfiguration) {
			a.warnOnce("no-secret", "slack: request refused, no signing secret configured (slack.signing_secret)")
		}
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	if r.ContentLength > maxBody {
		http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		return
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer putBuf(buf)
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, maxBody)); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read request body", http.StatusBadRequest)
		return
	}
	body := buf.Bytes()
	if _, err := sv.Write(body); err != nil || sv.Ensure() != nil {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	d, replay := a.admit(r.Context(), replayKey(r))
	if replay {
		// Acknowledged, so the sender has nothing to retry, but not run a second time.
		a.serveReplay(w, r, d)
		return
	}
	defer a.replays.finish(d, nil) // whatever it was, it has been answered
	if len(body) > 0 && body[0] == '{' {
		a.serveEvent(w, r, body)
		return
	}
	form, err := parseForm(string(body))
	if err != nil {
		http.Error(w, "malformed form body", http.StatusBadRequest)
		return
	}
	switch {
	case form.sslCheck != "":
		w.WriteHeader(http.StatusOK) // Slack probing the certificate of a command URL
	case form.payload != "":
		a.serveInteraction(w, form.payload)
	case form.cmd.Command != "":
		a.command(form.cmd, func(p payload, interim bool) {
			// Replays get the first ack again, byte for byte, when it was an ephemeral answer:
			// not "looking that up", and not a public answer, which must not be shown twice.
			if interim || p.ResponseType != slackgo.ResponseTypeEphemeral {
				a.writeJSON(w, p, nil)
				a.replays.finish(d, nil)
			} else {
				a.writeJSON(w, p, func(ack []byte) { a.replays.finish(d, ack) })
			}
			if f, ok := w.(http.Flusher); ok && interim {
				f.Flush() // the interim ack must reach Slack while core still works
			}
		})
	default:
		http.Error(w, "neither a command nor an interaction", http.StatusBadRequest)
	}
}

// form is what the adapter reads of a form-encoded request: a slash command or an interaction.
type form struct {
	cmd      slashCommand
	payload  string
	sslCheck string
}

// parseForm reads a form body with net/url; the first value of a repeated field wins.
func parseForm(body string) (form, error) {
	v, err := url.ParseQuery(body)
	if err != nil {
		return form{}, fmt.Errorf("form body: %w", err)
	}
	return form{
		payload:  v.Get("payload"),
		sslCheck: v.Get("ssl_check"),
		cmd: slashCommand{
			Command: v.Get("command"), Text: v.Get("text"), TeamID: v.Get("team_id"),
			ChannelID: v.Get("channel_id"), ChannelName: v.Get("channel_name"),
			UserID: v.Get("user_id"), UserName: v.Get("user_name"), ResponseURL: v.Get("response_url"),
		},
	}, nil
}

func (a *Adapter) serveEvent(w http.ResponseWriter, r *http.Request, body []byte) {
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		// An event type this version cannot decode: acknowledge it, or Slack retries it for
		// nothing and, failing too often, disables the subscription.
		a.log.Debug("undecodable event ignored", "err", err)
		w.WriteHeader(http.StatusOK)
		return
	}
	switch ev.Type {
	case slackevents.URLVerification:
		v, _ := ev.Data.(*slackevents.EventsAPIURLVerificationEvent)
		if v == nil {
			http.Error(w, "bad url_verification", http.StatusBadRequest)
			return
		}
		a.writeJSON(w, struct {
			Challenge string `json:"challenge"`
		}{v.Challenge}, nil)
	case slackevents.CallbackEvent:
		cb, _ := ev.Data.(*slackevents.EventsAPICallbackEvent)
		eventID := ""
		if cb != nil {
			eventID = cb.EventID
		}
		if n, _ := strconv.Atoi(r.Header.Get("X-Slack-Retry-Num")); n > 0 {
			a.log.Debug("event retry", "event_id", eventID, "attempt", n, "reason", r.Header.Get("X-Slack-Retry-Reason"))
		}
		w.WriteHeader(http.StatusOK)
		team, inner := ev.TeamID, ev.InnerEvent
		a.spawn(eventChannel(inner), func(ctx context.Context) { a.event(ctx, team, eventID, inner) })
	case slackevents.AppRateLimited:
		a.log.Warn("slack: app_rate_limited, events are being dropped by Slack")
		w.WriteHeader(http.StatusOK)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, raw string) {
	var ic slackgo.InteractionCallback
	if err := json.Unmarshal([]byte(raw), &ic); err != nil {
		http.Error(w, "malformed interaction payload", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusOK)
	a.spawn(ic.Channel.ID, func(ctx context.Context) { a.interaction(ctx, &ic) })
}

// jsonContentType is shared by every response; net/http only reads header values.
var jsonContentType = []string{"application/json; charset=utf-8"}

// writeJSON writes v as the response; sent, when set, is given the bytes written, which are
// valid only during the call (the buffer is pooled).
func (a *Adapter) writeJSON(w http.ResponseWriter, v any, sent func(body []byte)) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer putBuf(buf)
	if err := encode(buf, v); err != nil {
		a.log.Error("encode response", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h["Content-Type"] = jsonContentType
	h["Content-Length"] = []string{strconv.Itoa(buf.Len())}
	_, _ = w.Write(buf.Bytes())
	if sent != nil {
		sent(buf.Bytes())
	}
}
