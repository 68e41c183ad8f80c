package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"

	textclip "github.com/bigmodel-bot/bigmodel-bot/internal/clip"
)

const kbUsage = `Usage: bot kb <check|import|show|report|teach|learned> [flags] [args]

  check [PATH ...]        validate knowledge files or folders (default: the configured or built-in base)
  import FILE             convert a Markdown Q&A document (the seed's format) to a knowledge file on stdout
  show SLUG [--lang L]    print one entry as Markdown, its title first ("# Title")
  report [--since 168h]   what people asked the bot: top questions and unanswered ones
  teach "QUESTION" SLUG   teach the bot that an entry answers QUESTION (--off-topic: that none does)
  learned list|remove|export   the taught questions: list them, take one back, export them as examples

Run 'bot kb <subcommand> -h' for its flags.
`

func kbCmd(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, kbUsage)
		return usagef("kb needs a subcommand: check, import, show, report, teach or learned")
	}
	switch args[0] {
	case "check":
		return kbCheck(c, args[1:])
	case "import":
		return kbImport(c, args[1:])
	case "show":
		return kbShow(c, args[1:])
	case "report":
		return kbReport(ctx, c, args[1:])
	case "teach":
		return kbTeach(ctx, c, args[1:])
	case "learned":
		return kbLearned(ctx, c, args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(c.stdout, kbUsage)
		return nil
	}
	return usagef("unknown kb subcommand %q (want check, import, show, report, teach or learned)", args[0])
}

func kbCheck(c *cli, args []string) error {
	fs, cfgPath := newFlagSet(c, "kb check", "kb check [--config FILE] [PATH ...]",
		`Validates knowledge files (YAML) and folders of them as one base: syntax, duplicate slugs,
missing languages, unknown related slugs, empty titles or answers. With no PATH it checks
the base the bot would load: knowledge.paths of --config, else the built-in one.
Problems are printed one "file:line: message" a line; the exit status is then 1.`,
		"  bot kb check knowledge/\n  bot kb check --config team.yaml")
	paths, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		cfg, err := c.loadRaw(*cfgPath)
		if err != nil {
			return printErrors(c.stderr, err)
		}
		paths = knowledgePaths(cfg)
	}
	// The seed's Markdown is the usual first try. Read as YAML it gives a syntax error that
	// says nothing useful, so such a file gets only the way to turn it into a knowledge file.
	var yamlPaths, docs []string
	for _, p := range paths {
		if isDocument(p) {
			docs = append(docs, p)
		} else {
			yamlPaths = append(yamlPaths, p)
		}
	}
	for _, p := range docs {
		fmt.Fprintf(c.stderr, "%s: a Markdown document, not a knowledge file (YAML); convert it first: bot kb import %s > %s.yaml\n",
			p, p, strings.TrimSuffix(p, filepath.Ext(p)))
	}
	if len(docs) > 0 && len(yamlPaths) == 0 {
		return exitCode(1)
	}
	base, err := knowledge.Load(yamlPaths)
	if err != nil {
		fmt.Fprintln(c.stderr, err)
		return exitCode(1)
	}
	if len(docs) > 0 {
		return exitCode(1)
	}
	where := "the built-in base"
	if len(paths) > 0 {
		where = strings.Join(paths, ", ")
	}
	noun := "entries"
	if len(base.Entries) == 1 {
		noun = "entry"
	}
	fmt.Fprintf(c.stdout, "ok: %d %s (%s) in %s\n", len(base.Entries), noun, langList(base), where)
	return nil
}

// isDocument reports whether a path named on the command line is a text document (the
// importer's input) rather than a knowledge file.
func isDocument(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".md", ".markdown", ".txt":
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return false
		}
		return true
	}
	return false
}

func langList(b *knowledge.Base) string {
	var s []string
	for _, l := range b.Langs() {
		s = append(s, string(l))
	}
	return strings.Join(s, ", ")
}

func kbImport(c *cli, args []string) error {
	fs, _ := newFlagSet(c, "kb import", "kb import [--config FILE] FILE",
		`Converts a document in the seed's Markdown Q&A format ("#### 1. heading", then
**题目：**/**答案：**/**解析：** or **Question:**/**Answer:**/**Explanation:**) to a knowledge
file on stdout. FILE "-" reads standard input. Review the result, add the other language,
aliases and keywords, then list it in knowledge.paths.`,
		"  mkdir -p team && bot kb import notes.md > team/notes.yaml && bot kb check team/")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("kb import needs exactly one FILE")
	}
	name := files[0]
	var r io.Reader = c.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		defer f.Close()
		r = f
	} else {
		name = "stdin"
	}
	entries, err := knowledge.Import(name, r)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	if _, err := c.stdout.Write(knowledge.Marshal(entries)); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

func kbShow(c *cli, args []string) error {
	fs, cfgPath := newFlagSet(c, "kb show", "kb show [--lang zh|en] [--config FILE] SLUG",
		`Prints one entry as Markdown: "# Title" first, then the question, answer and explanation.
An entry without the language asked for is shown in the one it has.`,
		"  bot kb show risks\n  bot kb show funding --lang zh")
	langFlag := fs.String("lang", "en", "show the entry in `LANG` (zh or en)")
	slugs, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(slugs) > 1 {
		return usagef("kb show takes one SLUG, got %d (quote a title with spaces)", len(slugs))
	}
	lang, ok := knowledge.ParseLang(*langFlag)
	if !ok {
		return usagef("--lang must be zh or en, not %q", *langFlag)
	}
	cfg, err := c.loadRaw(*cfgPath)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	base, err := loadBase(cfg)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	if len(slugs) == 0 {
		// The slugs themselves are the help a person needs here.
		return usagef("kb show needs a SLUG; topics: %s", slugList(base))
	}
	e, ok := base.Find(slugs[0])
	if !ok {
		fmt.Fprintf(c.stderr, "bot kb show: no entry %q%s\n", clip(slugs[0]), didYouMean(base, slugs[0]))
		return exitCode(1)
	}
	_, err = io.WriteString(c.stdout, e.Markdown(lang))
	return err
}

// didYouMean names the closest slugs, found the way the bot finds topics (typos, aliases, either
// language), or lists every slug of a small base.
func didYouMean(base *knowledge.Base, q string) string {
	res := search.New(base).Search(q)
	var s []string
	if res.Best != nil {
		s = append(s, res.Best.Slug)
	}
	for _, m := range res.Alternatives {
		s = append(s, m.Entry.Slug)
	}
	if len(s) > 0 {
		return "; did you mean " + strings.Join(s, ", ") + "?"
	}
	return "; topics: " + slugList(base)
}

// slugList names the base's slugs (the first 30) for a message.
func slugList(base *knowledge.Base) string {
	var s []string
	for i, e := range base.Entries {
		if i == 30 {
			s = append(s, "…")
			break
		}
		s = append(s, e.Slug)
	}
	return strings.Join(s, ", ")
}

// clip shortens user input repeated in a message.
func clip(s string) string { return textclip.Runes(s, 61) }
