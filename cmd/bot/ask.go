package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/console"
	"github.com/bigmodel-bot/bigmodel-bot/config"
	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// maxQueryBytes is how much of one input line ask keeps: the bot reads far less of a message,
// and a line of any length must cost bounded memory and still give exactly one answer.
const maxQueryBytes = 64 << 10

const askAbout = `Answers questions from the knowledge base, as the bot would, without any platform.
QUERY words are joined into one question; with no QUERY, every line of standard input is one
question. --format jsonl prints one JSON object per input line (blank lines too), in order:
  {"query": "...", "slug": "risks", "score": 0.93, "alternatives": ["pros-cons"]}
with "slug": "" when the bot would not answer with an entry (help or "did you mean" instead);
small talk ("hi", "thanks", "who are you") has "slug": "" and "small_talk": "greeting" etc.
--format json adds the answer's language, title and text. --explain shows how each question
was matched: the normalised text, its terms and weights, and for the best entries the words
they have in which field, their score and confidence (in json and jsonl as "explain").`

const askExamples = `  bot ask what are the risks of an LLM startup
  bot ask --lang zh risks
  printf 'risks\n融资\n\nweather\n' | bot ask --format jsonl
  bot ask --config team.yaml --format json onboarding
  bot ask --explain 'how do we raise money?'`

func askCmd(ctx context.Context, c *cli, args []string) error {
	fs, cfgPath := newFlagSet(c, "ask", "ask [--lang zh|en] [--format text|json|jsonl] [--config FILE] [QUERY ...]", askAbout, askExamples)
	langFlag := fs.String("lang", "", "answer in `LANG` (zh or en); default: the question's language")
	format := fs.String("format", "text", "output `FORMAT`: text, json or jsonl")
	explain := fs.Bool("explain", false, "show how each question was matched")
	words, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *format != "text" && *format != "json" && *format != "jsonl" {
		return usagef("--format must be text, json or jsonl, not %q", *format)
	}
	var lang knowledge.Lang
	if *langFlag != "" {
		l, ok := knowledge.ParseLang(*langFlag)
		if !ok {
			return usagef("--lang must be zh or en, not %q", *langFlag)
		}
		lang = l
	}
	cfg, err := c.loadRaw(*cfgPath)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	base, err := loadBase(cfg)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	log := newLogger(c.stderr, cfg)
	a := newAsker(base, storedLessons(ctx, cfg, log), about(base), lang, log)
	a.seen.explain = *explain

	out := bufio.NewWriterSize(c.stdout, 64<<10)
	defer out.Flush()
	p := newPrinter(*format, out, len(words) > 0, c.color)
	one := func(q string) error {
		if c.stdinTTY && len(words) == 0 && core.IsQuit(q) {
			return errStop // a person ends the session as the console's banner says
		}
		ans, err := a.ask(ctx, q)
		if err != nil {
			return err
		}
		if err := p.put(ans); err != nil {
			return err
		}
		if c.stdinTTY {
			return out.Flush() // a person waits for each answer; a pipe gets them in bulk
		}
		return nil
	}
	if len(words) > 0 {
		err = one(strings.Join(words, " "))
	} else {
		if c.stdinTTY {
			fmt.Fprintln(c.stderr, "Reading questions from the terminal, one a line; Ctrl-D ends.")
		}
		err = eachLine(ctx, c.stdin, one)
	}
	if errors.Is(err, errStop) {
		err = nil
	}
	if err != nil {
		return err
	}
	if err := p.end(); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write answers: %w", err)
	}
	return nil
}

// errStop ends reading questions early without an error: "exit" typed at a terminal.
var errStop = errors.New("stop reading")

// asker answers through core.Bot, exactly as the bot would (same cleaning, commands and
// thresholds), and keeps the search result core saw so jsonl can show its alternatives.
type asker struct {
	bot  *core.Bot
	seen *recordingSearch
	lang knowledge.Lang
}

// recordingSearch remembers the last search core made, and with explain how it came about,
// from the same search. ask handles one query at a time.
type recordingSearch struct {
	ix      *search.Index
	explain bool
	last    *search.Result
	ex      *search.Explanation
}

func (r *recordingSearch) Search(q string) search.Result {
	if r.explain {
		ex := r.ix.Explain(q)
		r.last, r.ex = &ex.Result, &ex
		return ex.Result
	}
	res := r.ix.Search(q)
	r.last = &res
	return res
}

func newAsker(base *knowledge.Base, lessons []core.Lesson, about map[knowledge.Lang]string, lang knowledge.Lang, log *slog.Logger) *asker {
	taught, _ := core.TaughtFrom(base, lessons)
	seen := &recordingSearch{ix: search.NewTaught(base, taught)}
	// The store is read once, for the lessons: ask changes nothing, and 5,000 queries must
	// not wait on a database.
	bot := core.New(core.Options{Base: base, Search: seen, Logger: log, About: about})
	return &asker{bot: bot, seen: seen, lang: lang}
}

// answer is one output record.
type answer struct {
	Query        string   `json:"query"`
	Slug         string   `json:"slug"`
	Score        float64  `json:"score"`
	Alternatives []string `json:"alternatives"`
	// json only
	Lang      string              `json:"lang,omitempty"`
	Title     string              `json:"title,omitempty"`
	Text      string              `json:"text,omitempty"`
	SmallTalk string              `json:"small_talk,omitempty"`
	Explain   *search.Explanation `json:"explain,omitempty"`
	// reply is what text format prints, rendered as the console shows it.
	reply core.Reply
}

func (a *asker) ask(ctx context.Context, q string) (answer, error) {
	a.seen.last, a.seen.ex = nil, nil
	r, err := a.bot.Handle(ctx, core.Request{
		Platform: "cli", User: "cli", Channel: "cli",
		Kind: core.KindCommand, DM: true, Text: q, Locale: string(a.lang),
	})
	if err != nil && ctx.Err() != nil {
		return answer{}, ctx.Err()
	}
	ans := answer{Query: q, Alternatives: []string{}, Lang: string(r.Lang), Title: r.Title, Text: r.Text(), reply: r}
	if r.Outcome != nil {
		ans.Slug, ans.Score = r.Outcome.Slug, r.Outcome.Score
	}
	ans.reply.Buttons = nil // nothing to press on a command line
	if res := a.seen.last; res != nil && res.SmallTalk != "" {
		ans.Slug, ans.SmallTalk = "", res.SmallTalk
	} else if r.Outcome != nil && r.Outcome.SmallTalk != "" {
		ans.Slug, ans.SmallTalk = "", r.Outcome.SmallTalk // a piped "exit": core's goodbye, no entry
	}
	ans.Explain = a.seen.ex
	if res := a.seen.last; res != nil {
		ans.Score = res.Score
		for _, m := range res.Alternatives {
			if m.Entry != nil && m.Entry.Slug != ans.Slug {
				ans.Alternatives = append(ans.Alternatives, m.Entry.Slug)
			}
		}
	}
	return ans, nil
}

// printer writes answers in one output format; end finishes the output (the json list).
type printer struct {
	put func(answer) error
	end func() error
}

func newPrinter(format string, w *bufio.Writer, single, color bool) printer {
	nothing := func() error { return nil }
	switch format {
	case "jsonl":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return printer{put: func(a answer) error {
			a.Lang, a.Title, a.Text = "", "", ""
			return enc.Encode(a)
		}, end: nothing}
	case "json":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if single {
			return printer{put: func(a answer) error { return enc.Encode(a) }, end: nothing}
		}
		n := 0
		return printer{put: func(a answer) error {
			if n == 0 {
				w.WriteString("[\n  ")
			} else {
				w.WriteString(",\n  ")
			}
			n++
			b, err := json.MarshalIndent(a, "  ", "  ")
			if err != nil {
				return err
			}
			_, err = w.Write(b)
			return err
		}, end: func() error {
			if n == 0 {
				_, err := w.WriteString("[]\n")
				return err
			}
			_, err := w.WriteString("\n]\n")
			return err
		}}
	}
	n := 0
	return printer{put: func(a answer) error {
		if n > 0 {
			w.WriteString("\n") // a blank line between answers
		}
		n++
		if _, err := w.WriteString(console.Text(a.reply, color)); err != nil {
			return err
		}
		if a.Explain != nil {
			w.WriteString("\n── how it was matched ──\n")
			return a.Explain.Write(w)
		}
		return nil
	}, end: nothing}
}

// eachLine calls fn with every line of r (without its line ending), a blank last line excepted.
// A line longer than maxQueryBytes is cut: the rest is read and dropped, so any input gives
// exactly one call per line in bounded memory.
func eachLine(ctx context.Context, r io.Reader, fn func(string) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var line []byte
	started := false // bytes of the current line have been read (it may be cut to nothing kept)
	for {
		chunk, err := br.ReadSlice('\n')
		started = started || len(chunk) > 0
		if room := maxQueryBytes - len(line); room > 0 {
			line = append(line, chunk[:min(len(chunk), room)]...)
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue // the line goes on
		case err != nil && !errors.Is(err, io.EOF):
			return fmt.Errorf("read queries: %w", err)
		}
		eof := err != nil
		if started {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if len(line) == maxQueryBytes {
				line = cutPartialRune(line)
			}
			q := strings.TrimSuffix(strings.TrimSuffix(string(line), "\n"), "\r")
			if err := fn(q); err != nil {
				return err
			}
		}
		if eof {
			return nil
		}
		line, started = line[:0], false
	}
}

// cutPartialRune drops a UTF-8 sequence that a cut left incomplete at the end of b.
func cutPartialRune(b []byte) []byte {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				return b[:i]
			}
			break
		}
	}
	return b
}

// storedLessons reads the questions owners taught from the configured store, so ask answers
// as the running bot does. No store yet means nothing was taught; a store that cannot be read
// is a warning, not a failure: ask still answers from the base.
func storedLessons(ctx context.Context, cfg *config.Config, log *slog.Logger) []core.Lesson {
	if storeExists(cfg.Store) != nil {
		return nil
	}
	s, err := openStore(ctx, cfg.Store)
	if err != nil {
		log.Warn("taught questions not read: answering from the knowledge base alone", "err", err)
		return nil
	}
	defer s.Close()
	ls, err := s.Lessons(ctx)
	if err != nil {
		log.Warn("taught questions not read: answering from the knowledge base alone", "err", err)
	}
	return ls
}
