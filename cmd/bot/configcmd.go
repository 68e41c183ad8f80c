package main

import (
	"context"
	"fmt"
)

func configCmd(_ context.Context, c *cli, args []string) error {
	if len(args) == 0 || (args[0] != "check" && args[0] != "-h" && args[0] != "--help" && args[0] != "-help") {
		return usagef("config needs a subcommand: check")
	}
	if args[0] == "check" {
		args = args[1:]
	}
	fs, cfgPath := newFlagSet(c, "config check", "config check [--config FILE]",
		`Validates a configuration: YAML syntax, unknown keys, values, what each platform's mode
needs, and the knowledge files it names. Environment variables (SLACK_BOT_TOKEN, ...) count
as they would for 'bot run'. Problems are printed one "file:line: message" a line; the
exit status is then 1. Secrets are never printed.`,
		"  bot config check --config bot.yaml\n  SLACK_SIGNING_SECRET=... bot config check")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 1 && *cfgPath == "" {
		*cfgPath = rest[0] // `bot config check bot.yaml` means what it says
	} else if len(rest) > 0 {
		return usagef("config check takes no arguments besides --config FILE")
	}
	cfg, err := c.loadConfig(*cfgPath)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	base, err := loadBase(cfg)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	for _, w := range cfg.Warnings() {
		fmt.Fprintln(c.stderr, "warning:", w)
	}
	name := cfg.File
	if name == "" {
		name = "(no file: defaults and environment)"
	}
	fmt.Fprintf(c.stdout, "ok: %s\n", name)
	fmt.Fprintf(c.stdout, "  slack:     %s\n", orOff(cfg.Slack.Mode))
	fmt.Fprintf(c.stdout, "  discord:   %s\n", orOff(cfg.Discord.Mode))
	if cfg.HTTPNeeded() {
		fmt.Fprintf(c.stdout, "  http:      %s\n", cfg.HTTP.Listen)
	} else if cfg.SlackEnabled() || cfg.DiscordEnabled() {
		fmt.Fprintf(c.stdout, "  http:      off (no platform needs it; set http.listen for /healthz and /metrics)\n")
	} else {
		fmt.Fprintf(c.stdout, "  http:      off (console only)\n")
	}
	if cfg.AdminHTTP() {
		fmt.Fprintf(c.stdout, "  admin:     %s (/metrics, /healthz, /readyz)\n", cfg.HTTP.AdminListen)
	}
	fmt.Fprintf(c.stdout, "  store:     %s %s\n", cfg.Store.Driver, redactDSN(cfg.Store.DSN))
	fmt.Fprintf(c.stdout, "  knowledge: %d entries\n", len(base.Entries))
	return nil
}

func orOff(mode string) string {
	if mode == "" {
		return "off"
	}
	return mode + " mode"
}
