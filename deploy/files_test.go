package deploy_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/bigmodel-bot/bigmodel-bot/config"
)

// checkConfig loads and validates a bot configuration shipped in deploy/, with env set and the
// developer's own platform variables out of the way.
func checkConfig(t *testing.T, path string, env ...string) *config.Config {
	t.Helper()
	for _, k := range []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET",
		"DISCORD_BOT_TOKEN", "DISCORD_PUBLIC_KEY", "DISCORD_APPLICATION_ID", "POSTGRES_PASSWORD"} {
		t.Setenv(k, "")
	}
	for i := 0; i+1 < len(env); i += 2 {
		t.Setenv(env[i], env[i+1])
	}
	c, err := config.Load(path)
	if err == nil {
		err = c.Validate()
	}
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c
}

func TestImageConfig(t *testing.T) {
	c := checkConfig(t, "image/config.yaml")
	if c.Store.DSN != "/data/bigmodel-bot.db" || c.HTTP.AdminListen == "" {
		t.Errorf("image config: dsn %q, admin_listen %q; want the store in /data and an admin listener for the healthcheck", c.Store.DSN, c.HTTP.AdminListen)
	}
}

// The compose file has PostgreSQL and two bot replicas that reach it through their config.
func TestComposeFile(t *testing.T) {
	b, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Services map[string]struct {
			Image   string
			Deploy  struct{ Replicas int }
			Volumes []string
		}
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	if pg, ok := f.Services["postgres"]; !ok || !strings.Contains(pg.Image, "postgres") {
		t.Errorf("no postgres service: %+v", f.Services)
	}
	bot := f.Services["bot"]
	if bot.Deploy.Replicas != 2 {
		t.Errorf("bot replicas = %d, want 2", bot.Deploy.Replicas)
	}
	if len(bot.Volumes) == 0 || !strings.HasPrefix(bot.Volumes[0], "./compose-config.yaml:/etc/bigmodel-bot/config.yaml") {
		t.Errorf("bot does not mount compose-config.yaml as its config: %q", bot.Volumes)
	}
	c := checkConfig(t, "compose-config.yaml", "POSTGRES_PASSWORD", "pw", "SLACK_SIGNING_SECRET", "s")
	if c.Store.Driver != "postgres" || !strings.Contains(c.Store.DSN, "@postgres:5432/") {
		t.Errorf("compose config: driver %q; replicas must share the postgres service", c.Store.Driver)
	}

	if _, err := exec.LookPath("docker-compose"); err != nil {
		t.Log("docker-compose is not installed: compose.yaml checked as YAML only")
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "docker-compose", "-f", "compose.yaml", "config", "--quiet")
	cmd.Env = append(os.Environ(), "BOT_DOMAIN=bot.example.com", "POSTGRES_PASSWORD=pw")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("docker-compose config: %v\n%s", err, out)
	}
}

func TestCaddyfile(t *testing.T) {
	b, err := os.ReadFile("Caddyfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/slack/events", "/discord/interactions", "reverse_proxy"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("Caddyfile lacks %q", want)
		}
	}
	if _, err := exec.LookPath("caddy"); err != nil {
		t.Skip("skipped: caddy is not installed, so the Caddyfile is not validated (Debian: apt-get install caddy)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "caddy", "validate", "--adapter", "caddyfile", "--config", "Caddyfile")
	cmd.Env = append(os.Environ(), "BOT_DOMAIN=bot.example.com", "HOME="+t.TempDir(), "XDG_DATA_HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("caddy validate: %v\n%s", err, out)
	}
}

// The documented build and the image script both build the static binary: a dynamic one needs
// a libc that scratch does not have (the image test checks the binary itself).
func TestDocumentedBuildsAreStatic(t *testing.T) {
	for _, f := range []string{"../README.md", "build-image.sh"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "CGO_ENABLED=0") {
			t.Errorf("%s does not build with CGO_ENABLED=0", f)
		}
	}
}
