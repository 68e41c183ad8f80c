package main

import (
	"context"
	"fmt"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/slack"
	"github.com/bigmodel-bot/bigmodel-bot/config"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// startSlack runs the Slack adapter when Slack is configured: POST /slack/events whenever the
// config serves it (a signing secret is set, or slack.mode is http), the Socket Mode connection
// in socket mode, and the Poster for quiz posts when there is a bot token.
func startSlack(a *app) ([]component, error) {
	if !a.cfg.SlackEnabled() {
		return nil, nil
	}
	s := a.cfg.Slack
	ad, err := slack.New(slack.Options{
		Handler:       a.bot,
		BotToken:      s.BotToken.Reveal(),
		AppToken:      s.AppToken.Reveal(),
		SigningSecret: s.SigningSecret.Reveal(),
		APIURL:        s.APIURL,
		Admins:        a.cfg.Admins,
		Dedup:         a.store,
		LinkAllowed:   knowledge.LinkTargets(a.base),
		Logger:        a.log,
	})
	if err != nil {
		return nil, err
	}
	if a.http != nil {
		if a.cfg.SlackHTTP() {
			a.http.Handle("POST /slack/events", ad.HTTPHandler())
		}
		a.http.AddReadiness("slack", ad.Ready)
	}
	if s.BotToken.IsSet() {
		a.posters.add(slack.Platform, ad)
	}
	comps := []component{{name: "slack", run: func(ctx context.Context) error {
		if s.BotToken.IsSet() && s.Mode == config.ModeHTTP {
			// Only to recognise the bot's own messages; Socket Mode does this itself.
			ictx, cancel := context.WithTimeout(ctx, 10*time.Second)
			if err := ad.Identify(ictx); err != nil {
				a.log.Warn("slack: cannot tell who the bot is yet; its own messages are still skipped by bot_id", "err", err)
			}
			cancel()
		}
		<-ctx.Done()
		// Late answers and posts already queued are delivered within the drain; what is
		// left then is cancelled, and logged with its channel.
		dctx, cancel := a.drainContext(ctx)
		defer cancel()
		ad.Shutdown(dctx)
		return nil
	}}}
	if s.Mode == config.ModeSocket {
		comps = append(comps, component{name: "slack-socket", run: ad.RunSocket})
	}
	return comps, nil
}

// slackCmd is `bot slack manifest [--url URL] [--mode socket|http] [--name NAME]`.
func slackCmd(_ context.Context, c *cli, args []string) error {
	fs, cfgPath := newFlagSet(c, "slack", "slack manifest [--url URL] [--mode socket|http] [--name NAME] [--config FILE]",
		`Prints a Slack app manifest (YAML) with every scope, event and the /bigmodel command the bot
needs. Paste it at https://api.slack.com/apps → Create New App → From an app manifest.
Socket Mode (no public URL) unless --url is given or the config's slack.mode is http; in HTTP
mode Slack calls https://HOST/slack/events for events, the command and buttons.`,
		`  bot slack manifest > manifest.yaml
  bot slack manifest --url https://bot.example.com`)
	u := fs.String("url", "", "public `URL` of the bot (https://HOST or https://HOST/slack/events); implies HTTP mode")
	mode := fs.String("mode", "", "`MODE`: socket or http (default: http with --url, else the config's slack.mode, else socket)")
	name := fs.String("name", "BigModel", "app and bot display `NAME`")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 || rest[0] != "manifest" {
		return usagef("want 'bot slack manifest'")
	}
	if len(rest) > 1 {
		return usagef("slack manifest takes no arguments, got %q", rest[1])
	}
	// The config names the base, whose "about" the app's description states.
	cfg, err := c.loadRaw(*cfgPath)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	base, err := loadBase(cfg)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	m := *mode
	if m == "" {
		switch {
		case *u != "":
			m = config.ModeHTTP
		case *cfgPath != "":
			m = cfg.Slack.Mode
		}
	}
	if m == "" {
		m = config.ModeSocket
	}
	if m != config.ModeSocket && m != config.ModeHTTP {
		return usagef("--mode must be socket or http, not %q", m)
	}
	out, err := slack.Manifest(slack.ManifestOptions{Name: *name, Socket: m == config.ModeSocket, URL: *u,
		About: base.About[knowledge.EN], AboutZH: base.About[knowledge.ZH]})
	if err != nil {
		return usagef("%v", err)
	}
	if m == config.ModeHTTP && *u == "" {
		fmt.Fprintf(c.stderr, "note: replace %s with the bot's public address, or pass --url\n", slack.PlaceholderURL)
	}
	_, err = c.stdout.Write(out)
	return err
}
