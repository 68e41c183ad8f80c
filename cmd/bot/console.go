package main

import (
	"context"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/console"
)

// consolePart runs the terminal adapter when no platform is configured: the bot answers lines
// of standard input on standard output, and stops at the end of input.
func consolePart() part {
	return part{name: "console", start: func(_ context.Context, a *app) ([]component, error) {
		if a.cfg.SlackEnabled() || a.cfg.DiscordEnabled() {
			return nil, nil
		}
		con := console.New(console.Options{
			Handler: a.bot,
			In:      a.cli.stdin,
			Out:     a.cli.stdout,
			Format:  a.consoleFormat,
			Color:   a.cli.color && a.consoleFormat == console.FormatText,
			// Greet and prompt only a person: piped input and jsonl stay clean for scripts.
			Interactive: a.cli.stdinTTY && a.cli.stdoutTTY && a.consoleFormat == console.FormatText,
			Logger:      a.log,
		})
		a.posters.add(console.Platform, con)
		return []component{{name: "console", run: con.Run, foreground: true}}, nil
	}}
}
