package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSlackManifestCommand(t *testing.T) {
	cleanEnv(t)
	cases := []struct {
		args     []string
		code     int
		want     []string
		unwanted []string
	}{
		{[]string{"slack", "manifest"}, 0, []string{"/bigmodel", "socket_mode_enabled: true", "app_mentions:read", "message.im"}, []string{"request_url"}},
		{[]string{"slack", "manifest", "--url", "https://bot.example.com"}, 0, []string{"socket_mode_enabled: false", "request_url: https://bot.example.com/slack/events"}, nil},
		{[]string{"slack", "manifest", "--mode", "http"}, 0, []string{"your-bot.example.com/slack/events"}, nil},
		{[]string{"slack", "manifest", "--url", "http://insecure.example"}, 2, nil, nil},
		{[]string{"slack", "manifest", "--mode", "carrier-pigeon"}, 2, nil, nil},
		{[]string{"slack"}, 2, nil, nil},
		{[]string{"slack", "manifest", "extra"}, 2, nil, nil},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			r := bot(t, "", c.args...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d; stderr %s", r.code, c.code, r.stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("manifest lacks %q:\n%s", w, r.stdout)
				}
			}
			for _, w := range c.unwanted {
				if strings.Contains(r.stdout, w) {
					t.Errorf("manifest has %q", w)
				}
			}
		})
	}
}

// signedCommand posts a slash command to the running bot, signed with secret.
func signedCommand(t *testing.T, u, secret, text string) (int, string) {
	t.Helper()
	body := url.Values{"command": {"/bigmodel"}, "text": {text}, "team_id": {"T1"}, "channel_id": {"C1"},
		"user_id": {"U1"}, "response_url": {"https://hooks.slack.com/commands/T1/1/x"}}.Encode()
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":" + body))
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestRunMountsSlackEvents(t *testing.T) {
	cleanEnv(t)
	t.Setenv("SLACK_SIGNING_SECRET", "wiring-secret")
	a, out := startApp(t, "http:\n  listen: 127.0.0.1:0\nstore:\n  dsn: ':memory:'\nslack: {mode: http}\n", strings.NewReader(""))
	u := "http://" + a.http.Addr() + "/slack/events"
	code, body := signedCommand(t, u, "wiring-secret", "risks")
	if code != 200 || !strings.Contains(body, `"blocks":[{`) || !strings.Contains(strings.ToLower(body), "technical risk") {
		t.Errorf("signed /bigmodel risks: %d %.200s\n%s", code, body, out.String())
	}
	if code, _ := signedCommand(t, u, "wrong-secret", "risks"); code != http.StatusUnauthorized {
		t.Errorf("forged request: %d", code)
	}
	if code, body := httpGet(t, "http://"+a.http.Addr()+"/readyz"); code != 200 {
		t.Errorf("/readyz = %d %q", code, body)
	}
	if _, ok := a.posters["slack"]; ok {
		t.Error("a Slack poster without a bot token")
	}
}

func TestSocketModeIsNotReadyUntilConnected(t *testing.T) {
	cleanEnv(t)
	// Nothing answers at api_url: the socket cannot connect, and /readyz must say so.
	a, _ := startApp(t, "http:\n  listen: 127.0.0.1:0\nstore:\n  dsn: ':memory:'\nslack:\n  mode: socket\n"+
		"  bot_token: xoxb-test\n  app_token: xapp-test\n  api_url: http://127.0.0.1:1/api/\n", strings.NewReader(""))
	if code, body := httpGet(t, "http://"+a.http.Addr()+"/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "slack") {
		t.Errorf("/readyz = %d %q", code, body)
	}
	if _, ok := a.posters["slack"]; !ok {
		t.Error("no Slack poster with a bot token")
	}
}

// With a team's own base, the Slack manifest and the Discord command say what that base is
// about (its "about"), or name no subject; only the built-in base says LLM startups.
func TestManifestAndCommandsNameTheBasesSubject(t *testing.T) {
	cleanEnv(t)
	entry := "entries:\n  - slug: sscf\n    zh: {title: 什么是手冲咖啡, answer: 用热水浇咖啡粉。}\n"
	dir := write(t, map[string]string{
		"coffee.yaml":    "about: {en: pour-over coffee, zh: 手冲咖啡}\n" + entry,
		"bare.yaml":      entry,
		"team.yaml":      "knowledge:\n  paths: [coffee.yaml]\n",
		"bare-team.yaml": "knowledge:\n  paths: [bare.yaml]\n",
	})
	for _, tc := range []struct {
		config, want, wantZH string
	}{
		{"", "Answers about starting a large-model (LLM) company", "大模型创业"},
		{"team.yaml", "Answers about pour-over coffee", "手冲咖啡"},
		{"bare-team.yaml", "Answers questions from a knowledge base", ""},
	} {
		args := func(a ...string) []string {
			if tc.config != "" {
				a = append(a, "--config", filepath.Join(dir, tc.config))
			}
			return a
		}
		m := bot(t, "", args("slack", "manifest")...)
		if m.code != 0 || !strings.Contains(m.stdout, tc.want) || !strings.Contains(m.stdout, tc.wantZH) {
			t.Errorf("%q: manifest (exit %d) lacks %q / %q:\n%s%s", tc.config, m.code, tc.want, tc.wantZH, m.stdout, m.stderr)
		}
		d := bot(t, "", args("discord", "commands", "--dry-run")...)
		want := strings.Replace(tc.want, "Answers questions from", "Answers from", 1)
		if d.code != 0 || !strings.Contains(d.stdout, want) || !strings.Contains(d.stdout, tc.wantZH+"知识库问答与每日测验") {
			t.Errorf("%q: discord commands (exit %d) lack %q / %q:\n%.600s%s", tc.config, d.code, want, tc.wantZH, d.stdout, d.stderr)
		}
		if tc.config != "" && (strings.Contains(m.stdout+d.stdout, "LLM") || strings.Contains(m.stdout+d.stdout, "大模型创业")) {
			t.Errorf("%q: a team's base is presented as LLM-startup answers", tc.config)
		}
	}
}
