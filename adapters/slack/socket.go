package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// maxSocketAck stays under Slack's 20 KB Socket Mode limit, beyond which acks vanish silently.
const maxSocketAck = 19 * 1024

// acker is the part of socketmode.Client that acknowledges envelopes.
type acker interface {
	Ack(req socketmode.Request, payload ...any) error
}

// Ready reports whether the adapter can serve: always in HTTP mode, once connected in Socket Mode.
func (a *Adapter) Ready(context.Context) error {
	if a.socketMode.Load() && !a.connected.Load() {
		return fmt.Errorf("slack socket mode not connected: %s", a.lastErr.Load().(string))
	}
	return nil
}

// RunSocket serves Slack over Socket Mode until ctx ends. The client reconnects on its own; when
// its loop gives up it is restarted with backoff. It returns nil when ctx ends, and an error
// when Slack rejects the tokens before the first connection (a configuration mistake); tokens
// revoked later leave the socket down and unready, retried every five minutes.
func (a *Adapter) RunSocket(ctx context.Context) error {
	if a.api == nil || a.opts.AppToken == "" {
		return errors.New("slack socket mode needs a bot token (xoxb-…) and an app-level token (xapp-…)")
	}
	a.socketMode.Store(true)
	if err := a.Identify(ctx); err != nil {
		if fatalAuth(err) {
			return err
		}
		a.log.Warn("slack identity unknown for now", "err", err)
	}
	backoff := time.Second
	for {
		started := time.Now()
		err := a.runSocketOnce(ctx)
		a.connected.Store(false)
		if ctx.Err() != nil {
			return nil
		}
		if err == nil {
			err = errors.New("socket mode loop ended")
		}
		err = cleanErr(err)
		a.lastErr.Store(err.Error())
		if time.Since(started) > time.Minute {
			backoff = time.Second
		}
		wait := backoff/2 + rand.N(backoff/2+1)
		if fatalAuth(err) {
			if !a.everConnected.Load() {
				// At start-up this is a configuration mistake: say so and stop.
				return fmt.Errorf("slack socket mode: %w", err)
			}
			// Revoked while running: keep the rest of the bot up, unready, and try now and then.
			wait = 5 * time.Minute
			a.log.Error("slack rejected the tokens; socket mode stays down", "err", err, "retry_in", wait)
		} else {
			a.log.Warn("slack socket mode stopped, restarting", "err", err, "in", wait)
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return nil
		}
		backoff = min(2*backoff, 2*time.Minute)
		if a.BotUserID() == "" {
			if err := a.Identify(ctx); err != nil {
				a.log.Debug("slack identity still unknown", "err", err) // the socket's own error is logged above
			}
		}
	}
}

func fatalAuth(err error) bool {
	s := err.Error()
	for _, code := range []string{"invalid_auth", "account_inactive", "not_authed", "token_revoked", "not_allowed_token_type"} {
		if strings.Contains(s, code) {
			return true
		}
	}
	var sc slackgo.StatusCodeError
	return errors.As(err, &sc) && sc.Code == 404
}

func (a *Adapter) runSocketOnce(ctx context.Context) error {
	client := socketmode.New(a.api, socketmode.OptionLog(slogOutput{a.log}), socketmode.OptionReadLimit(maxBody))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- client.RunContext(ctx) }()
	for {
		select {
		case err := <-errc:
			return err
		case evt := <-client.Events:
			a.socketEvent(client, evt)
		}
	}
}

// socketEvent handles one Socket Mode event. Envelopes are acknowledged at once; the work runs in
// the background so the loop never waits on core or on Slack.
func (a *Adapter) socketEvent(c acker, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnected, socketmode.EventTypeHello:
		a.everConnected.Store(true)
		if !a.connected.Swap(true) {
			a.log.Info("slack socket mode connected")
		}
	case socketmode.EventTypeConnecting:
		if a.connected.Swap(false) {
			a.lastErr.Store("reconnecting")
			a.log.Info("slack socket mode reconnecting")
		}
	case socketmode.EventTypeDisconnect:
		a.connected.Store(false)
		a.lastErr.Store("disconnect requested by Slack, reconnecting")
	case socketmode.EventTypeConnectionError:
		a.connected.Store(false)
		if e, ok := evt.Data.(*slackgo.ConnectionErrorEvent); ok && e.ErrorObj != nil {
			a.lastErr.Store(cleanErr(e.ErrorObj).Error())
			a.log.Warn("slack socket mode connection failed", "err", cleanErr(e.ErrorObj), "attempt", e.Attempt, "retry_in", e.Backoff)
		}
	case socketmode.EventTypeErrorBadMessage:
		// No Request comes with it: ack by hand, or Slack redelivers the same bad frame.
		if bad, ok := evt.Data.(*socketmode.ErrorBadMessage); ok {
			var env struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if json.Unmarshal(bad.Message, &env) == nil && env.EnvelopeID != "" {
				a.ack(c, &socketmode.Request{EnvelopeID: env.EnvelopeID}, nil)
			}
			a.log.Warn("slack socket mode: undecodable envelope acknowledged and skipped", "err", bad.Cause)
		}
	case socketmode.EventTypeEventsAPI:
		a.ack(c, evt.Request, nil)
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok || ev.Type != slackevents.CallbackEvent {
			return
		}
		eventID := ""
		if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
			eventID = cb.EventID
		}
		a.spawn(eventChannel(ev.InnerEvent), func(ctx context.Context) { a.event(ctx, ev.TeamID, eventID, ev.InnerEvent) })
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slackgo.SlashCommand)
		if !ok {
			a.ack(c, evt.Request, nil)
			return
		}
		a.spawn(cmd.ChannelID, func(ctx context.Context) {
			sc := slashCommand{TeamID: cmd.TeamID, ChannelID: cmd.ChannelID, ChannelName: cmd.ChannelName,
				UserID: cmd.UserID, UserName: cmd.UserName, Command: cmd.Command, Text: cmd.Text, ResponseURL: cmd.ResponseURL}
			a.command(sc, func(p payload, _ bool) {
				if js, err := json.Marshal(p); err == nil && len(js) < maxSocketAck {
					a.ack(c, evt.Request, p)
					return
				}
				a.ack(c, evt.Request, notice(core.NoticePending.Both()))
				if err := a.respond(ctx, sc.ResponseURL, p); err != nil {
					a.log.Warn("long slash command answer not delivered", "err", err, "channel", sc.ChannelID)
				}
			})
		})
	case socketmode.EventTypeInteractive:
		a.ack(c, evt.Request, nil)
		if ic, ok := evt.Data.(slackgo.InteractionCallback); ok {
			a.spawn(ic.Channel.ID, func(ctx context.Context) { a.interaction(ctx, &ic) })
		}
	default:
		if evt.Request != nil && evt.Request.EnvelopeID != "" {
			a.ack(c, evt.Request, nil)
		}
	}
}

func (a *Adapter) ack(c acker, req *socketmode.Request, p any) {
	if req == nil || req.EnvelopeID == "" {
		return
	}
	var err error
	if p == nil {
		err = c.Ack(*req)
	} else {
		err = c.Ack(*req, p)
	}
	if err != nil {
		a.log.Warn("slack socket mode ack failed", "err", err)
	}
}

// slogOutput lets the socketmode client's log lines go to slog at debug level.
type slogOutput struct{ l *slog.Logger }

// Output implements the socketmode logger.
func (o slogOutput) Output(_ int, s string) error {
	o.l.Debug(strings.TrimSpace(s))
	return nil
}
