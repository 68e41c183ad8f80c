package deploy_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

const unitBinary = "/usr/local/bin/bigmodel-bot"

// unitForVerify copies the unit to a temporary folder with its binary pointing at an
// executable that exists (this test binary): verify checks that ExecStart can be executed.
func unitForVerify(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("systemd/bigmodel-bot.service")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "ExecStart="+unitBinary+" run --config ") {
		t.Fatalf("ExecStart does not run %s run --config", unitBinary)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bigmodel-bot.service")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(b), unitBinary, self)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The unit passes systemd-analyze verify without a word about it, and keeps its hardening.
func TestSystemdUnitVerifies(t *testing.T) {
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		t.Skip("skipped: systemd-analyze is not installed (Debian: apt-get install systemd)")
	}
	unit := unitForVerify(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "systemd-analyze", "verify", "--man=no", unit).CombinedOutput()
	if err != nil {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
	// A misspelt value is only a warning (exit 0), so any line about the unit fails the test;
	// lines about the host's other units are not ours to judge.
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "bigmodel-bot.service") {
			t.Errorf("systemd-analyze verify: %s", line)
		}
	}

	out, err = exec.CommandContext(ctx, "systemd-analyze", "security", "--offline=yes", unit).CombinedOutput()
	if err != nil {
		t.Logf("systemd-analyze security --offline is not available here: %v", err)
		return
	}
	m := regexp.MustCompile(`Overall exposure level for bigmodel-bot.service: ([0-9.]+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no exposure level in:\n%s", out)
	}
	// 10 is systemd's "UNSAFE" default for a plain unit; 1.4 when this was written.
	if level, _ := strconv.ParseFloat(string(m[1]), 64); level > 2.0 {
		t.Errorf("exposure level %.1f, want at most 2.0: hardening was lost\n%s", level, out)
	}
	t.Logf("systemd-analyze security: exposure %s", m[1])
}

// The settings the deployment guide promises are in the unit, with the values it says.
func TestSystemdUnitHardening(t *testing.T) {
	b, err := os.ReadFile("systemd/bigmodel-bot.service")
	if err != nil {
		t.Fatal(err)
	}
	set := map[string][]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok && !strings.HasPrefix(k, "#") {
			set[k] = append(set[k], v)
		}
	}
	want := map[string]string{
		"DynamicUser": "yes", "StateDirectory": "bigmodel-bot", "ProtectSystem": "strict",
		"NoNewPrivileges": "yes", "PrivateTmp": "yes", "ProtectHome": "yes",
		"RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX", "SystemCallFilter": "@system-service",
		"CapabilityBoundingSet": "", "KillSignal": "SIGTERM",
	}
	for k, v := range want {
		if len(set[k]) == 0 || set[k][0] != v {
			t.Errorf("%s=%q, want %q", k, set[k], v)
		}
	}
}

// The service's config keeps the store in the StateDirectory by an absolute path and passes
// config check.
func TestSystemdConfigIsAbsoluteAndValid(t *testing.T) {
	b, err := os.ReadFile("systemd/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "dsn: /var/lib/bigmodel-bot/") {
		t.Errorf("store.dsn is not an absolute path in the StateDirectory:\n%s", b)
	}
	checkConfig(t, "systemd/config.yaml")
}
