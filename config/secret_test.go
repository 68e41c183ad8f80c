package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestSecretsNeverPrint(t *testing.T) {
	const (
		bot = "xoxp-SECRET-bot-token-value"
		app = "xapp-SECRET-app-token"
		sig = "SECRET-signing"
		dis = "SECRET-discord-token"
	)
	p := writeFile(t, "c.yaml", "slack:\n  mode: socket\n  bot_token: "+bot+"\n  app_token: "+app+"\n  signing_secret: "+sig+"\n")
	c, err := load(p, env("DISCORD_BOT_TOKEN", dis))
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "cfg", c, "token", c.Slack.BotToken)
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("config", "slack", c.Slack, "token", c.Discord.Token)
	js, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	verr := c.Validate() // the bot token has the wrong prefix: the message must not quote it
	if verr == nil {
		t.Fatal("a user token as bot token was accepted")
	}
	// verbs a Secret does not expect must not print it either (a variable format keeps vet quiet)
	odd := [2]string{"%d", "%q"}
	outputs := map[string]string{
		"%v":       fmt.Sprintf("%v", c),
		"%+v":      fmt.Sprintf("%+v", c),
		"%#v":      fmt.Sprintf("%#v", c),
		"%s":       fmt.Sprintf("%s", c.Slack),
		"%x":       fmt.Sprintf("%x", c.Slack.BotToken),
		"%d":       fmt.Sprintf(odd[0], c.Slack.BotToken),
		"%q":       fmt.Sprintf(odd[1], c.Discord),
		"json":     string(js),
		"slog":     logs.String(),
		"validate": verr.Error(),
	}
	for name, out := range outputs {
		for _, s := range []string{"SECRET", fmt.Sprintf("%x", "SECRET")} {
			if strings.Contains(out, s) {
				t.Errorf("%s shows a secret: %s", name, out)
			}
		}
	}
	if !strings.Contains(outputs["%+v"], redacted) || !strings.Contains(logs.String(), redacted) {
		t.Errorf("secrets not marked as redacted: %s", outputs["%+v"])
	}
	if c.Slack.BotToken.Reveal() != bot {
		t.Errorf("Reveal = %q", c.Slack.BotToken.Reveal())
	}
}

func TestUnsetSecretPrintsEmpty(t *testing.T) {
	var s Secret
	if s.String() != "" || s.IsSet() {
		t.Errorf("unset secret = %q, set=%v", s.String(), s.IsSet())
	}
}

// A non-secret key that names a secret's variable by mistake (log.level: ${SLACK_BOT_TOKEN})
// must not print the token when its value is refused, at load or at validation.
func TestExpandedValuesStayOutOfErrors(t *testing.T) {
	const token = "xoxb-1111-ENVSECRET-2222"
	for key := range Default().fields() {
		section, name, nested := strings.Cut(key, ".")
		file := section + ": ${SLACK_BOT_TOKEN}\n"
		if nested {
			file = section + ":\n  " + name + ": ${SLACK_BOT_TOKEN}\n"
		}
		t.Run(key, func(t *testing.T) {
			c, err := load(writeFile(t, "c.yaml", file), env("SLACK_BOT_TOKEN", token))
			if err == nil {
				err = c.Validate()
			}
			if err != nil && strings.Contains(err.Error(), "ENVSECRET") {
				t.Errorf("error shows the token: %v", err)
			}
			if err != nil && !strings.Contains(err.Error(), "${SLACK_BOT_TOKEN}") && !strings.Contains(err.Error(), "SLACK_BOT_TOKEN:") &&
				strings.Contains(err.Error(), "got") {
				t.Errorf("error quotes a value, but not as written: %v", err)
			}
		})
	}
}
