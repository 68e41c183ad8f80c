package main

import (
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/config"
)

func TestHealthcheck(t *testing.T) {
	cleanEnv(t)
	in, feed := io.Pipe() // open input: the console, and so the bot, keeps running
	defer feed.Close()
	ready, _ := startApp(t, "http:\n  listen: 127.0.0.1:0\nstore:\n  dsn: ':memory:'\n", in)
	notReady := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "not ready: store", http.StatusServiceUnavailable)
	}))
	defer notReady.Close()
	release := make(chan struct{})
	hangs := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	defer hangs.Close()
	defer close(release) // before hangs.Close, which waits for its handlers
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	cases := []struct {
		name       string
		args       []string
		code       int
		wantStderr string
	}{
		{"ready bot", []string{"--url", "http://" + ready.http.Addr() + "/readyz"}, 0, ""},
		{"bare host:port gets /readyz", []string{"--url", ready.http.Addr()}, 0, ""},
		{"not ready", []string{"--url", notReady.URL + "/readyz"}, 1, "503 Service Unavailable: not ready: store"},
		{"nothing listening", []string{"--url", closed.URL}, 1, "connection refused"},
		{"no answer in time", []string{"--url", hangs.URL, "--timeout", "300ms"}, 1, "no answer within 300ms"},
		{"a bad url is a usage mistake", []string{"--url", "ftp://x"}, 2, "--url"},
		{"port 0 cannot be asked", []string{"--config", filepath.Join(write(t, map[string]string{"b.yaml": "http:\n  listen: 127.0.0.1:0\n"}), "b.yaml")}, 1, "pass --url"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			r := bot(t, "", append([]string{"healthcheck"}, tc.args...)...)
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %s, want under 2 s", took)
			}
			if r.code != tc.code || !strings.Contains(r.stderr, tc.wantStderr) {
				t.Errorf("exit %d, want %d; stderr %q, want %q", r.code, tc.code, r.stderr, tc.wantStderr)
			}
		})
	}
}

// The default timeout keeps a probe of a hung bot inside a healthcheck's 2 s.
func TestHealthcheckOfAHungBotEndsWithinTwoSeconds(t *testing.T) {
	release := make(chan struct{})
	hangs := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	defer hangs.Close()
	defer close(release)
	start := time.Now()
	r := bot(t, "", "healthcheck", "--url", hangs.URL)
	if took := time.Since(start); r.code != 1 || took > 2*time.Second {
		t.Errorf("exit %d after %s; want 1 within 2 s (%s)", r.code, took, r.stderr)
	}
}

func TestHealthcheckURLFromConfig(t *testing.T) {
	cases := []struct{ yaml, want string }{
		{"", "http://127.0.0.1:8080/readyz"},
		{"http:\n  listen: 0.0.0.0:8080\n", "http://127.0.0.1:8080/readyz"},
		{"http:\n  listen: '[::]:8080'\n", "http://[::1]:8080/readyz"},
		{"http:\n  listen: ':8080'\n", "http://127.0.0.1:8080/readyz"},
		{"http:\n  listen: 0.0.0.0:8080\n  admin_listen: 127.0.0.1:9090\n", "http://127.0.0.1:9090/readyz"},
		{"http:\n  admin_listen: 10.0.0.5:9090\n", "http://10.0.0.5:9090/readyz"},
	}
	for _, tc := range cases {
		path := ""
		if tc.yaml != "" {
			path = filepath.Join(write(t, map[string]string{"b.yaml": tc.yaml}), "b.yaml")
		}
		cfg, err := config.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := configReadyzURL(cfg); err != nil || got != tc.want {
			t.Errorf("%q: %q, %v; want %q", tc.yaml, got, err, tc.want)
		}
	}
}

// With http.admin_listen the derived URL reaches the admin listener of a real bot.
func TestHealthcheckFindsTheAdminListener(t *testing.T) {
	cleanEnv(t)
	in, feed := io.Pipe()
	defer feed.Close()
	a, _ := startApp(t, "http:\n  admin_listen: 127.0.0.1:0\nstore:\n  dsn: ':memory:'\n", in)
	cfgFile := filepath.Join(write(t, map[string]string{"b.yaml": "http:\n  admin_listen: " + a.admin.Addr() + "\n"}), "b.yaml")
	if r := bot(t, "", "healthcheck", "--config", cfgFile); r.code != 0 || !strings.Contains(r.stdout, a.admin.Addr()+"/readyz") {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestDiscordInvite(t *testing.T) {
	cleanEnv(t)
	want := "https://discord.com/oauth2/authorize?client_id=123456789012345678&permissions=84992&scope=bot+applications.commands\n"
	t.Setenv("DISCORD_APPLICATION_ID", "123456789012345678")
	if r := bot(t, "", "discord", "invite"); r.code != 0 || r.stdout != want {
		t.Errorf("from the environment: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	t.Setenv("DISCORD_APPLICATION_ID", "")
	cfgFile := filepath.Join(write(t, map[string]string{"b.yaml": "discord:\n  application_id: '123456789012345678'\n"}), "b.yaml")
	if r := bot(t, "", "discord", "invite", "--config", cfgFile); r.code != 0 || r.stdout != want {
		t.Errorf("from the config: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := bot(t, "", "discord", "invite"); r.code != 1 || !strings.Contains(r.stderr, "DISCORD_APPLICATION_ID") {
		t.Errorf("without an id: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := bot(t, "", "discord", "invite", "--dry-run"); r.code != 2 {
		t.Errorf("invite --dry-run: exit %d, want 2", r.code)
	}
}

func TestStoreBackup(t *testing.T) {
	cleanEnv(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "bot.db")
	cfgFile := filepath.Join(write(t, map[string]string{"b.yaml": "store:\n  dsn: " + db + "\n"}), "b.yaml")
	// A real store file with a real answer's state in it: `lang zh` through the console.
	if r := bot(t, "lang zh\n", "run", "--config", cfgFile); r.code != 0 {
		t.Fatalf("run: exit %d: %s", r.code, r.stderr)
	}
	dest := filepath.Join(dir, "backup.db")
	r := bot(t, "", "store", "backup", "--config", cfgFile, dest)
	if r.code != 0 || !strings.Contains(r.stdout, "backed up "+db+" to "+dest) {
		t.Fatalf("backup: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	// The copy is a working store: the console run on it still answers in Chinese.
	restored := filepath.Join(write(t, map[string]string{"r.yaml": "store:\n  dsn: " + dest + "\n"}), "r.yaml")
	if r := bot(t, "risks\n", "run", "--config", restored, "--console-format", "jsonl"); r.code != 0 || !strings.Contains(r.stdout, "风险") {
		t.Errorf("run on the backup: exit %d, stdout %q", r.code, r.stdout)
	}
	if r := bot(t, "", "store", "backup", "--config", cfgFile, dest); r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("second backup to the same file: exit %d, stderr %q", r.code, r.stderr)
	}
	pg := filepath.Join(write(t, map[string]string{"p.yaml": "store:\n  driver: postgres\n  dsn: postgres://bot@db/bot\n"}), "p.yaml")
	if r := bot(t, "", "store", "backup", "--config", pg, filepath.Join(dir, "pg.db")); r.code != 1 || !strings.Contains(r.stderr, "pg_dump") {
		t.Errorf("postgres: exit %d, stderr %q", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "pg.db")); err == nil {
		t.Error("postgres backup wrote a file")
	}
	if r := bot(t, "", "store", "backup"); r.code != 2 {
		t.Errorf("no FILE: exit %d, want 2", r.code)
	}
}

// A database that a newer binary migrated is refused at start with what to do, not misread:
// the guard an upgrade's rollback relies on.
func TestANewerDatabaseIsRefusedAtStart(t *testing.T) {
	cleanEnv(t)
	db := filepath.Join(t.TempDir(), "bot.db")
	cfgFile := filepath.Join(write(t, map[string]string{"b.yaml": "store:\n  dsn: " + db + "\n"}), "b.yaml")
	if r := bot(t, "help\n", "run", "--config", cfgFile); r.code != 0 {
		t.Fatalf("first run: exit %d: %s", r.code, r.stderr)
	}
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = raw.Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (9001, 'from_a_newer_bot', 1)`)
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	r := bot(t, "help\n", "run", "--config", cfgFile)
	if r.code != 1 || !strings.Contains(r.stderr, "9001_from_a_newer_bot") || !strings.Contains(r.stderr, "written by a newer bigmodel-bot") {
		t.Errorf("run on a newer database: exit %d, stderr %q", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("answered from a database it cannot read: %q", r.stdout)
	}
}

func TestConfigCheckShowsTheAdminListener(t *testing.T) {
	cleanEnv(t)
	cfgFile := filepath.Join(write(t, map[string]string{"b.yaml": "http:\n  admin_listen: 127.0.0.1:9090\n"}), "b.yaml")
	r := bot(t, "", "config", "check", "--config", cfgFile)
	if r.code != 0 || !strings.Contains(r.stdout, "  admin:     127.0.0.1:9090 (/metrics, /healthz, /readyz)\n") {
		t.Errorf("exit %d, stdout:\n%s", r.code, r.stdout)
	}
}
