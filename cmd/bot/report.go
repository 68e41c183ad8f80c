package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/config"
	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// queryReporter is what `bot kb report` reads from a store.
type queryReporter interface {
	TopQueries(ctx context.Context, since time.Time, limit int) ([]core.QueryTotal, error)
	UnansweredQueries(ctx context.Context, since time.Time, limit int) ([]core.QueryTotal, error)
}

// queryReport is the report as --format json prints it.
type queryReport struct {
	Since      time.Time    `json:"since"` // counts are by day: the whole day of Since is in
	Top        []reportLine `json:"top"`
	Unanswered []reportLine `json:"unanswered"`
	until      time.Time    // for the text heading
	window     string       // --since, for the text heading
}

type reportLine struct {
	Query string `json:"query"`
	Slug  string `json:"slug"` // "" when the bot did not answer
	Asked int64  `json:"asked"`
}

func kbReport(ctx context.Context, c *cli, args []string) error {
	fs, cfgPath := newFlagSet(c, "kb report", "kb report [--config FILE] [--since 168h] [--limit 20] [--format text|json]",
		`Prints what people asked the running bot ('bot run') over a period, from the configured
store: the questions asked most often with the topic (slug) each was answered with, and the
questions the bot could not answer, the knowledge base's gaps. Questions are stored as
daily counts per platform, without user ids, for 90 days; 'bot ask' is not counted.
Counts reach the store every 30 seconds and when the bot stops.`,
		"  bot kb report\n  bot kb report --config bot.yaml --since 720h --limit 50\n  bot kb report --format json")
	since := fs.String("since", "168h", "report the `PERIOD` up to now: a Go duration (168h) or days (30d)")
	limit := fs.Int("limit", 20, "at most `N` lines in each list (1-1000)")
	format := fs.String("format", "text", "output `FORMAT`: text, or json")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("kb report takes no arguments, got %q", rest[0])
	}
	window, err := parsePeriod(*since)
	if err != nil {
		return usagef("--since: %v", err)
	}
	if *limit < 1 || *limit > 1000 {
		return usagef("--limit must be between 1 and 1000, not %d", *limit)
	}
	if *format != "text" && *format != "json" {
		return usagef("--format must be text or json, not %q", *format)
	}
	cfg, err := c.loadConfig(*cfgPath)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	s, err := openExistingStore(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer s.Close()
	qr, ok := s.(queryReporter)
	if !ok {
		return fmt.Errorf("store.driver %s keeps no query report", cfg.Store.Driver)
	}
	now := time.Now().UTC()
	// Counts are kept by day: the report starts at midnight (UTC) of the period's first day.
	from := time.Unix(core.UnixDay(now.Add(-window))*86400, 0).UTC()
	rep := queryReport{Since: from, until: now, window: *since}
	top, err := qr.TopQueries(ctx, rep.Since, *limit)
	if err != nil {
		return err
	}
	gaps, err := qr.UnansweredQueries(ctx, rep.Since, *limit)
	if err != nil {
		return err
	}
	rep.Top, rep.Unanswered = reportLines(top), reportLines(gaps)
	if *format == "json" {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return writeReport(c.stdout, rep)
}

// parsePeriod reads --since: a Go duration, or a whole number of days ("30d").
func parsePeriod(s string) (time.Duration, error) {
	var d time.Duration
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil {
			return 0, fmt.Errorf("%q is not a number of days", s)
		}
		d = time.Duration(days) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("%q is not a duration like 168h or 30d", s)
		}
	}
	if d <= 0 || d > 100*365*24*time.Hour {
		return 0, fmt.Errorf("%q must be a positive period", s)
	}
	return d, nil
}

// storeExists refuses to report from a SQLite file that is not there: opening it would create
// an empty database and report nothing, when the user most likely named the wrong config.
// openExistingStore opens the store a bot has already run with: commands that only read or
// take back what it kept must not create an empty one by mistake.
func openExistingStore(ctx context.Context, cfg config.Store) (stateStore, error) {
	if err := storeExists(cfg); err != nil {
		return nil, err
	}
	return openStore(ctx, cfg)
}

func storeExists(cfg config.Store) error {
	if cfg.Driver != "sqlite" {
		return nil
	}
	path := cfg.DSN
	if path == "" {
		path = sqlite.DefaultDSN
	}
	path = strings.TrimPrefix(path, "file:")
	path, _, _ = strings.Cut(path, "?")
	if path == ":memory:" || path == "" {
		return errors.New("the store is in memory (store.dsn :memory:): nothing is kept to report")
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("no store at %s: the bot has not run with this configuration (see --config and store.dsn)", path)
	}
	return nil
}

func reportLines(ts []core.QueryTotal) []reportLine {
	out := make([]reportLine, len(ts))
	for i, t := range ts {
		out[i] = reportLine(t)
	}
	return out
}

// writeReport prints the report as text: count, slug, question. The slug comes before the
// question because slugs are ASCII and keep the columns straight; Chinese questions would not.
func writeReport(w io.Writer, rep queryReport) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	period := fmt.Sprintf("%s to %s (the last %s, whole days, UTC)", rep.Since.Format(time.DateOnly), rep.until.Format(time.DateOnly), rep.window)
	fmt.Fprintf(tw, "Top questions, %s\n", period)
	if len(rep.Top) == 0 {
		fmt.Fprintln(tw, "  (none asked)")
	}
	for _, l := range rep.Top {
		slug := l.Slug
		switch slug {
		case "":
			slug = "(no answer)"
		case core.SmallTalkSlug:
			slug = "(small talk)" // greetings and thanks: answered, but by no entry
		}
		fmt.Fprintf(tw, "%7d  %s\t%s\n", l.Asked, slug, l.Query)
	}
	fmt.Fprintf(tw, "\nUnanswered questions, %s\n", period)
	if len(rep.Unanswered) == 0 {
		fmt.Fprintln(tw, "  (none)")
	}
	for _, l := range rep.Unanswered {
		fmt.Fprintf(tw, "%7d  %s\n", l.Asked, l.Query)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
