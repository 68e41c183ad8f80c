package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/discord"
	"github.com/bigmodel-bot/bigmodel-bot/config"
	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// startDiscord runs the Discord adapter when Discord is configured: POST /discord/interactions
// whenever a public key is set, the gateway connection in gateway mode, and the Poster for quiz
// posts when there is a bot token.
func startDiscord(a *app) ([]component, error) {
	if !a.cfg.DiscordEnabled() {
		return nil, nil
	}
	d := a.cfg.Discord
	discord.RouteLibraryLogs(a.log.With("platform", "discord"))
	var pub ed25519.PublicKey
	if d.PublicKey != "" {
		k, err := hex.DecodeString(d.PublicKey)
		if err != nil || len(k) != ed25519.PublicKeySize {
			return nil, errors.New("discord.public_key must be 64 hex characters")
		}
		pub = k
	}
	ad, err := discord.New(discord.Options{
		Handler:     a.bot,
		Completer:   a.index,
		LinkAllowed: knowledge.LinkTargets(a.base),
		PublicKey:   pub,
		Token:       d.Token.Reveal(),
		AppID:       d.ApplicationID,
		About:       a.base.About[knowledge.EN],
		AboutZH:     a.base.About[knowledge.ZH],
		APIURL:      d.APIURL,
		Admins:      a.cfg.Admins,
		ShardID:     d.ShardID,
		ShardCount:  d.ShardCount,
		Dedup:       a.store,
		Logger:      a.log,
	})
	if err != nil {
		return nil, err
	}
	gateway := d.Mode == config.ModeGateway
	if a.http != nil {
		if a.cfg.DiscordHTTP() && pub != nil {
			a.http.Handle("POST /discord/interactions", ad.HTTPHandler())
		}
		if gateway {
			a.http.AddReadiness("discord", func(context.Context) error {
				if !ad.Connected() {
					return errors.New("discord gateway not connected")
				}
				return nil
			})
		}
	}
	if d.Token.IsSet() {
		a.posters.add(discord.Platform, ad)
	} else {
		// HTTP mode answers in the response bodies; posting needs the bot token.
		a.posters.add(discord.Platform, noPoster{&core.CannotPostError{Platform: "Discord", Setting: "discord.token (DISCORD_BOT_TOKEN)"}})
	}
	comps := []component{{name: "discord", run: func(ctx context.Context) error {
		<-ctx.Done()
		// Deferred answers and follow-ups in flight are delivered within the drain; what is
		// still running then is cancelled, and Wait logs its channel.
		dctx, cancel := a.drainContext(ctx)
		defer cancel()
		if err := ad.Wait(dctx); err != nil {
			a.log.Warn("discord: follow-ups cancelled at shutdown", "err", err)
		}
		return nil
	}}}
	if gateway {
		comps = append(comps, component{name: "discord-gateway", run: ad.RunGateway})
	}
	return comps, nil
}

// discordCmd is `bot discord commands [--guild ID] [--dry-run]` and `bot discord invite`.
func discordCmd(ctx context.Context, c *cli, args []string) error {
	fs, cfgPath := newFlagSet(c, "discord", "discord commands [--guild ID] [--dry-run] [--config FILE] | discord invite [--config FILE]",
		`commands registers the /bigmodel application command (its subcommands, options and zh-CN
names) with Discord, replacing the application's commands: globally (it may take up to an hour
to reach every client), or in one guild with --guild (at once; for testing). Needs
discord.token and discord.application_id (or DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID).
--dry-run prints the JSON array it would send and needs neither.

invite prints the OAuth2 URL that adds the bot to a server, with the scopes
"bot applications.commands" and exactly the permissions it needs (View Channel, Send Messages,
Embed Links, Read Message History). Needs discord.application_id (or DISCORD_APPLICATION_ID).`,
		`  bot discord commands --dry-run
  DISCORD_BOT_TOKEN=... DISCORD_APPLICATION_ID=... bot discord commands --guild 123456789012345678
  DISCORD_APPLICATION_ID=123456789012345678 bot discord invite`)
	guild := fs.String("guild", "", "register in the guild with this `ID` only")
	dry := fs.Bool("dry-run", false, "print the commands as JSON instead of registering them")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 && rest[0] == "invite" {
		if len(rest) > 1 || *dry || *guild != "" {
			return usagef("discord invite takes only --config")
		}
		return discordInvite(c, *cfgPath)
	}
	if len(rest) == 0 || rest[0] != "commands" {
		return usagef("want 'bot discord commands' or 'bot discord invite'")
	}
	if len(rest) > 1 {
		return usagef("discord commands takes no arguments, got %q", rest[1])
	}
	cfg, err := c.loadRaw(*cfgPath)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	// The command's description names the base's subject ("about").
	base, err := loadBase(cfg)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	cmds := discord.Commands(base.About[knowledge.EN], base.About[knowledge.ZH])
	if *dry {
		b, err := discord.CommandsJSON(cmds)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(c.stdout, "%s\n", b)
		return err
	}
	d := cfg.Discord
	rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	got, err := discord.RegisterCommands(rctx, discord.Options{Token: d.Token.Reveal(), AppID: d.ApplicationID, APIURL: d.APIURL}, *guild, cmds)
	if err != nil {
		return err
	}
	where := "globally"
	if *guild != "" {
		where = "in guild " + *guild
	}
	fmt.Fprintf(c.stdout, "registered %d command(s) %s\n", len(got), where)
	return nil
}

// discordInvite prints the install URL for the configured application.
func discordInvite(c *cli, cfgPath string) error {
	cfg, err := config.Load(cfgPath)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	if cfg.Discord.ApplicationID == "" {
		return errors.New("discord invite needs discord.application_id (or DISCORD_APPLICATION_ID): the Application ID on the app's General Information page")
	}
	u, err := discord.InviteURL(cfg.Discord.ApplicationID)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(c.stdout, u)
	return err
}
