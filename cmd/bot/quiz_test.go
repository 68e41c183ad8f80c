package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// line is one jsonl line of the console.
type line struct {
	Type    string `json:"type"`
	Text    string `json:"text"`
	Buttons []struct{ ID string }
	Meta    map[string]string `json:"meta"`
}

// child is the bot running as a real process on a database file.
type child struct {
	cmd   *exec.Cmd
	in    io.WriteCloser
	lines chan line
}

func startChild(t *testing.T, dir string) *child {
	t.Helper()
	p := startBot(t, dir, "run", "--config", filepath.Join(dir, "bot.yaml"), "--console-format", "jsonl")
	go io.Copy(io.Discard, p.stderr) // its logs are not what these tests read
	out := p.stdout
	c := &child{cmd: p.cmd, in: p.stdin, lines: make(chan line, 256)}
	t.Cleanup(func() { c.kill() })
	go func() {
		defer close(c.lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var l line
			if json.Unmarshal(sc.Bytes(), &l) == nil {
				c.lines <- l
			}
		}
	}()
	return c
}

func (c *child) send(t *testing.T, s string) {
	t.Helper()
	if _, err := io.WriteString(c.in, s+"\n"); err != nil {
		t.Fatal(err)
	}
}

// next returns the next line that satisfies keep, failing after a generous bound.
func (c *child) next(t *testing.T, what string, keep func(line) bool) line {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				t.Fatalf("the bot exited while waiting for %s", what)
			}
			if keep(l) {
				return l
			}
		case <-timeout:
			t.Fatalf("no %s", what)
		}
	}
}

// kill is kill -9: no shutdown code runs.
func (c *child) kill() {
	c.cmd.Process.Kill()
	c.cmd.Wait()
}

func isScheduledPost(l line) bool { return l.Type == "post" && l.Meta["slot"] != "" }
func isReply(l line) bool         { return l.Type == "reply" }

// A quiz subscription survives kill -9 at any point: no slot is posted twice, no question repeats
// before the deck runs out, an acknowledged answer is kept and the schedule goes on.
func TestQuizSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	cleanEnv(t)
	dir := write(t, map[string]string{"bot.yaml": "store:\n  dsn: bot.db\n"})
	var posts []line

	c := startChild(t, dir)
	c.send(t, "/bigmodel quiz")
	onDemand := c.next(t, "on-demand quiz post", func(l line) bool { return l.Type == "post" })
	if onDemand.Meta["slot"] != "" || len(onDemand.Buttons) != 4 {
		t.Fatalf("on-demand post: %+v", onDemand)
	}
	c.next(t, "reply to quiz", isReply)
	c.send(t, "/bigmodel answer A")
	if r := c.next(t, "answer reply", isReply); !strings.Contains(r.Text, "Correct") && !strings.Contains(r.Text, "Not quite") {
		t.Fatalf("answer: %q", r.Text)
	}
	c.send(t, "/bigmodel quiz subscribe @every 1s")
	c.next(t, "subscribe reply", isReply)
	for i := 0; i < 3; i++ {
		posts = append(posts, c.next(t, "scheduled post", isScheduledPost))
	}
	c.kill() // right after a post: perhaps while the next one is being claimed or sent

	// Killed again straight after start, before it could do much.
	c = startChild(t, dir)
	c.kill()

	c = startChild(t, dir)
	c.send(t, "/bigmodel leaderboard")
	if r := c.next(t, "leaderboard", isReply); !strings.Contains(r.Text, "/1") {
		t.Errorf("the answer given before kill -9 is not on the leaderboard: %q", r.Text)
	}
	c.send(t, "/bigmodel quiz status")
	if r := c.next(t, "status", isReply); !strings.Contains(r.Text, "@every 1s") {
		t.Errorf("subscription lost: %q", r.Text)
	}
	for i := 0; i < 3; i++ {
		posts = append(posts, c.next(t, "scheduled post after restart", isScheduledPost))
	}
	c.kill()

	slots, questions := map[string]bool{}, map[string]bool{onDemand.Meta["question"]: true}
	for _, p := range posts {
		if slots[p.Meta["slot"]] {
			t.Errorf("slot %s posted twice", p.Meta["slot"])
		}
		slots[p.Meta["slot"]] = true
		if questions[p.Meta["question"]] {
			t.Errorf("question %s repeated before the deck ran out", p.Meta["question"])
		}
		questions[p.Meta["question"]] = true
	}
}

// A new console session: `answer C` does not answer a quiz an earlier process posted (this user
// never saw it), and a quiz post is numbered as its buttons are, however many came before.
func TestConsoleQuizNumbersAndSessions(t *testing.T) {
	cleanEnv(t)
	dir := t.TempDir()
	dir = write(t, map[string]string{"bot.yaml": "store:\n  dsn: " + filepath.Join(dir, "bot.db") + "\n"})
	cfg := filepath.Join(dir, "bot.yaml")
	first := bot(t, "/bigmodel quiz\n", "run", "--config", cfg)
	if first.code != 0 || !strings.Contains(first.stdout, "── quiz #1 ──") || !strings.Contains(first.stdout, "[!quiz:a:1:A]") {
		t.Fatalf("first session: exit %d\n%s\n%s", first.code, first.stdout, first.stderr)
	}
	second := bot(t, "/bigmodel answer C\n/bigmodel quiz\n", "run", "--config", cfg)
	if second.code != 0 {
		t.Fatalf("second session: exit %d\n%s", second.code, second.stderr)
	}
	if strings.Contains(second.stdout, "Correct") || strings.Contains(second.stdout, "Not quite") || !strings.Contains(second.stdout, "before this session began") {
		t.Errorf("answer C applied to a quiz this session never showed:\n%s", second.stdout)
	}
	if !strings.Contains(second.stdout, "── quiz #2 ──") || !strings.Contains(second.stdout, "[!quiz:a:2:A]") || strings.Contains(second.stdout, "#1 ") {
		t.Errorf("the post's number is not its buttons' quiz id:\n%s", second.stdout)
	}
	third := bot(t, "/bigmodel quiz\n/bigmodel answer B\n", "run", "--config", cfg, "--console-format", "jsonl")
	if !strings.Contains(third.stdout, `"id":"3"`) || !strings.Contains(third.stdout, `"quiz_post":"3"`) ||
		!(strings.Contains(third.stdout, "Correct") || strings.Contains(third.stdout, "Not quite")) {
		t.Errorf("jsonl: the post id is not the quiz's, or the quiz of this session was not answered:\n%s", third.stdout)
	}
}
