package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// deadPort is a loopback port nothing listens on: the database there is unreachable.
func deadPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

// Every form a database password takes, and every platform secret, fed through every command
// that loads a configuration, in both log formats at debug level: none may be printed.
func TestNoCommandPrintsASecret(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every command against an unreachable database")
	}
	cleanEnv(t)
	const (
		slackSecret  = "tSlackSigningSecret9f2c"
		slackToken   = "xoxb-tSlackBotToken-7d41"
		discordToken = "tDiscordBotToken.Xy8.Qw3"
	)
	port := deadPort(t)
	forms := []struct {
		name, dsn, pgpassword string
		secrets               []string
	}{
		{"user:pass@", fmt.Sprintf("postgres://botuser:tPwUserPass51@127.0.0.1:%d/botdb?sslmode=disable", port), "", []string{"tPwUserPass51"}},
		{"percent-encoded", fmt.Sprintf("postgres://botuser:tPw%%40Enc62@127.0.0.1:%d/botdb", port), "", []string{"tPw%40Enc62", "tPw@Enc62"}},
		{"?password=", fmt.Sprintf("postgres://botuser@127.0.0.1:%d/botdb?password=tPwQuery73&sslmode=disable", port), "", []string{"tPwQuery73"}},
		{"&password=", fmt.Sprintf("postgres://botuser@127.0.0.1:%d/botdb?sslmode=disable&password=tPwAmp74", port), "", []string{"tPwAmp74"}},
		{"key=value", fmt.Sprintf("host=127.0.0.1 port=%d user=botuser password=tPwKeyValue84 dbname=botdb sslmode=disable", port), "", []string{"tPwKeyValue84"}},
		{"key='quoted'", fmt.Sprintf("host=127.0.0.1 port=%d user=botuser password='tPw Quoted85' dbname=botdb", port), "", []string{"tPw Quoted85"}},
		{"PGPASSWORD", fmt.Sprintf("postgres://botuser@127.0.0.1:%d/botdb", port), "tPwEnvironment96", []string{"tPwEnvironment96"}},
	}
	commands := [][]string{
		{"config", "check"}, {"run"}, {"kb", "report"}, {"ask", "risks"},
		{"slack", "manifest"}, {"kb", "check"}, {"kb", "show", "risks"},
	}
	for _, f := range forms {
		for _, format := range []string{"text", "json"} {
			dir := write(t, map[string]string{"bot.yaml": fmt.Sprintf(`http:
  listen: 127.0.0.1:0
store:
  driver: postgres
  dsn: %q
slack:
  mode: http
  bot_token: %s
  signing_secret: %s
  api_url: http://127.0.0.1:%d/api/
discord:
  mode: http
  token: %s
  application_id: "123456789012345678"
  public_key: %s
  api_url: http://127.0.0.1:%d/api/v10
log:
  level: debug
  format: %s
`, f.dsn, slackToken, slackSecret, port, discordToken, strings.Repeat("ab", 32), port, format)})
			t.Setenv("PGPASSWORD", f.pgpassword)
			for _, cmd := range commands {
				args := append(append([]string(nil), cmd...), "--config", filepath.Join(dir, "bot.yaml"))
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				var out, errb bytes.Buffer
				code := execute(ctx, &cli{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}, args)
				cancel()
				printed := out.String() + errb.String()
				if printed == "" {
					t.Errorf("%s/%s: bot %s printed nothing (exit %d); the test would prove nothing", f.name, format, strings.Join(cmd, " "), code)
				}
				for _, s := range append(f.secrets, slackSecret, slackToken, strings.TrimPrefix(slackToken, "xoxb-"), discordToken) {
					if i := strings.Index(printed, s); i >= 0 {
						line := printed[strings.LastIndex(printed[:i], "\n")+1:]
						line, _, _ = strings.Cut(line, "\n")
						t.Errorf("%s/%s: bot %s printed %q: %s", f.name, format, strings.Join(cmd, " "), s, line)
					}
				}
			}
		}
	}
}

// panicReader panics with msg when read: a crash whose message carries a secret.
type panicReader struct{ msg string }

func (p panicReader) Read([]byte) (int, error) { panic(p.msg) }

// A panic on the command's goroutine is printed masked, with exit status 2, as the runtime
// would print it but for the secret.
func TestAPanicIsPrintedMasked(t *testing.T) {
	cleanEnv(t)
	t.Setenv("SLACK_BOT_TOKEN", "xoxb-panic-token-123")
	var out, errb bytes.Buffer
	code := execute(context.Background(), &cli{stdin: panicReader{"connect with xoxb-panic-token-123 failed"}, stdout: &out, stderr: &errb},
		[]string{"ask", "--format", "jsonl"})
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(errb.String(), "panic: connect with [redacted] failed") {
		t.Errorf("stderr does not show the masked panic:\n%s", errb.String())
	}
	if strings.Contains(out.String()+errb.String(), "xoxb-panic-token-123") {
		t.Error("the panic printed the token")
	}
}
