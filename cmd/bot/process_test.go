package main

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// botProcess is the bot (this test binary run with BOT_TEST_AS_MAIN) in a process of its own.
type botProcess struct {
	cmd            *exec.Cmd
	stdin          io.WriteCloser
	stdout, stderr io.Reader
}

// startBot starts the bot in dir with args. Its stdin stays open until the test ends, so the
// console never sees the end of input; the process is killed then if it still runs.
func startBot(t *testing.T, dir string, args ...string) botProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BOT_TEST_AS_MAIN=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // already gone when the test waited for it
		_ = stdin.Close()
	})
	return botProcess{cmd: cmd, stdin: stdin, stdout: stdout, stderr: stderr}
}

// The real process: ready on its port, then SIGTERM stops it cleanly with exit status 0.
func TestProcessStopsCleanlyOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	cleanEnv(t)
	dir := write(t, map[string]string{
		"bot.yaml": "http:\n  listen: 127.0.0.1:0\nlog:\n  level: info\nstore:\n  dsn: bot.db\n",
	})
	c := startBot(t, dir, "run", "--config", filepath.Join(dir, "bot.yaml"))
	cmd := c.cmd
	logs := bufio.NewScanner(c.stderr)
	addr := ""
	var seen []string
	for addr == "" && logs.Scan() {
		line := logs.Text()
		seen = append(seen, line)
		if strings.Contains(line, `msg="bot ready"`) {
			_, rest, _ := strings.Cut(line, " http=")
			addr, _, _ = strings.Cut(rest, " ")
		}
	}
	if addr == "" {
		t.Fatalf("no ready line; log:\n%s", strings.Join(seen, "\n"))
	}
	if code, _ := httpGet(t, "http://"+addr+"/readyz"); code != 200 {
		t.Errorf("/readyz = %d", code)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var rest strings.Builder
	for logs.Scan() {
		rest.WriteString(logs.Text() + "\n")
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) || err != nil {
		t.Errorf("exit after SIGTERM: %v\n%s", err, rest.String())
	}
	if !strings.Contains(rest.String(), "bot stopped") {
		t.Errorf("no clean stop in the log:\n%s", rest.String())
	}
}
