package discord

import (
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/internal/tools/apitypes"
)

// sentBody is one request body the fake REST API received, with its route kind.
type sentBody struct{ kind, method, path, raw string }

// discordTypes maps route kinds to the discord-api-types v10 type of their body.
var discordTypes = map[string]string{
	"callback":      "APIInteractionResponse",
	"follow-up":     "RESTPostAPIWebhookWithTokenJSONBody",
	"edit-original": "RESTPatchAPIWebhookWithTokenMessageJSONBody",
	"channel-post":  "RESTPostAPIChannelMessageJSONBody",
	"channel-edit":  "RESTPatchAPIChannelMessageJSONBody",
	"commands":      "RESTPutAPIApplicationGuildCommandsJSONBody",
}

// typecheck compiles every body as its route's discord-api-types v10 type with tsc --strict.
func typecheck(t *testing.T, sent []sentBody) {
	t.Helper()
	var bodies []apitypes.Body
	var names []string
	for _, ty := range discordTypes {
		names = append(names, ty)
	}
	for _, b := range sent {
		if ty, ok := discordTypes[b.kind]; ok && b.raw != "" {
			bodies = append(bodies, apitypes.Body{Type: ty, JSON: b.raw, Label: b.method + " " + b.path})
		}
	}
	apitypes.Check(t, "discord-api-types/v10", names, bodies)
}
