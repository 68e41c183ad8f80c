package main

import (
	"bufio"
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// reportJSON runs `bot kb report --format json` and decodes it.
func reportJSON(t *testing.T, cfg string, args ...string) queryReport {
	t.Helper()
	r := bot(t, "", append([]string{"kb", "report", "--config", cfg, "--format", "json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("kb report: exit %d\n%s", r.code, r.stderr)
	}
	var rep queryReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("kb report json: %v\n%s", err, r.stdout)
	}
	return rep
}

func renderLines(ls []reportLine) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Query + "|" + l.Slug + "=" + strconv.FormatInt(l.Asked, 10)
	}
	return out
}

// The whole path on a real SQLite file: questions typed into `bot run` are in the report once the
// bot stops; commands and `bot ask` are not.
func TestKbReportEndToEnd(t *testing.T) {
	cleanEnv(t)
	dir := write(t, map[string]string{"bot.yaml": "store:\n  dsn: " + filepath.Join(t.TempDir(), "bot.db") + "\n"})
	cfg := filepath.Join(dir, "bot.yaml")

	if r := bot(t, "", "kb", "report", "--config", cfg); r.code != 1 || !strings.Contains(r.stderr, "no store at") {
		t.Errorf("report before the bot ever ran: exit %d, %q; want 1 and 'no store at'", r.code, r.stderr)
	}
	in := "risks\nWhat are  the RISKS\nwhat is the weather in paris\n/bigmodel help\n/bigmodel topics\nrisks\nwhat is the weather in Paris\nwhat is the weather in paris\n"
	if r := bot(t, in, "run", "--config", cfg); r.code != 0 {
		t.Fatalf("run: exit %d\n%s", r.code, r.stderr)
	}
	if r := bot(t, "", "ask", "--config", cfg, "what is the weather in paris"); r.code != 1 && r.code != 0 {
		t.Fatalf("ask: exit %d\n%s", r.code, r.stderr)
	}

	rep := reportJSON(t, cfg)
	wantTop := []string{"what is the weather in paris|=3", "risks|risks=2", "what are the risks|risks=1"}
	if got := renderLines(rep.Top); !slices.Equal(got, wantTop) {
		t.Errorf("top = %q\nwant %q", got, wantTop)
	}
	if got, want := renderLines(rep.Unanswered), []string{"what is the weather in paris|=3"}; !slices.Equal(got, want) {
		t.Errorf("unanswered = %q, want %q", got, want)
	}
	if got := renderLines(reportJSON(t, cfg, "--limit", "1").Top); len(got) != 1 {
		t.Errorf("--limit 1: %q", got)
	}

	r := bot(t, "", "kb", "report", "--config", cfg)
	if r.code != 0 {
		t.Fatalf("kb report: exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"Top questions", "      3  (no answer)  what is the weather in paris", "      2  risks        risks\n", "      3  what is the weather in paris", "Unanswered questions"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text report lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestKbReportFlags(t *testing.T) {
	cleanEnv(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--since", "yesterday"}, "--since"},
		{[]string{"--since", "-5h"}, "positive"},
		{[]string{"--since", "xd"}, "number of days"},
		{[]string{"--limit", "0"}, "--limit"},
		{[]string{"--format", "xml"}, "--format"},
		{[]string{"extra"}, "no arguments"},
	}
	for _, tc := range tests {
		r := bot(t, "", append([]string{"kb", "report"}, tc.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("kb report %q: exit %d, %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	for _, tc := range []struct {
		in   string
		want string
	}{{"168h", "168h0m0s"}, {"30d", "720h0m0s"}, {"90m", "1h30m0s"}} {
		if d, err := parsePeriod(tc.in); err != nil || d.String() != tc.want {
			t.Errorf("parsePeriod(%q) = %v, %v; want %s", tc.in, d, err, tc.want)
		}
	}
}

// A SIGTERM right after a question: the question is in the report, though the 30 s flush never
// came.
func TestProcessSIGTERMKeepsTheLastQuestion(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	cleanEnv(t)
	dir := write(t, map[string]string{"bot.yaml": "store:\n  dsn: bot.db\n"})
	c := startBot(t, dir, "run", "--config", filepath.Join(dir, "bot.yaml"), "--console-format", "jsonl")
	cmd, stdout := c.cmd, c.stdout
	if _, err := c.stdin.Write([]byte("how do we raise money for an llm startup?\n")); err != nil {
		t.Fatal(err)
	}
	answers := bufio.NewScanner(stdout)
	if !answers.Scan() {
		t.Fatalf("no answer: %v", answers.Err())
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for answers.Scan() {
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	t.Chdir(dir) // the config's dsn is relative, as the bot ran it
	rep := reportJSON(t, "bot.yaml")
	if len(rep.Top) != 1 || rep.Top[0].Query != "how do we raise money for an llm startup?" || rep.Top[0].Asked != 1 {
		t.Errorf("after SIGTERM the report is %+v; want the one question", rep.Top)
	}
}
