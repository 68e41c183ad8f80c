// Command bot is bigmodel-bot: a Slack and Discord bot that answers questions about large-model
// startups from a bilingual knowledge base and posts a daily quiz. Run `bot help` for usage.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/agnivade/levenshtein"

	"github.com/bigmodel-bot/bigmodel-bot/config"
	"github.com/bigmodel-bot/bigmodel-bot/internal/redact"

	_ "time/tzdata" // quiz time zones work on hosts without a zoneinfo database
)

// command is one subcommand of the command line.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, c *cli, args []string) error
}

// commands lists every subcommand in the order `bot help` shows them.
//
// To add one (Slack's `bot slack manifest`, Discord's `bot discord commands`): write it in your
// own file (cmd/bot/slack.go, cmd/bot/discord.go) as a func(ctx, *cli, args) error that parses
// its flags with newFlagSet/parseArgs (which give it --config), and add one line here.
func commands() []command {
	return []command{
		{"run", "run the bot: every configured platform, the HTTP server and the quiz; the console when no platform is configured", runCmd},
		{"ask", "answer questions from the knowledge base without any platform", askCmd},
		{"kb", "check, import or show knowledge files; report what people ask; teach it questions (kb check|import|show|report|teach|learned)", kbCmd},
		{"config", "check a configuration file (config check)", configCmd},
		{"slack", "print the Slack app manifest (slack manifest [--url URL])", slackCmd},
		{"discord", "register the Discord commands or print the install URL (discord commands|invite)", discordCmd},
		{"store", "back up the SQLite store (store backup FILE)", storeCmd},
		{"healthcheck", "exit 0 when the running bot is ready (GET /readyz), 1 otherwise", healthcheckCmd},
		{"version", "print the version and build information", versionCmd},
	}
}

// cli is what a subcommand may use of the process: its streams. Tests pass buffers.
type cli struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// stdoutTTY says stdout is a terminal.
	stdoutTTY bool
	// color allows ANSI styles on stdout: a terminal, and neither NO_COLOR nor TERM=dumb set.
	color bool
	// stdinTTY says stdin is a terminal: a person types, so the console greets and prompts.
	stdinTTY bool
	// secrets are masked in all that stdout and stderr carry (see guard); nil masks nothing.
	secrets *redact.Set
}

// guard puts a secret filter in front of c's output streams, seeded with the secrets the
// environment holds; loading a configuration adds its own. Every line the bot prints, a log
// record, an error or a recovered panic, goes through it.
func (c *cli) guard(lookup func(string) (string, bool)) {
	if c.secrets != nil {
		return
	}
	c.secrets = redact.NewSet(config.SecretsFromEnv(lookup)...)
	c.stdout = redact.Writer(c.stdout, c.secrets)
	c.stderr = redact.Writer(c.stderr, c.secrets)
}

// exitCode is an error whose message has already been printed; main exits with the code.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// usageError is a command line mistake: main prints it with a hint and exits 2. cmd, when
// set, is the (sub)command whose -h helps ("bot kb show").
type usageError struct{ msg, cmd string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C kills at once
	}()
	c := &cli{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, stdoutTTY: isTerminal(os.Stdout), stdinTTY: isTerminal(os.Stdin)}
	c.color = c.stdoutTTY && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb" // https://no-color.org
	c.guard(os.LookupEnv)
	log.SetOutput(c.stderr) // a library logging through the standard logger is masked too
	code := execute(ctx, c, os.Args[1:])
	stop()
	os.Exit(code)
}

// execute runs the command line args and returns the process exit code.
func execute(ctx context.Context, c *cli, args []string) (code int) {
	c.guard(os.LookupEnv)
	defer func() {
		// A panic on this goroutine would reach the terminal through the runtime, unfiltered:
		// print it here, masked, with the stack, and exit as the runtime would.
		if v := recover(); v != nil {
			fmt.Fprintf(c.stderr, "panic: %v\n\n%s", v, debug.Stack())
			code = 2
		}
	}()
	name, rest := "run", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, rest = args[0], args[1:]
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		name, rest = "help", nil
	}
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version" || args[0] == "-V") {
		// What other tools answer; people try it before they read `bot help`.
		name, rest = "version", args[1:]
	}
	var err error
	if name == "help" {
		err = helpCmd(c, rest)
	} else if cmd, ok := lookup(name); ok {
		err = cmd.run(ctx, c, rest)
	} else {
		err = unknownCommand(name)
	}
	return report(c, name, err)
}

// unknownCommand is the mistake of a command name that does not exist, with the one it
// probably meant.
func unknownCommand(name string) error {
	best, bestD := "", 3
	for _, n := range commandNames() {
		if d := levenshtein.ComputeDistance(strings.ToLower(name), n); d < bestD && d < len(n) {
			best, bestD = n, d
		}
	}
	if best != "" {
		return usagef("unknown command %q (did you mean %q?)", name, best)
	}
	return usagef("unknown command %q", name)
}

func commandNames() []string {
	var names []string
	for _, cmd := range commands() {
		names = append(names, cmd.name)
	}
	return append(names, "help")
}

func lookup(name string) (command, bool) {
	for _, cmd := range commands() {
		if cmd.name == name {
			return cmd, true
		}
	}
	return command{}, false
}

// report prints err the way its kind asks for and returns the exit code.
func report(c *cli, name string, err error) int {
	var code exitCode
	var usage *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &code):
		return int(code)
	case errors.Is(err, errHelp):
		return 0
	case errors.As(err, &usage):
		fmt.Fprintf(c.stderr, "bot: %s\n", usage.msg)
		if usage.cmd != "" {
			fmt.Fprintf(c.stderr, "Run '%s -h' for usage.\n", usage.cmd)
		} else if _, ok := lookup(name); ok {
			fmt.Fprintf(c.stderr, "Run 'bot %s -h' for usage.\n", name)
		} else {
			fmt.Fprintf(c.stderr, "Commands: %s.\nRun 'bot help' for usage, or 'bot ask QUESTION' to ask the bot something.\n", strings.Join(commandNames(), ", "))
		}
		return 2
	}
	// Errors from a package often start with the command's own name ("discord: …").
	fmt.Fprintf(c.stderr, "bot %s: %s\n", name, strings.TrimPrefix(err.Error(), name+": "))
	return 1
}

func helpCmd(c *cli, args []string) error {
	if len(args) == 0 {
		printUsage(c.stdout)
		return nil
	}
	cmd, ok := lookup(args[0])
	if !ok {
		return unknownCommand(args[0])
	}
	return cmd.run(context.Background(), c, append(args[1:], "-h"))
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `bot answers questions about large-model (LLM) startups on Slack, Discord or the terminal.

Usage:
  bot [run] [--config FILE]      run the bot (the console when no platform is configured)
  bot <command> [flags] [args]

Commands:
`)
	for _, cmd := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprint(w, `
Every command takes --config FILE; its knowledge.paths replace the built-in knowledge base.

Examples:
  bot                                   chat in the terminal: type "risks" or "/bigmodel 融资"
  bot ask how do we raise money         one answer, no platform
  printf 'risks\n融资\n' | bot ask --format jsonl
  bot kb show risks --lang zh
  bot config check --config bot.yaml

Run 'bot help <command>' or 'bot <command> -h' for a command's flags.
`)
}
