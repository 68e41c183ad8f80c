package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// webhook calls the interaction's webhook (edit or delete the original response, post a
// follow-up). These need no bot token, so they work in HTTP mode without one. Each interaction
// gets its own rate-limit bucket: discordgo's own helpers put every webhook message in one,
// which would queue all follow-ups of the process behind each other.
func (a *Adapter) webhook(ctx context.Context, method string, i *discordgo.Interaction, suffix string, body any) error {
	u := discordgo.EndpointWebhookToken(i.AppID, i.Token)
	_, err := a.rest.RequestWithBucketID(method, u+suffix, body, u, discordgo.WithContext(ctx))
	return redact(err, i.Token)
}

// editOriginal replaces the interaction's original response (PATCH …/messages/@original).
func (a *Adapter) editOriginal(ctx context.Context, i *discordgo.Interaction, m message) {
	if err := a.webhook(ctx, "PATCH", i, "/messages/@original", body(m, 0)); err != nil {
		a.log.Warn("edit interaction response", "interaction", i.ID, "err", err)
	}
}

// followups posts messages after the response (POST webhooks/{app}/{token}).
func (a *Adapter) followups(ctx context.Context, i *discordgo.Interaction, msgs []message, flags discordgo.MessageFlags) {
	for _, m := range msgs {
		if err := a.webhook(ctx, "POST", i, "?wait=true", body(m, flags)); err != nil {
			a.log.Warn("interaction follow-up", "interaction", i.ID, "err", err)
			return
		}
	}
}

// redactedError hides a secret (an interaction token in a URL) from an error's text while
// keeping the error chain for errors.As.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func redact(err error, secret string) error {
	if err == nil || secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	return &redactedError{msg: strings.ReplaceAll(err.Error(), secret, "[redacted]"), err: err}
}
