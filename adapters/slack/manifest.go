package slack

import (
	"fmt"
	"net/url"
	"strings"

	"gopkg.in/yaml.v3"
)

// PlaceholderURL stands in for the bot's public address in an HTTP-mode manifest made without one.
const PlaceholderURL = "https://your-bot.example.com/slack/events"

// ManifestOptions choose what the app manifest describes.
type ManifestOptions struct {
	Name    string // app and bot display name; "BigModel" when empty
	Command string // slash command; "/bigmodel" when empty
	// Socket selects Socket Mode; otherwise Slack calls URL (HTTP mode).
	Socket bool
	// URL is the public address of POST /slack/events, or just its origin
	// ("https://bot.example.com"); PlaceholderURL when empty.
	URL string
	// About and AboutZH say what the knowledge base covers (its "about"), in English and
	// Chinese; empty: the description names no subject, as fits a team's own base.
	About, AboutZH string
}

// BotScopes are the OAuth bot scopes the bot uses. channels:history and groups:history let
// FindMessage read back a quiz post whose send a crash left in doubt (no message events are
// subscribed for them).
var BotScopes = []string{"commands", "chat:write", "chat:write.public", "app_mentions:read",
	"im:history", "im:read", "im:write", "users:read", "channels:join", "channels:history", "groups:history"}

// BotEvents are the bot events the app subscribes to. Not message.channels: a mention would
// arrive twice.
var BotEvents = []string{"app_mention", "message.im"}

type manifest struct {
	DisplayInformation struct {
		Name            string `yaml:"name"`
		Description     string `yaml:"description"`
		LongDescription string `yaml:"long_description"`
		BackgroundColor string `yaml:"background_color"`
	} `yaml:"display_information"`
	Features struct {
		AppHome struct {
			HomeTabEnabled             bool `yaml:"home_tab_enabled"`
			MessagesTabEnabled         bool `yaml:"messages_tab_enabled"`
			MessagesTabReadOnlyEnabled bool `yaml:"messages_tab_read_only_enabled"`
		} `yaml:"app_home"`
		BotUser struct {
			DisplayName  string `yaml:"display_name"`
			AlwaysOnline bool   `yaml:"always_online"`
		} `yaml:"bot_user"`
		SlashCommands []slashCommandSpec `yaml:"slash_commands"`
	} `yaml:"features"`
	OAuthConfig struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		EventSubscriptions struct {
			RequestURL string   `yaml:"request_url,omitempty"`
			BotEvents  []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			IsEnabled  bool   `yaml:"is_enabled"`
			RequestURL string `yaml:"request_url,omitempty"`
		} `yaml:"interactivity"`
		OrgDeployEnabled  bool `yaml:"org_deploy_enabled"`
		SocketModeEnabled bool `yaml:"socket_mode_enabled"`
		TokenRotation     bool `yaml:"token_rotation_enabled"`
	} `yaml:"settings"`
}

type slashCommandSpec struct {
	Command      string `yaml:"command"`
	URL          string `yaml:"url,omitempty"`
	Description  string `yaml:"description"`
	UsageHint    string `yaml:"usage_hint"`
	ShouldEscape bool   `yaml:"should_escape"`
}

// Manifest returns a complete Slack app manifest (YAML) for "Create an app → From a manifest".
func Manifest(o ManifestOptions) ([]byte, error) {
	if o.Name == "" {
		o.Name = "BigModel"
	}
	if o.Command == "" {
		o.Command = "/bigmodel"
	}
	if !strings.HasPrefix(o.Command, "/") || strings.ContainsAny(o.Command, " \t\n") {
		return nil, fmt.Errorf("slash command %q must start with / and have no spaces", o.Command)
	}
	var m manifest
	m.DisplayInformation.Name = o.Name
	m.DisplayInformation.Description = "Answers questions from a knowledge base, and a daily quiz"
	if o.About != "" {
		m.DisplayInformation.Description = "Answers about " + o.About + " from a knowledge base, and a daily quiz"
	}
	zh := "知识库问答，中英双语"
	if o.AboutZH != "" {
		zh = o.AboutZH + "知识库问答，中英双语"
	}
	m.DisplayInformation.LongDescription = "Ask " + o.Command + " <topic or question> in English or Chinese " +
		"(" + zh + "). Mention the bot in a channel or send it a direct message. " +
		o.Command + " quiz posts a quiz question; " + o.Command + " quiz subscribe <when> schedules one for the channel."
	m.DisplayInformation.BackgroundColor = "#1d3557"
	m.Features.AppHome.MessagesTabEnabled = true
	m.Features.BotUser.DisplayName = strings.ToLower(strings.ReplaceAll(o.Name, " ", "-"))
	m.Features.BotUser.AlwaysOnline = true
	cmd := slashCommandSpec{
		Command:      o.Command,
		Description:  "Ask the knowledge base, take the quiz, manage subscriptions",
		UsageHint:    "<topic or question> | topics | quiz | quiz subscribe <when> | lang zh|en | help",
		ShouldEscape: true,
	}
	m.OAuthConfig.Scopes.Bot = BotScopes
	m.Settings.EventSubscriptions.BotEvents = BotEvents
	m.Settings.Interactivity.IsEnabled = true
	m.Settings.SocketModeEnabled = o.Socket
	if !o.Socket {
		u, err := eventsURL(o.URL)
		if err != nil {
			return nil, err
		}
		cmd.URL = u
		m.Settings.EventSubscriptions.RequestURL = u
		m.Settings.Interactivity.RequestURL = u
	}
	m.Features.SlashCommands = []slashCommandSpec{cmd}
	out, err := yaml.Marshal(&m)
	if err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	return out, nil
}

// eventsURL completes an origin to the /slack/events Request URL and checks it is https.
func eventsURL(raw string) (string, error) {
	if raw == "" {
		return PlaceholderURL, nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("--url %q: want an absolute URL such as https://bot.example.com", raw)
	}
	if u.Scheme != "https" {
		return "", fmt.Errorf("--url %q: Slack only calls https:// URLs", raw)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/slack/events"
	}
	return u.String(), nil
}
