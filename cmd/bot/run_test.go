package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/config"
)

func TestRunBrokenKnowledgeStopsStartUp(t *testing.T) {
	cleanEnv(t)
	dir := write(t, map[string]string{
		"broken.yaml": "entries:\n  - slug: a\n    title: [unclosed\n",
		"bot.yaml":    "store:\n  dsn: ':memory:'\nhttp:\n  listen: 127.0.0.1:0\nknowledge:\n  paths: [broken.yaml]\n",
	})
	r := bot(t, "risks\n", "run", "--config", filepath.Join(dir, "bot.yaml"))
	if r.code != 1 || !fileLine.MatchString(r.stderr) || strings.Contains(r.stderr, "panic") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("a failed start answered: %q", r.stdout)
	}
}

func TestRunBadConfigStopsStartUp(t *testing.T) {
	cleanEnv(t)
	dir := write(t, map[string]string{"bot.yaml": "slack:\n  mode: socket\n"})
	r := bot(t, "", "run", "--config", filepath.Join(dir, "bot.yaml"))
	if r.code != 1 || !strings.Contains(r.stderr, "bot.yaml:2: slack socket mode needs slack.bot_token") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestRunConsoleAnswersAndStopsAtEndOfInput(t *testing.T) {
	cleanEnv(t)
	dir := write(t, map[string]string{"bot.yaml": "store:\n  dsn: " + filepath.Join(t.TempDir(), "bot.db") + "\n"})
	r := bot(t, "/bigmodel risks\n法律风险有哪些\n", "run", "--config", filepath.Join(dir, "bot.yaml"), "--console-format", "jsonl")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"type":"reply"`) || !strings.Contains(lines[0], "Technical risk") {
		t.Errorf("console output:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "level=") {
		t.Error("logs reached stdout")
	}
}

func TestAConsoleWithNothingToReadSaysWhy(t *testing.T) {
	cleanEnv(t)
	dir := write(t, map[string]string{"bot.yaml": "store:\n  dsn: " + filepath.Join(t.TempDir(), "bot.db") + "\n"})
	r := bot(t, "", "run", "--config", filepath.Join(dir, "bot.yaml"))
	if r.code != 0 || !strings.Contains(r.stderr, "no platform configured and standard input was empty") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if r := bot(t, "risks\n", "run", "--config", filepath.Join(dir, "bot.yaml")); strings.Contains(r.stderr, "standard input was empty") {
		t.Errorf("warned although there was input:\n%s", r.stderr)
	}
}

func TestABusyPortSaysWhatToDo(t *testing.T) {
	cleanEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dir := write(t, map[string]string{"bot.yaml": "http:\n  listen: " + ln.Addr().String() +
		"\nstore:\n  dsn: " + filepath.Join(t.TempDir(), "bot.db") + "\n"})
	r := bot(t, "risks\n", "run", "--config", filepath.Join(dir, "bot.yaml"))
	if r.code != 1 || !strings.Contains(r.stderr, "set http.listen to a free address") {
		t.Errorf("exit %d:\n%s", r.code, r.stderr)
	}
}

// syncBuffer is a bytes buffer safe to write from the bot's goroutines while a test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startApp builds `bot run` in-process from a config text and runs it until the test ends.
// The returned app has its HTTP port bound (when configured) before startApp returns.
func startApp(t *testing.T, yaml string, stdin io.Reader) (*app, *syncBuffer) {
	t.Helper()
	path := filepath.Join(write(t, map[string]string{"bot.yaml": yaml}), "bot.yaml")
	cfg, err := (&cli{}).loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	a := newApp(&cli{stdin: stdin, stdout: out, stderr: out}, cfg, "jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	comps, err := a.build(ctx)
	if err != nil {
		cancel()
		a.close()
		t.Fatalf("build: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- a.run(ctx, comps) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run after cancel: %v", err)
		}
		a.close()
	})
	return a, out
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestRunServesHTTPWhenListenIsSet(t *testing.T) {
	cleanEnv(t)
	in, feed := io.Pipe()
	defer feed.Close()
	a, out := startApp(t, "http:\n  listen: 127.0.0.1:0\nstore:\n  dsn: ':memory:'\n", in)
	if a.http == nil {
		t.Fatal("http.listen set but no HTTP server")
	}
	base := "http://" + a.http.Addr()
	if code, body := httpGet(t, base+"/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q", code, body)
	}
	if code, body := httpGet(t, base+"/readyz"); code != 200 {
		t.Errorf("/readyz = %d %q", code, body)
	}
	// a console question shows in /metrics: the core reports to the metrics observer
	// The console reads line n+1 only after handing line n over, and takes line n+2 only after
	// handling line n: once the third write returns, the first question has been answered.
	for _, line := range []string{"/bigmodel risks\n", "/bigmodel help\n", "/bigmodel help\n"} {
		if _, err := io.WriteString(feed, line); err != nil {
			t.Fatal(err)
		}
	}
	_, metrics := httpGet(t, base+"/metrics")
	if !strings.Contains(metrics, `bigmodel_requests_total{kind="command",outcome="answered",platform="console"}`) {
		t.Errorf("/metrics does not count the console's answer:\n%s\nconsole: %s", grepLines(metrics, "bigmodel_"), out.String())
	}
}

func grepLines(s, sub string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// The benchmark's set-up: both platforms in HTTP mode with only the verification keys in the
// environment. Missing tokens are warnings; the bot must start and serve.
func TestRunHTTPModesStartWithoutTokens(t *testing.T) {
	cleanEnv(t)
	t.Setenv("SLACK_SIGNING_SECRET", "bench-signing-secret")
	t.Setenv("DISCORD_PUBLIC_KEY", "f1b6a4bd1fa56ea5e4e71e9a8c3c0b4a2d3f7f3e6a9b1c2d3e4f5a6b7c8d9e0f")
	a, out := startApp(t, "http:\n  listen: 127.0.0.1:0\nstore:\n  dsn: ':memory:'\nslack: {mode: http}\ndiscord: {mode: http}\n",
		strings.NewReader("risks\n"))
	if code, body := httpGet(t, "http://"+a.http.Addr()+"/readyz"); code != 200 {
		t.Errorf("/readyz = %d %q\n%s", code, body, out.String())
	}
	if _, ok := a.posters["console"]; ok {
		t.Error("the console runs although platforms are configured")
	}
	if !strings.Contains(out.String(), "no bot_token") {
		t.Errorf("missing bot token not warned about:\n%s", out.String())
	}
	if strings.Contains(out.String(), "bench-signing-secret") {
		t.Error("the signing secret reached the log")
	}
}

func TestBareRunOpensNoPort(t *testing.T) {
	cleanEnv(t)
	cfg, err := config.Load("")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Store.DSN = ":memory:"
	a := newApp(&cli{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}, cfg, "text")
	defer a.close()
	comps, err := a.build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range comps {
		names = append(names, c.name)
	}
	if a.http != nil || slices.Contains(names, "http") || !slices.Contains(names, "console") {
		t.Errorf("bare run: http=%v components=%q", a.http != nil, names)
	}
}

func TestRunPostgresErrorHidesPassword(t *testing.T) {
	cleanEnv(t)
	// nothing listens on port 1: the connection fails fast, and the message must not show the password
	dir := write(t, map[string]string{"bot.yaml": "store:\n  driver: postgres\n  dsn: postgres://bot:hunter2@127.0.0.1:1/bot?connect_timeout=2\n"})
	r := bot(t, "", "run", "--config", filepath.Join(dir, "bot.yaml"))
	if r.code != 1 || !strings.Contains(r.stderr, "open postgres store") || strings.Contains(r.stderr, "hunter2") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestLogFormatJSONGoesToStderr(t *testing.T) {
	cleanEnv(t)
	dir := write(t, map[string]string{"bot.yaml": "log:\n  level: info\n  format: json\nstore:\n  dsn: ':memory:'\n"})
	r := bot(t, "risks\n", "run", "--config", filepath.Join(dir, "bot.yaml"))
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	for _, l := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil || rec["msg"] == nil {
			t.Errorf("log line is not a JSON record: %q", l)
		}
	}
	if !strings.Contains(r.stderr, `"msg":"bot ready"`) || strings.Contains(r.stdout, `"msg"`) {
		t.Errorf("logs: stderr %q, stdout %q", r.stderr, r.stdout)
	}
}
