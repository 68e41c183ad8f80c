package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/bigmodel-bot/bigmodel-bot/config"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"golang.org/x/term"
)

// errHelp means -h was asked for and usage printed.
var errHelp = flag.ErrHelp

// newFlagSet makes a subcommand's flags with --config and a usage text: synopsis, flags, examples.
// Flags may come before or after arguments (parseArgs).
func newFlagSet(c *cli, name, synopsis, about, examples string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("bot "+name, flag.ContinueOnError)
	// Only asked-for help is printed through the flag set, so it goes where output goes;
	// parseArgs reports mistakes itself.
	fs.SetOutput(c.stdout)
	cfg := fs.String("config", "", "read the configuration `FILE` (YAML); its knowledge.paths replace the built-in base")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: bot %s\n\n%s\n\nFlags:\n", synopsis, strings.TrimSpace(about))
		fs.PrintDefaults()
		if examples != "" {
			fmt.Fprintf(w, "\nExamples:\n%s\n", strings.TrimRight(examples, "\n"))
		}
	}
	return fs, cfg
}

// parseArgs parses flags wherever they stand among the arguments (`kb show risks --lang zh`),
// and returns the arguments. Everything after "--" is an argument.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	// The flag package prints a mistake and the whole usage; one line and a hint read better.
	usage, out := fs.Usage, fs.Output()
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	defer func() { fs.Usage = usage; fs.SetOutput(out) }()
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(out)
				usage()
				return nil, errHelp
			}
			return nil, &usageError{msg: strings.Replace(err.Error(), " -", " --", 1), cmd: fs.Name()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// loadConfig reads and validates the configuration for `run` and `config check`; path "" means
// defaults and environment only. Its secrets are masked in everything c prints from then on.
func (c *cli) loadConfig(path string) (*config.Config, error) {
	cfg, err := c.loadRaw(path)
	if err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// loadRaw reads the configuration without validating it (commands that need only part of
// it), and has its secrets masked in everything c prints from then on.
func (c *cli) loadRaw(path string) (*config.Config, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	c.secrets.Add(cfg.Secrets()...)
	return cfg, nil
}

// knowledgePaths resolves knowledge.paths against the config file's folder, so a config and its
// knowledge files can move together.
func knowledgePaths(cfg *config.Config) []string {
	out := make([]string, len(cfg.Knowledge.Paths))
	for i, p := range cfg.Knowledge.Paths {
		if cfg.File != "" && !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(cfg.File), p)
		}
		out[i] = p
	}
	return out
}

// loadBase loads the configured knowledge files, or the built-in base.
func loadBase(cfg *config.Config) (*knowledge.Base, error) {
	base, err := knowledge.Load(knowledgePaths(cfg))
	var kerr knowledge.Errors
	if err != nil && cfg.File != "" && errors.As(err, &kerr) && unreadable(kerr) {
		return nil, &pathsError{err: err, file: cfg.File}
	}
	return base, err
}

// unreadable reports whether a problem is a whole path (missing, unreadable), not a line in it.
func unreadable(errs knowledge.Errors) bool {
	for _, e := range errs {
		if e.Pos.Line <= 0 {
			return true
		}
	}
	return false
}

// pathsError is a knowledge path that could not be read, with where it was configured: a
// relative path in a config file is read from that file's folder, which surprises people.
type pathsError struct {
	err  error
	file string
}

func (e *pathsError) Error() string {
	return fmt.Sprintf("%v\n%s: knowledge.paths: relative paths are read from the folder of %s (%s)",
		e.err, e.file, e.file, filepath.Dir(e.file))
}

func (e *pathsError) Unwrap() error { return e.err }

// about is what the loaded base says it covers (its knowledge files' "about"): the built-in
// base is about starting an LLM company; a team's base names its own subject, or none, and the
// bot then points to its topics instead of posing as an LLM-startup expert.
func about(base *knowledge.Base) map[knowledge.Lang]string {
	return base.About
}

// printErrors writes an error one "file:line: message" a line and returns exit code 1.
func printErrors(w io.Writer, err error) error {
	fmt.Fprintln(w, err)
	return exitCode(1)
}

// newLogger logs to w (stderr: stdout may be the console's) as the config says.
func newLogger(w io.Writer, cfg *config.Config) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.SlogLevel()}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// isTerminal reports whether f is a terminal (x/term asks for its termios, which /dev/null,
// a character device too, has not: `bot ask < /dev/null` must not say it reads from a terminal).
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
