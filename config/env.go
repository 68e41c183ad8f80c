package config

import (
	"regexp"
	"strings"
)

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// expand replaces ${NAME} with the environment variable NAME ("" when unset). It works on parsed
// values, so a variable's content can never change the YAML structure.
func (l *loader) expand(s string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	return envRef.ReplaceAllStringFunc(s, func(ref string) string {
		v, _ := l.lookup(ref[2 : len(ref)-1])
		return v
	})
}

// fillFromEnv fills from the environment what the file leaves empty.
func (c *Config) fillFromEnv(lookup func(string) (string, bool)) {
	secrets := []struct {
		env, key string
		dst      *Secret
	}{
		{"SLACK_BOT_TOKEN", "slack.bot_token", &c.Slack.BotToken},
		{"SLACK_APP_TOKEN", "slack.app_token", &c.Slack.AppToken},
		{"SLACK_SIGNING_SECRET", "slack.signing_secret", &c.Slack.SigningSecret},
		{"DISCORD_BOT_TOKEN", "discord.token", &c.Discord.Token},
		{"BIGMODEL_ADMIN_TOKEN", "admin.token", &c.Admin.Token},
	}
	for _, s := range secrets {
		if v, ok := lookup(s.env); ok && strings.TrimSpace(v) != "" && !s.dst.IsSet() {
			*s.dst = Secret{v: strings.TrimSpace(v)}
			c.fromEnv[s.key] = s.env
		}
	}
	plain := []struct {
		env, key string
		dst      *string
	}{
		{"DISCORD_PUBLIC_KEY", "discord.public_key", &c.Discord.PublicKey},
		{"DISCORD_APPLICATION_ID", "discord.application_id", &c.Discord.ApplicationID},
	}
	for _, s := range plain {
		if v, ok := lookup(s.env); ok && strings.TrimSpace(v) != "" && *s.dst == "" {
			*s.dst = strings.TrimSpace(v)
			c.fromEnv[s.key] = s.env
		}
	}
}

// defaultModes picks each configured platform's mode when the file names none.
func (c *Config) defaultModes() {
	s := &c.Slack
	if s.Mode == "" && (s.BotToken.IsSet() || s.AppToken.IsSet() || s.SigningSecret.IsSet()) {
		s.Mode = ModeHTTP
		if s.AppToken.IsSet() {
			s.Mode = ModeSocket
		}
	}
	d := &c.Discord
	if d.Mode == "" && (d.Token.IsSet() || d.PublicKey != "") {
		d.Mode = ModeHTTP
		if d.Token.IsSet() && d.PublicKey == "" {
			d.Mode = ModeGateway
		}
	}
}
