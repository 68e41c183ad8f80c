package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// env is a fake environment for load.
func env(kv ...string) func(string) (string, bool) {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// wantErrors checks that err holds every one of want, with file names relative to path's
// directory ("c.yaml:2: …").
func wantErrors(t *testing.T, err error, path string, want []string) {
	t.Helper()
	if err == nil {
		t.Fatal("accepted")
	}
	msg := strings.ReplaceAll(err.Error(), filepath.Dir(path)+"/", "")
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error\n%s\nlacks %q", msg, w)
		}
	}
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadNoFileGivesDefaultsAndNoPort(t *testing.T) {
	c, err := load("", env())
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP.Listen != DefaultListen || c.Store.Driver != "sqlite" || c.Store.DSN != DefaultDSN {
		t.Errorf("defaults: %+v %+v", c.HTTP, c.Store)
	}
	if c.Quiz.Timezone != "UTC" || c.Quiz.RevealAfter != time.Hour || c.Quiz.CatchUp != 2*time.Hour {
		t.Errorf("quiz defaults: %+v", c.Quiz)
	}
	if c.SlackEnabled() || c.DiscordEnabled() || c.HTTPNeeded() {
		t.Errorf("bare config enables slack=%v discord=%v http=%v", c.SlackEnabled(), c.DiscordEnabled(), c.HTTPNeeded())
	}
	if err := c.Validate(); err != nil {
		t.Errorf("defaults do not validate: %v", err)
	}
}

func TestLoadReadsEveryKey(t *testing.T) {
	p := writeFile(t, "full.yaml", `
http:
  listen: 0.0.0.0:9000
store: {driver: postgres, dsn: "postgres://bot@db/bot"}
knowledge:
  paths: [kb/, extra.yaml]
slack:
  mode: socket
  bot_token: xoxb-1
  app_token: xapp-1
  signing_secret: s3
  api_url: http://127.0.0.1:1/api/
discord:
  mode: gateway
  token: dtok
  application_id: "123"
  public_key: ""
  api_url: http://127.0.0.1:2/
  shard_id: 1
  shard_count: 2
quiz:
  timezone: Asia/Shanghai
  reveal_after: 30m
  catch_up: 0s
admins: [U1, "2"]
log: {level: debug, format: json}
`)
	c, err := load(p, env())
	if err != nil {
		t.Fatal(err)
	}
	checks := map[string][2]any{
		"listen":      {c.HTTP.Listen, "0.0.0.0:9000"},
		"driver":      {c.Store.Driver, "postgres"},
		"paths":       {strings.Join(c.Knowledge.Paths, ","), "kb/,extra.yaml"},
		"slack mode":  {c.Slack.Mode, ModeSocket},
		"bot token":   {c.Slack.BotToken.Reveal(), "xoxb-1"},
		"app token":   {c.Slack.AppToken.Reveal(), "xapp-1"},
		"secret":      {c.Slack.SigningSecret.Reveal(), "s3"},
		"discord":     {c.Discord.Mode, ModeGateway},
		"token":       {c.Discord.Token.Reveal(), "dtok"},
		"app id":      {c.Discord.ApplicationID, "123"},
		"shards":      {[2]int{c.Discord.ShardID, c.Discord.ShardCount}, [2]int{1, 2}},
		"zone":        {c.Quiz.Timezone, "Asia/Shanghai"},
		"reveal":      {c.Quiz.RevealAfter, 30 * time.Minute},
		"catch up":    {c.Quiz.CatchUp, time.Duration(0)},
		"admins":      {strings.Join(c.Admins, ","), "U1,2"},
		"log":         {c.Log, Log{Level: "debug", Format: "json"}},
		"listen set":  {c.IsSet("http.listen"), true},
		"http needed": {c.HTTPNeeded(), true},
	}
	for name, gw := range checks {
		if gw[0] != gw[1] {
			t.Errorf("%s = %v, want %v", name, gw[0], gw[1])
		}
	}
	if err := c.Validate(); err != nil {
		t.Errorf("valid file rejected: %v", err)
	}
}

func TestLoadErrorsNameFileAndLine(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string // substrings of the error
	}{
		{"unclosed flow list", "http:\n  listen: [oops\n", []string{"bad.yaml:2: invalid YAML"}},
		{"unclosed flow map", "store:\n  dsn: x\nhttp: {listen: a\n", []string{"bad.yaml:3: invalid YAML"}},
		{"bad indentation", "http:\n  listen: a\n b: c\n", []string{"bad.yaml:3: invalid YAML"}},
		{"tab indent", "http:\n\tlisten: x\n", []string{"bad.yaml:2: tabs are not allowed for indentation in YAML; use spaces"}},
		{"tab after spaces", "quiz:\n  timezone: UTC\n\treveal_after: 1h\n", []string{"bad.yaml:3: tabs are not allowed for indentation in YAML; use spaces"}},
		{"tab on the first line", "\thttp:\n  listen: x\n", []string{"bad.yaml:1: tabs are not allowed"}},
		{"unknown top key", "store:\n  dsn: x\nslak:\n  mode: http\n", []string{`bad.yaml:3: unknown key "slak"`, "slack"}},
		{"unknown nested key", "slack:\n  bot_tokn: x\n", []string{`bad.yaml:2: unknown key "slack.bot_tokn"`, "bot_token"}},
		{"duplicate key", "log:\n  level: info\n  level: debug\n", []string{`bad.yaml:3: duplicate key "log.level" (first at line 2)`}},
		{"list for a string", "http:\n  listen: [a, b]\n", []string{"bad.yaml:2: http.listen: want a single value, got a list"}},
		{"section not a mapping", "slack: yes\n", []string{"bad.yaml:1: slack: want a mapping"}},
		{"bad duration", "quiz:\n  reveal_after: soon\n", []string{`bad.yaml:2: quiz.reveal_after: want a duration`, `"soon"`}},
		{"bad integer", "discord:\n  shard_id: one\n", []string{`bad.yaml:2: discord.shard_id: want a whole number`}},
		{"top level list", "- a\n- b\n", []string{"bad.yaml:1: the file: want a mapping"}},
		{"every problem reported", "a: 1\nb: 2\n", []string{`bad.yaml:1: unknown key "a"`, `bad.yaml:2: unknown key "b"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, "bad.yaml", tc.text)
			_, err := load(p, env())
			wantErrors(t, err, p, tc.want)
		})
	}
}

func TestLoadReportsEveryValueProblemByLine(t *testing.T) {
	text := "log:\n  level: loud\nquiz:\n  timezone: Mars/Olympus\n  reveal_after: soon\n" +
		"discord:\n  token: t\n  shard_id: one\nhttp:\n  listen: [a, b]\n"
	p := writeFile(t, "bad.yaml", text)
	_, err := load(p, env())
	want := []string{
		`bad.yaml:2: log.level: want debug, info, warn or error, got "loud"`,
		`bad.yaml:4: quiz.timezone: unknown time zone "Mars/Olympus"`,
		`bad.yaml:5: quiz.reveal_after: want a duration like 90s, 30m or 1h, got "soon"`,
		`bad.yaml:8: discord.shard_id: want a whole number, got "one"`,
		`bad.yaml:10: http.listen: want a single value, got a list`,
	}
	wantErrors(t, err, p, want)
	lines := strings.Split(strings.ReplaceAll(err.Error(), filepath.Dir(p)+"/", ""), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d problems reported, want %d (a refused value is reported once):\n%v", len(lines), len(want), err)
	}
	for i, l := range lines {
		if !strings.HasPrefix(want[i], strings.SplitN(l, " ", 2)[0]) {
			t.Errorf("problem %d is %q, want it at %q: not in line order", i, l, strings.SplitN(want[i], " ", 2)[0])
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := load(filepath.Join(t.TempDir(), "nope.yaml"), env())
	if err == nil || !strings.Contains(err.Error(), "nope.yaml") {
		t.Fatalf("err = %v", err)
	}
}

func TestLoadEmptyFileAndNullValuesKeepDefaults(t *testing.T) {
	for _, text := range []string{"", "# nothing\n", "http:\nquiz:\n  timezone:\n"} {
		c, err := load(writeFile(t, "c.yaml", text), env())
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if c.HTTP.Listen != DefaultListen || c.Quiz.Timezone != "UTC" || c.HTTPNeeded() {
			t.Errorf("%q: listen=%q tz=%q httpNeeded=%v", text, c.HTTP.Listen, c.Quiz.Timezone, c.HTTPNeeded())
		}
	}
}

func TestEnvExpansion(t *testing.T) {
	p := writeFile(t, "c.yaml", `
store:
  dsn: "${DATA}/bot.db"
slack:
  signing_secret: ${SIG}
log:
  level: ${UNSET_VAR}info
`)
	// a value with YAML syntax in it stays one value: expansion happens after parsing
	c, err := load(p, env("DATA", "/var/lib/bot", "SIG", "a: [b, {c"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Store.DSN != "/var/lib/bot/bot.db" {
		t.Errorf("dsn = %q", c.Store.DSN)
	}
	if c.Slack.SigningSecret.Reveal() != "a: [b, {c" {
		t.Errorf("secret = %q", c.Slack.SigningSecret.Reveal())
	}
	if c.Log.Level != "info" {
		t.Errorf("unset variable should expand to nothing, level = %q", c.Log.Level)
	}
}

func TestEnvFallbacksAndModes(t *testing.T) {
	cases := []struct {
		name          string
		file          string
		env           []string
		slack, disc   string
		slackHTTP     bool
		discordHTTP   bool
		httpNeeded    bool
		wantBotToken  string
		wantPublicKey string
	}{
		{name: "nothing", slack: "", disc: ""},
		{name: "slack app token means socket", env: []string{"SLACK_BOT_TOKEN", "xoxb-e", "SLACK_APP_TOKEN", "xapp-e"},
			slack: ModeSocket, wantBotToken: "xoxb-e"},
		{name: "slack signing secret means http", env: []string{"SLACK_SIGNING_SECRET", "s"},
			slack: ModeHTTP, slackHTTP: true, httpNeeded: true},
		{name: "socket plus signing secret serves both", env: []string{"SLACK_APP_TOKEN", "xapp-e", "SLACK_SIGNING_SECRET", "s"},
			slack: ModeSocket, slackHTTP: true, httpNeeded: true},
		{name: "discord token alone means gateway", env: []string{"DISCORD_BOT_TOKEN", "t"}, disc: ModeGateway},
		{name: "discord public key means http", env: []string{"DISCORD_BOT_TOKEN", "t", "DISCORD_PUBLIC_KEY", "ab"},
			disc: ModeHTTP, discordHTTP: true, httpNeeded: true, wantPublicKey: "ab"},
		{name: "file wins over environment", file: "slack:\n  bot_token: xoxb-file\n",
			env: []string{"SLACK_BOT_TOKEN", "xoxb-env"}, slack: ModeHTTP, slackHTTP: true, httpNeeded: true, wantBotToken: "xoxb-file"},
		{name: "explicit mode kept", file: "slack:\n  mode: http\ndiscord:\n  mode: http\n",
			env:   []string{"SLACK_SIGNING_SECRET", "s", "DISCORD_PUBLIC_KEY", "k"},
			slack: ModeHTTP, disc: ModeHTTP, slackHTTP: true, discordHTTP: true, httpNeeded: true, wantPublicKey: "k"},
		{name: "listen alone opens the port", file: "http:\n  listen: 127.0.0.1:0\n", httpNeeded: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := ""
			if tc.file != "" {
				path = writeFile(t, "c.yaml", tc.file)
			}
			c, err := load(path, env(tc.env...))
			if err != nil {
				t.Fatal(err)
			}
			if c.Slack.Mode != tc.slack || c.Discord.Mode != tc.disc {
				t.Errorf("modes = %q/%q, want %q/%q", c.Slack.Mode, c.Discord.Mode, tc.slack, tc.disc)
			}
			if c.SlackEnabled() != (tc.slack != "") || c.DiscordEnabled() != (tc.disc != "") {
				t.Errorf("enabled = %v/%v", c.SlackEnabled(), c.DiscordEnabled())
			}
			if c.SlackHTTP() != tc.slackHTTP || c.DiscordHTTP() != tc.discordHTTP || c.HTTPNeeded() != tc.httpNeeded {
				t.Errorf("slackHTTP=%v discordHTTP=%v httpNeeded=%v", c.SlackHTTP(), c.DiscordHTTP(), c.HTTPNeeded())
			}
			if tc.wantBotToken != "" && c.Slack.BotToken.Reveal() != tc.wantBotToken {
				t.Errorf("bot token = %q", c.Slack.BotToken.Reveal())
			}
			if c.Discord.PublicKey != tc.wantPublicKey {
				t.Errorf("public key = %q", c.Discord.PublicKey)
			}
		})
	}
}
