package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The real process: ready on its port, then SIGTERM stops it cleanly with exit status 0.
func TestProcessStopsCleanlyOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	cleanEnv(t)
	dir := write(t, map[string]string{
		"bot.yaml": "http:\n  listen: 127.0.0.1:0\nlog:\n  level: info\nstore:\n  dsn: bot.db\n",
	})
	cmd := exec.Command(os.Args[0], "run", "--config", filepath.Join(dir, "bot.yaml"))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BOT_TEST_AS_MAIN=1")
	stdin, err := cmd.StdinPipe() // kept open: the console must not see the end of input
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	logs := bufio.NewScanner(stderr)
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
	err = cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) || err != nil {
		t.Errorf("exit after SIGTERM: %v\n%s", err, rest.String())
	}
	if !strings.Contains(rest.String(), "bot stopped") {
		t.Errorf("no clean stop in the log:\n%s", rest.String())
	}
}
