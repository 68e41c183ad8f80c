package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// lessonRefresh is how often a running bot reads the taught questions from the store: what
// one replica (or `bot kb teach`) teaches, every replica answers within this.
const lessonRefresh = 10 * time.Second

func kbTeach(ctx context.Context, c *cli, args []string) error {
	fs, cfgPath := newFlagSet(c, "kb teach", `kb teach [--config FILE] "QUESTION" SLUG | kb teach --off-topic "QUESTION"`,
		`Teaches the bot that QUESTION is answered by the entry SLUG, or with --off-topic that no
entry answers it (the bot then refuses it, with no "did you mean"). The lesson is kept in the
configured store, so every running bot on that store answers it within `+lessonRefresh.String()+`, and after
restarts; it also helps questions asked in the same words. Teaching a question again
replaces its lesson. 'bot kb learned list' shows the lessons, 'remove' takes one back.`,
		"  bot kb teach \"how do we pay the bills before revenue?\" funding\n  bot kb teach --off-topic \"what's the weather tomorrow?\"")
	offTopic := fs.Bool("off-topic", false, "mark QUESTION as one no entry answers")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	var question, slug string
	switch {
	case *offTopic && len(rest) == 1:
		question = rest[0]
	case !*offTopic && len(rest) == 2:
		question, slug = rest[0], rest[1]
	case *offTopic:
		return usagef(`kb teach --off-topic takes one argument, the question in quotes; got %d`, len(rest))
	default:
		return usagef(`kb teach takes the question in quotes and a slug (or --off-topic); got %d arguments`, len(rest))
	}
	cfg, err := c.loadConfig(*cfgPath)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	base, err := loadBase(cfg)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	if slug != "" {
		e, ok := base.Find(slug)
		if !ok {
			return fmt.Errorf("no entry %q in the knowledge base%s", slug, didYouMean(base, slug))
		}
		slug = e.Slug
	}
	s, err := openStore(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer s.Close()
	l, err := s.Teach(ctx, core.Lesson{Question: question, Slug: slug, By: "cli"})
	if err != nil {
		return err
	}
	if l.OffTopic() {
		fmt.Fprintf(c.stdout, "Taught (lesson %d): “%s” is off-topic; the bot refuses it.\n", l.ID, l.Question)
	} else {
		fmt.Fprintf(c.stdout, "Taught (lesson %d): “%s” → %s.\n", l.ID, l.Question, l.Slug)
	}
	fmt.Fprintf(c.stdout, "Running bots on this store apply it within %s.\n", lessonRefresh)
	return nil
}

const learnedUsage = `Usage: bot kb learned <list|remove|export> [flags]

  list [--format text|json]   the questions taught with 'bot kb teach' (or the admin pages)
  remove ID                   take lesson ID back
  export                      print the knowledge base with each taught question among its
                              entry's examples, as a knowledge file to commit with the base
`

func kbLearned(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, learnedUsage)
		return usagef("kb learned needs a subcommand: list, remove or export")
	}
	switch args[0] {
	case "list":
		return learnedList(ctx, c, args[1:])
	case "remove":
		return learnedRemove(ctx, c, args[1:])
	case "export":
		return learnedExport(ctx, c, args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(c.stdout, learnedUsage)
		return nil
	}
	return usagef("unknown kb learned subcommand %q (want list, remove or export)", args[0])
}

func learnedList(ctx context.Context, c *cli, args []string) error {
	fs, cfgPath := newFlagSet(c, "kb learned list", "kb learned list [--config FILE] [--format text|json]",
		`Lists the taught questions in the configured store, oldest first: id, the entry (or
"off-topic"), who taught it and when, and the question.`, "  bot kb learned list --format json")
	format := fs.String("format", "text", "output `FORMAT`: text, or json")
	ls, base, err := readLessons(ctx, c, fs, cfgPath, args, "kb learned list")
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		type row struct {
			ID       int64     `json:"id"`
			Question string    `json:"question"`
			Slug     string    `json:"slug"`
			OffTopic bool      `json:"off_topic"`
			Stale    bool      `json:"stale,omitempty"` // the entry is no longer in the base
			By       string    `json:"by"`
			At       time.Time `json:"at"`
		}
		rows := make([]row, 0, len(ls))
		for _, l := range ls {
			_, ok := base.Entry(l.Slug)
			rows = append(rows, row{l.ID, l.Question, l.Slug, l.OffTopic(), !l.OffTopic() && !ok, l.By, l.At.UTC()})
		}
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	case "text":
	default:
		return usagef("--format must be text or json, not %q", *format)
	}
	if len(ls) == 0 {
		fmt.Fprintln(c.stdout, `No taught questions yet. Teach one with: bot kb teach "QUESTION" SLUG`)
		return nil
	}
	for _, l := range ls {
		to := l.Slug
		switch _, ok := base.Entry(l.Slug); {
		case l.OffTopic():
			to = "off-topic"
		case !ok:
			to += " (no longer in the base: ignored)"
		}
		fmt.Fprintf(c.stdout, "%d\t%s\t%s %s\t%s\n", l.ID, to, orDash(l.By), l.At.UTC().Format("2006-01-02 15:04"), l.Question)
	}
	return nil
}

func learnedRemove(ctx context.Context, c *cli, args []string) error {
	fs, cfgPath := newFlagSet(c, "kb learned remove", "kb learned remove [--config FILE] ID",
		`Takes back the lesson ID (see 'bot kb learned list'); running bots stop applying it within `+lessonRefresh.String()+`.`,
		"  bot kb learned remove 3")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("kb learned remove takes one lesson id, got %d arguments", len(rest))
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil || id <= 0 {
		return usagef("%q is not a lesson id (a number from 'bot kb learned list')", rest[0])
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
	ok, err := s.Forget(ctx, id)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("no lesson %d (bot kb learned list shows them)", id)
	}
	fmt.Fprintf(c.stdout, "Removed lesson %d.\n", id)
	return nil
}

func learnedExport(ctx context.Context, c *cli, args []string) error {
	fs, cfgPath := newFlagSet(c, "kb learned export", "kb learned export [--config FILE] > knowledge.yaml",
		`Prints the knowledge base as one knowledge file with every taught question added to its
entry's examples, ready to commit with the base and load instead of it. Off-topic lessons
and lessons for entries no longer in the base are listed on stderr: a knowledge file has no
place for them.`, "  bot kb learned export > knowledge/team.yaml")
	ls, base, err := readLessons(ctx, c, fs, cfgPath, args, "kb learned export")
	if err != nil {
		return err
	}
	taught, _ := core.TaughtFrom(base, ls)
	for _, l := range ls {
		if _, ok := base.Entry(l.Slug); l.OffTopic() || !ok {
			fmt.Fprintf(c.stderr, "not exported: lesson %d %q (%s)\n", l.ID, l.Question, map[bool]string{true: "off-topic", false: "no entry " + l.Slug}[l.OffTopic()])
		}
	}
	out := search.WithExamples(base, taught.Examples)
	_, err = c.stdout.Write(knowledge.Marshal(out.Entries))
	return err
}

// readLessons parses a learned subcommand's flags (it takes no arguments) and reads the base
// and the store's lessons.
func readLessons(ctx context.Context, c *cli, fs *flag.FlagSet, cfgPath *string, args []string, name string) ([]core.Lesson, *knowledge.Base, error) {
	rest, err := parseArgs(fs, args)
	if err != nil {
		return nil, nil, err
	}
	if len(rest) > 0 {
		return nil, nil, usagef("%s takes no arguments, got %q", name, rest[0])
	}
	cfg, err := c.loadConfig(*cfgPath)
	if err != nil {
		return nil, nil, printErrors(c.stderr, err)
	}
	base, err := loadBase(cfg)
	if err != nil {
		return nil, nil, printErrors(c.stderr, err)
	}
	s, err := openExistingStore(ctx, cfg.Store)
	if err != nil {
		return nil, base, err
	}
	defer s.Close()
	ls, err := s.Lessons(ctx)
	return ls, base, err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
