// Package console is the terminal adapter: it reads lines from a reader, hands them to the core
// as a user would type them on a platform, and writes the replies as text or JSON lines.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
)

// Handler is what the console needs from the core.
type Handler interface {
	Handle(ctx context.Context, req core.Request) (core.Reply, error)
}

// Formats.
const (
	FormatText  = "text"
	FormatJSONL = "jsonl"
)

// Platform, Workspace and Channel name the console's one conversation.
const (
	Platform  = "console"
	Workspace = "local"
	Channel   = "console"
)

// slash is the command prefix that makes a line a slash command instead of a direct message.
const slash = "/bigmodel"

// maxLine bounds what the console keeps of one input line; the core looks at far less.
const maxLine = 64 << 10

// Options configure a Console.
type Options struct {
	Handler Handler
	In      io.Reader
	Out     io.Writer
	Format  string // "text" (default) or "jsonl"
	Color   bool   // ANSI bold and dim in text format; set it only when Out is a terminal
	// Interactive greets the user and shows a prompt (text format only); set it when a person
	// types at a terminal, not when a script pipes lines in.
	Interactive bool
	User        string       // the user id of whoever types; default "you"
	Logger      *slog.Logger // where handling errors go; nil: nowhere
}

// Console is the terminal adapter. It implements core.Poster; its methods are safe for
// concurrent use.
type Console struct {
	h      Handler
	in     io.Reader
	format string
	color  bool
	inter  bool
	user   string
	log    *slog.Logger
	since  time.Time // when Run began: the user has seen nothing the channel got before

	mu  sync.Mutex // serialises writes to out and guards seq and pressed
	out *bufio.Writer
	// seq numbers the posts that are not quizzes; a quiz post takes its quiz's id instead, the
	// number its buttons carry (!quiz:a:2:A is answered on "── quiz #2 ──").
	seq     int
	pressed map[string]string // button id -> value of the buttons shown last
	// shownText is the title and body each posted message was last printed with, so an update
	// that only changes the footer (a quiz tally) prints one line, not the whole message again.
	shownText map[string]string
	// prompting is set while the prompt waits for a line, so a post arriving then starts on a
	// line of its own and the prompt is shown again after it.
	prompting bool
}

// New returns a console adapter; it reads nothing until Run.
func New(o Options) *Console {
	c := &Console{h: o.Handler, in: o.In, format: o.Format, color: o.Color, user: o.User, out: bufio.NewWriter(o.Out)}
	if c.format == "" {
		c.format = FormatText
	}
	c.inter = o.Interactive && c.format == FormatText
	if c.user == "" {
		c.user = "you"
	}
	c.log = o.Logger
	if c.log == nil {
		c.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if c.in == nil {
		c.in = strings.NewReader("")
	}
	return c
}

// Run reads lines until In ends (then it returns nil) or ctx is done (also nil: that is a
// shutdown, not a failure). Each line is handled before the next is read.
func (c *Console) Run(ctx context.Context) error {
	if c.format != FormatText && c.format != FormatJSONL {
		return fmt.Errorf("console: unknown format %q (want text or jsonl)", c.format)
	}
	c.since = time.Now()
	if err := c.greet(); err != nil {
		return err
	}
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		// Reads cannot be interrupted; this goroutine ends when In does.
		readErr <- readLines(ctx, c.in, lines)
	}()
	for {
		select {
		case <-ctx.Done():
			c.bye()
			return nil
		case line, ok := <-lines:
			if !ok {
				if err := <-readErr; err != nil {
					return fmt.Errorf("console: read input: %w", err)
				}
				c.bye()
				return nil
			}
			c.typed()
			if c.quits(line) {
				c.bye()
				return nil
			}
			if err := c.line(ctx, line); err != nil {
				return err
			}
			if err := c.prompt(); err != nil {
				return err
			}
		}
	}
}

// readLines sends each line of r (cut to maxLine bytes) to lines and closes it at the end.
func readLines(ctx context.Context, r io.Reader, lines chan<- string) error {
	defer close(lines)
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := readLine(br)
		if line != "" || err == nil {
			select {
			case lines <- line:
			case <-ctx.Done():
				return nil
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// readLine returns the next line without its end, keeping at most maxLine bytes of it.
func readLine(br *bufio.Reader) (string, error) {
	var b []byte
	for {
		chunk, isPrefix, err := br.ReadLine()
		if len(b) < maxLine {
			b = append(b, chunk[:min(len(chunk), maxLine-len(b))]...)
		}
		if err != nil {
			return string(b), err
		}
		if !isPrefix {
			return string(b), nil
		}
	}
}

// line turns one typed line into a request, handles it and writes the reply.
func (c *Console) line(ctx context.Context, line string) error {
	line = strings.TrimSpace(line)
	if line == "" {
		return nil
	}
	req := core.Request{
		Platform: Platform, Workspace: Workspace, Channel: Channel, User: c.user, UserName: c.user,
		CanManage: true, Kind: core.KindMessage, DM: true, Text: line, SeenSince: c.since,
	}
	if rest, ok := cutSlash(line); ok {
		req.Kind, req.DM, req.Text = core.KindCommand, false, strings.TrimSpace(rest)
	} else if id, ok := strings.CutPrefix(line, "!"); ok {
		// "!topic:risks" presses a button the console showed, as a click would on a platform.
		if value, shown := c.shown(id); shown {
			req.Kind, req.Text, req.ActionID, req.ActionValue = core.KindAction, "", id, value
		} else if !strings.ContainsAny(id, " \t") {
			// A button id that is not on screen is a typo or a stale press, not a question.
			return c.write("reply", "", Channel, core.Reply{Body: fmt.Sprintf(noButton, safe(line))})
		}
	}
	r, err := c.h.Handle(ctx, req)
	if err != nil {
		// The core's reply on error is still meant for the user; the cause is for the operator.
		c.log.Error("console: handle line", "kind", req.Kind.String(), "err", err)
		if r.Empty() {
			r = core.Reply{Body: "Sorry, something went wrong. / 抱歉，出错了。"}
		}
	}
	if r.Empty() {
		return nil
	}
	return c.write("reply", "", Channel, r)
}

// cutSlash removes the slash command's name from line, in any letter case ("/BIGMODEL risks"):
// caps lock or a phone's capital first letter must not turn the command into a question.
func cutSlash(line string) (string, bool) {
	if len(line) < len(slash) || !strings.EqualFold(line[:len(slash)], slash) {
		return "", false
	}
	rest := line[len(slash):]
	return rest, rest == "" || rest[0] == ' ' || rest[0] == '\t'
}

// shown reports whether id is one of the buttons on the last messages, and its value.
func (c *Console) shown(id string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.pressed[id]
	return v, ok
}

// Post writes a message the bot sends on its own, as a "post" line. Its id is the quiz's id
// for a quiz post ("2", as in its buttons' quiz:a:2:A), "2-answer" for that quiz's reveal, and
// "m1", "m2"… for anything else, so ids never collide with a quiz's however many processes
// have posted before.
func (c *Console) Post(ctx context.Context, ch core.ChannelKey, r core.Reply) (core.MessageRef, error) {
	if err := ctx.Err(); err != nil {
		return core.MessageRef{}, fmt.Errorf("console post: %w", err)
	}
	var id string
	switch {
	case r.Meta["quiz_post"] != "":
		id = r.Meta["quiz_post"]
	case r.Meta["quiz_reveal"] != "":
		id = r.Meta["quiz_reveal"] + "-answer"
	default:
		c.mu.Lock()
		c.seq++
		id = fmt.Sprintf("m%d", c.seq)
		c.mu.Unlock()
	}
	if err := c.write("post", id, ch.Channel, r); err != nil {
		return core.MessageRef{}, err
	}
	return core.MessageRef{Channel: ch, ID: id}, nil
}

// Update writes the new version of a posted message as an "update" line.
func (c *Console) Update(ctx context.Context, ref core.MessageRef, r core.Reply) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("console update: %w", err)
	}
	return c.write("update", ref.ID, ref.Channel.Channel, r)
}
