package config

import (
	"strings"
	"testing"

	_ "time/tzdata" // zones without the system's zoneinfo
)

const pubKey = "f1b6a4bd1fa56ea5e4e71e9a8c3c0b4a2d3f7f3e6a9b1c2d3e4f5a6b7c8d9e0f"

func TestValidate(t *testing.T) {
	cases := []struct {
		name string
		file string
		env  []string
		want []string // substrings; none means valid
	}{
		{name: "bench: http modes from the environment only",
			file: "http:\n  listen: 127.0.0.1:18090\nslack: {mode: http}\ndiscord: {mode: http}\n",
			env:  []string{"SLACK_SIGNING_SECRET", "s", "DISCORD_PUBLIC_KEY", pubKey}},
		{name: "socket mode needs both tokens", file: "slack:\n  mode: socket\n",
			want: []string{"c.yaml:2: slack socket mode needs slack.bot_token", "c.yaml:2: slack socket mode needs slack.app_token"}},
		{name: "http mode needs a signing secret", file: "store:\n  dsn: x\nslack:\n  mode: http\n  bot_token: xoxb-1\n",
			want: []string{"c.yaml:4: slack http mode needs slack.signing_secret"}},
		{name: "a lone bot token from the environment offers both modes", env: []string{"SLACK_BOT_TOKEN", "xoxb-1"},
			want: []string{"SLACK_BOT_TOKEN: a bot token alone cannot receive Slack events: set slack.signing_secret (SLACK_SIGNING_SECRET) for HTTP mode, or slack.app_token (SLACK_APP_TOKEN, xapp-…) for Socket Mode"}},
		{name: "a lone bot token in the file offers both modes", file: "slack:\n  bot_token: xoxb-1\n",
			want: []string{"c.yaml:2: a bot token alone cannot receive Slack events", "for Socket Mode"}},
		{name: "unknown slack mode", file: "slack:\n  mode: rtm\n", want: []string{`c.yaml:2: slack.mode: want socket or http, got "rtm"`}},
		{name: "wrong token kinds", file: "slack:\n  bot_token: xoxp-user\n  app_token: xoxb-bot\n  signing_secret: s\n",
			want: []string{"c.yaml:2: slack.bot_token must be a bot token starting with xoxb-", "c.yaml:3: slack.app_token must be"}},
		{name: "wrong token from the environment names the variable", env: []string{"SLACK_BOT_TOKEN", "nope", "SLACK_SIGNING_SECRET", "s"},
			want: []string{"SLACK_BOT_TOKEN: slack.bot_token must be a bot token"}},
		{name: "discord http needs a public key", file: "discord:\n  mode: http\n",
			want: []string{"c.yaml:2: discord http mode needs discord.public_key"}},
		{name: "discord public key must be 64 hex", file: "discord:\n  public_key: zz\n",
			want: []string{"c.yaml:2: discord.public_key must be 64 hex"}},
		{name: "discord gateway needs a token", file: "discord:\n  mode: gateway\n  application_id: x1\n",
			want: []string{"c.yaml:2: discord gateway mode needs discord.token", `c.yaml:3: discord.application_id must be a numeric id, got "x1"`}},
		{name: "shard out of range", file: "discord:\n  token: t\n  shard_id: 2\n  shard_count: 2\n",
			want: []string{"c.yaml:3: discord.shard_id 2 must be below shard_count 2"}},
		{name: "bad listen address", file: "http:\n  listen: localhost\n", want: []string{`c.yaml:2: http.listen: want host:port`}},
		{name: "bad listen port", file: "http:\n  listen: 127.0.0.1:99999\n", want: []string{`c.yaml:2: http.listen: port "99999"`}},
		{name: "admin listener", file: "http:\n  listen: 0.0.0.0:8080\n  admin_listen: 127.0.0.1:9090\n"},
		{name: "admin listener on port 0 beside port 0", file: "http:\n  listen: 127.0.0.1:0\n  admin_listen: 127.0.0.1:0\n"},
		{name: "bad admin listen address", file: "http:\n  admin_listen: 9090\n", want: []string{`c.yaml:2: http.admin_listen: want host:port`}},
		{name: "admin listener on the public address", file: "http:\n  listen: 127.0.0.1:8080\n  admin_listen: 127.0.0.1:8080\n",
			want: []string{`c.yaml:3: http.admin_listen: "127.0.0.1:8080" is also http.listen`}},
		{name: "bad driver and empty dsn", file: "store:\n  driver: mysql\n  dsn: \" \"\n",
			want: []string{`c.yaml:2: store.driver: want sqlite or postgres, got "mysql"`, "c.yaml:3: store.dsn is empty"}},
		{name: "bad zone", file: "quiz:\n  timezone: Mars/Olympus\n", want: []string{`c.yaml:2: quiz.timezone: unknown time zone "Mars/Olympus"`}},
		{name: "good zone", file: "quiz:\n  timezone: Asia/Shanghai\n  reveal_after: 90s\n"},
		{name: "non-positive reveal", file: "quiz:\n  reveal_after: 0s\n  catch_up: -1m\n",
			want: []string{"c.yaml:2: quiz.reveal_after must be positive", "c.yaml:3: quiz.catch_up cannot be negative"}},
		{name: "bad api url", file: "slack:\n  signing_secret: s\n  api_url: ftp://x\n", want: []string{`c.yaml:3: slack.api_url: want an http:// or https:// URL`}},
		{name: "admins are bare ids", file: "admins: [U1, \"<@U2>\", \"\"]\nknowledge:\n  paths: [\"\"]\n",
			want: []string{`c.yaml:1: admins: "<@U2>" is not a user id`, `c.yaml:1: admins: "" is not`, "c.yaml:3: knowledge.paths has an empty entry"}},
		{name: "bad log settings", file: "log:\n  level: loud\n  format: xml\n",
			want: []string{`c.yaml:2: log.level: want debug, info, warn or error`, `c.yaml:3: log.format: want text or json`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := ""
			if tc.file != "" {
				path = writeFile(t, "c.yaml", tc.file)
			}
			c, err := load(path, env(tc.env...))
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			err = c.Validate()
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			wantErrors(t, err, path, tc.want)
		})
	}
}

func TestWarningsForHTTPModeWithoutTokens(t *testing.T) {
	c, err := load("", env("SLACK_SIGNING_SECRET", "s", "DISCORD_PUBLIC_KEY", pubKey))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("http modes without tokens must start: %v", err)
	}
	w := strings.Join(c.Warnings(), "\n")
	for _, want := range []string{"slack: no bot_token", "discord: no application_id"} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings %q lack %q", w, want)
		}
	}
}

func TestValidatePostgresDSN(t *testing.T) {
	const need = "store.dsn: postgres needs a connection string such as postgres://user:pass@host:5432/db?sslmode=disable"
	cases := []struct {
		name, file string
		want       string // "" means valid
	}{
		{"default dsn is a sqlite file", "log:\n  level: info\nstore:\n  driver: postgres\n", "c.yaml:4: " + need},
		{"file name", "store:\n  driver: postgres\n  dsn: s3cr3t-bot.db\n", "c.yaml:3: " + need},
		{"sqlite uri", "store:\n  driver: postgres\n  dsn: file:s3cr3t.db\n", "c.yaml:3: " + need},
		{"url without scheme", "store:\n  driver: postgres\n  dsn: bot:s3cr3t@db:5432/bot\n", "c.yaml:3: " + need},
		{"url", "store:\n  driver: postgres\n  dsn: postgres://bot:s3cr3t@db:5432/bot?sslmode=disable\n", ""},
		{"postgresql url on a socket", "store:\n  driver: postgres\n  dsn: postgresql:///bot?host=/run/postgresql\n", ""},
		{"keyword dsn", "store:\n  driver: postgres\n  dsn: host=/tmp port=5432 user=postgres dbname=bot sslmode=disable\n", ""},
		{"keyword dsn with spaces", "store:\n  driver: postgres\n  dsn: \" host = db \"\n", ""},
		{"sqlite keeps file names", "store:\n  driver: sqlite\n  dsn: bot.db\n", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "c.yaml", tc.file)
			c, err := load(path, env())
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			err = c.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			wantErrors(t, err, path, []string{tc.want})
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error echoes the dsn: %v", err)
			}
		})
	}
}
