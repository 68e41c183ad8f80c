package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets a test start this test binary as the bot itself (see startBot), so the real
// process, its signals and exit status are tested without a separate go build.
func TestMain(m *testing.M) {
	if os.Getenv("BOT_TEST_AS_MAIN") == "1" {
		os.Args = append([]string{"bot"}, os.Args[1:]...)
		main()
		return
	}
	os.Exit(m.Run())
}

// result is what one in-process command run printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// bot runs the command line in-process with stdin as input.
func bot(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return botFrom(t, strings.NewReader(stdin), args...)
}

func botFrom(t *testing.T, stdin io.Reader, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := execute(context.Background(), &cli{stdin: stdin, stdout: &out, stderr: &errb}, args)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// cleanEnv keeps the developer's own platform secrets out of a test.
func cleanEnv(t *testing.T) {
	t.Helper()
	for _, k := range []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET",
		"DISCORD_BOT_TOKEN", "DISCORD_PUBLIC_KEY", "DISCORD_APPLICATION_ID"} {
		t.Setenv(k, "")
	}
}

// write puts files (name -> content) in a fresh folder and returns it.
func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestUsage(t *testing.T) {
	cleanEnv(t)
	cases := []struct {
		name       string
		args       []string
		code       int
		wantStdout string
		wantStderr string
	}{
		{"help lists every command", []string{"help"}, 0, "Commands:", ""},
		{"--help", []string{"--help"}, 0, "bot kb show risks", ""},
		{"unknown command", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{"unknown command shows usage", []string{"frobnicate"}, 2, "", "Commands:"},
		{"command help has examples", []string{"ask", "-h"}, 0, "Examples:", ""},
		{"a typo gets a suggestion", []string{"verison"}, 2, "", `did you mean "version"?`},
		{"an unknown command points to ask", []string{"risks"}, 2, "", "bot ask QUESTION"},
		{"help for a command", []string{"help", "kb"}, 0, "import FILE", ""},
		{"unknown flag", []string{"ask", "--nope"}, 2, "", "flag provided but not defined"},
		{"bad format", []string{"ask", "--format", "xml", "risks"}, 2, "", "--format must be"},
		{"bad lang", []string{"kb", "show", "risks", "--lang", "fr"}, 2, "", "--lang must be zh or en"},
		{"a subcommand's flag mistake points to its own help", []string{"kb", "show", "--frob"}, 2, "", "Run 'bot kb show -h' for usage."},
		{"kb without subcommand", []string{"kb"}, 2, "", "kb needs a subcommand"},
		{"run takes no arguments", []string{"run", "extra"}, 2, "", "run takes no arguments"},
		{"version", []string{"version"}, 0, "bigmodel-bot", ""},
		{"version takes --config", []string{"version", "--config", "x.yaml"}, 0, "go1.", ""},
		{"--version, as other tools take it", []string{"--version"}, 0, "bigmodel-bot", ""},
		{"-version", []string{"-version"}, 0, "go1.", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := bot(t, "", tc.args...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout, tc.wantStdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.wantStdout, r.stdout)
			}
			if !strings.Contains(r.stderr, tc.wantStderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.wantStderr, r.stderr)
			}
		})
	}
}

func TestAMistakeIsOneLineAndAHintNotTheWholeUsage(t *testing.T) {
	cleanEnv(t)
	for _, args := range [][]string{{"run", "--bogus"}, {"ask", "--config"}, {"kb", "show", "risks", "--lang"}, {"--nope"}} {
		r := bot(t, "", args...)
		if r.code != 2 || r.stdout != "" {
			t.Errorf("%q: exit %d, stdout %q", args, r.code, r.stdout)
		}
		if lines := strings.Count(r.stderr, "\n"); lines != 2 || !strings.HasPrefix(r.stderr, "bot: ") || !strings.Contains(r.stderr, "-h' for usage") {
			t.Errorf("%q: want the mistake and a hint, got:\n%s", args, r.stderr)
		}
	}
}

func TestParseArgsTakesFlagsAnywhere(t *testing.T) {
	cases := []struct {
		args     []string
		wantPos  string
		wantLang string
	}{
		{[]string{"risks", "--lang", "zh"}, "risks", "zh"},
		{[]string{"--lang=zh", "risks"}, "risks", "zh"},
		{[]string{"a", "-lang", "zh", "b"}, "a b", "zh"},
		{[]string{"--", "--lang", "zh"}, "--lang zh", ""},
		{[]string{"a", "--", "-b"}, "a -b", ""},
		{nil, "", ""},
	}
	for _, tc := range cases {
		fs, _ := newFlagSet(&cli{stderr: io.Discard}, "t", "t", "", "")
		lang := fs.String("lang", "", "")
		pos, err := parseArgs(fs, tc.args)
		if err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		if got := strings.Join(pos, " "); got != tc.wantPos || *lang != tc.wantLang {
			t.Errorf("%q: args %q lang %q, want %q %q", tc.args, got, *lang, tc.wantPos, tc.wantLang)
		}
	}
}

func TestRedactDSN(t *testing.T) {
	for dsn, want := range map[string]string{
		"bigmodel-bot.db":                          "bigmodel-bot.db",
		"postgres://bot:hunter2@db:5432/bot":       "postgres://bot:xxxxx@db:5432/bot",
		"host=db user=bot password=hunter2 dbname": "host=db user=bot password=xxxxx dbname",
		"host=db password='hunter 2'":              "host=db password=xxxxx",
	} {
		if got := redactDSN(dsn); got != want {
			t.Errorf("redactDSN(%q) = %q, want %q", dsn, got, want)
		}
	}
}
