package discord

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// SetAPIURL points discordgo at another Discord API (a proxy, or a fake in tests), given as its
// API base such as "http://127.0.0.1:8081/api/v10"; the part from "/api/v" on is replaced by
// the version discordgo speaks. discordgo keeps its endpoints in package variables, so this
// changes them for the whole process: call it once at start-up, before any session is used,
// and never from tests that run in parallel.
func SetAPIURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("discord api_url %q: %w", raw, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("discord api_url %q: want http(s)://host[:port][/api/vN]", raw)
	}
	base := u.Scheme + "://" + u.Host + u.Path
	if i := strings.Index(base, "/api/v"); i >= 0 {
		base = base[:i]
	}
	base = strings.TrimRight(base, "/") + "/"
	pointAt(base)
	return nil
}

// pointAt re-derives every endpoint string discordgo computed from its base at init; the
// endpoint functions read these at call time.
func pointAt(base string) {
	discordgo.EndpointDiscord = base
	api := base + "api/v" + discordgo.APIVersion + "/"
	discordgo.EndpointAPI = api
	discordgo.EndpointGuilds = api + "guilds/"
	discordgo.EndpointChannels = api + "channels/"
	discordgo.EndpointUsers = api + "users/"
	discordgo.EndpointGateway = api + "gateway"
	discordgo.EndpointGatewayBot = discordgo.EndpointGateway + "/bot"
	discordgo.EndpointWebhooks = api + "webhooks/"
	discordgo.EndpointStickers = api + "stickers/"
	discordgo.EndpointStageInstances = api + "stage-instances"
	discordgo.EndpointSKUs = api + "skus"
	discordgo.EndpointVoice = api + "/voice/"
	discordgo.EndpointVoiceRegions = discordgo.EndpointVoice + "regions"
	discordgo.EndpointNitroStickersPacks = api + "/sticker-packs"
	discordgo.EndpointGuildCreate = api + "guilds"
	discordgo.EndpointApplications = api + "applications"
	discordgo.EndpointOAuth2 = api + "oauth2/"
	discordgo.EndpointOAuth2Applications = discordgo.EndpointOAuth2 + "applications"
	discordgo.EndpointOauth2 = discordgo.EndpointOAuth2
	discordgo.EndpointOauth2Applications = discordgo.EndpointOAuth2Applications
}

// RouteLibraryLogs sends discordgo's own log lines (gateway errors, reconnects) to l instead of
// the standard logger. Like SetAPIURL it sets a discordgo package variable, so it applies to
// the whole process. Sessions keep discordgo's default level (errors only), so its debug lines,
// which would include the identify payload and its token, are never produced.
func RouteLibraryLogs(l *slog.Logger) {
	discordgo.Logger = func(msgL, _ int, format string, a ...any) {
		level := slog.LevelDebug
		switch msgL {
		case discordgo.LogError:
			level = slog.LevelError
		case discordgo.LogWarning:
			level = slog.LevelWarn
		case discordgo.LogInformational:
			level = slog.LevelInfo
		}
		l.Log(context.Background(), level, fmt.Sprintf(format, a...), "source", "discordgo")
	}
}
