package main

import (
	"context"
	"io"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/console"
)

// startConsole runs the terminal adapter when no platform is configured: the bot answers lines
// of standard input on standard output, and stops at the end of input.
func startConsole(a *app) ([]component, error) {
	if a.cfg.SlackEnabled() || a.cfg.DiscordEnabled() {
		return nil, nil
	}
	in := &countingReader{r: a.cli.stdin}
	con := console.New(console.Options{
		Handler: a.bot,
		In:      in,
		Out:     a.cli.stdout,
		Format:  a.consoleFormat,
		Color:   a.cli.color && a.consoleFormat == console.FormatText,
		// Greet and prompt only a person: piped input and jsonl stay clean for scripts.
		Interactive: a.cli.stdinTTY && a.cli.stdoutTTY && a.consoleFormat == console.FormatText,
		Logger:      a.log,
	})
	a.posters.add(console.Platform, con)
	run := func(ctx context.Context) error {
		err := con.Run(ctx)
		if err == nil && ctx.Err() == nil && in.n == 0 {
			// Under a service manager stdin is empty: a bot that forgot its tokens would
			// otherwise exit 0 without a word.
			a.log.Warn("no platform configured and standard input was empty: nothing to do; " +
				"set SLACK_* or DISCORD_* (see 'bot config check'), or type questions at a terminal")
		}
		return err
	}
	return []component{{name: "console", run: run, foreground: true}}, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
