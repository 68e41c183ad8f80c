package slack

import (
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestManifest(t *testing.T) {
	cases := []struct {
		name    string
		opts    ManifestOptions
		socket  bool
		url     string
		wantErr bool
	}{
		{"socket", ManifestOptions{Socket: true}, true, "", false},
		{"http placeholder", ManifestOptions{}, false, PlaceholderURL, false},
		{"http origin", ManifestOptions{URL: "https://bot.example.com"}, false, "https://bot.example.com/slack/events", false},
		{"http full url", ManifestOptions{URL: "https://bot.example.com/x/slack/events"}, false, "https://bot.example.com/x/slack/events", false},
		{"plain http refused", ManifestOptions{URL: "http://bot.example.com"}, false, "", true},
		{"bad command", ManifestOptions{Socket: true, Command: "big model"}, true, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := Manifest(c.opts)
			if c.wantErr {
				if err == nil {
					t.Fatal("no error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var m manifest
			if err := yaml.Unmarshal(out, &m); err != nil {
				t.Fatal(err)
			}
			if m.Settings.SocketModeEnabled != c.socket || !m.Settings.Interactivity.IsEnabled {
				t.Errorf("settings %+v", m.Settings)
			}
			for _, s := range []string{"commands", "chat:write", "app_mentions:read", "im:history", "users:read"} {
				if !slices.Contains(m.OAuthConfig.Scopes.Bot, s) {
					t.Errorf("scope %s missing", s)
				}
			}
			if !slices.Equal(m.Settings.EventSubscriptions.BotEvents, []string{"app_mention", "message.im"}) {
				t.Errorf("events %v", m.Settings.EventSubscriptions.BotEvents)
			}
			cmd := m.Features.SlashCommands[0]
			if cmd.Command != "/bigmodel" || !cmd.ShouldEscape || cmd.UsageHint == "" || !m.Features.AppHome.MessagesTabEnabled {
				t.Errorf("features %+v", m.Features)
			}
			if cmd.URL != c.url || m.Settings.EventSubscriptions.RequestURL != c.url || m.Settings.Interactivity.RequestURL != c.url {
				t.Errorf("urls %q %q %q, want %q", cmd.URL, m.Settings.EventSubscriptions.RequestURL, m.Settings.Interactivity.RequestURL, c.url)
			}
			if !strings.Contains(string(out), "bot_user:") {
				t.Error("no bot_user")
			}
		})
	}
}
