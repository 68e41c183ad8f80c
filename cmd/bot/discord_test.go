package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestDiscordCommandsDryRun(t *testing.T) {
	cleanEnv(t)
	r := bot(t, "", "discord", "commands", "--dry-run")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var cmds []struct {
		Name    string
		Options []struct {
			Name    string
			Options []struct {
				Name         string
				Autocomplete bool
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &cmds); err != nil || len(cmds) != 1 || cmds[0].Name != "bigmodel" {
		t.Fatalf("not the /bigmodel command array (%v): %.200s", err, r.stdout)
	}
	topic := cmds[0].Options[0]
	if topic.Name != "topic" || !topic.Options[0].Autocomplete {
		t.Errorf("first subcommand %+v, want topic with an autocompleted option", topic)
	}
}

func TestDiscordCommandsErrors(t *testing.T) {
	cleanEnv(t)
	if r := bot(t, "", "discord"); r.code != 2 {
		t.Errorf("'bot discord': exit %d, want 2 (usage)", r.code)
	}
	if r := bot(t, "", "discord", "commands", "extra"); r.code != 2 {
		t.Errorf("extra argument: exit %d, want 2", r.code)
	}
	if r := bot(t, "", "discord", "commands"); r.code != 1 || !strings.Contains(r.stderr, "bot token") {
		t.Errorf("no token: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestDiscordCommandsRegister(t *testing.T) {
	cleanEnv(t)
	var got []string
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization"))
		_, _ = w.Write(b)
	}))
	defer fake.Close()
	t.Setenv("DISCORD_BOT_TOKEN", "tok-secret")
	t.Setenv("DISCORD_APPLICATION_ID", "123456")
	dir := write(t, map[string]string{"bot.yaml": "discord:\n  api_url: " + fake.URL + "/api/v10\n"})
	r := bot(t, "", "discord", "commands", "--guild", "777", "--config", filepath.Join(dir, "bot.yaml"))
	if r.code != 0 || !strings.Contains(r.stdout, "registered 1 command(s) in guild 777") {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if len(got) != 1 || got[0] != "PUT /api/v10/applications/123456/guilds/777/commands Bot tok-secret" {
		t.Errorf("requests %q", got)
	}
	if strings.Contains(r.stdout+r.stderr, "tok-secret") {
		t.Error("the token was printed")
	}
}

// `bot run` in Discord HTTP mode answers signed interactions in the response body.
func TestRunServesDiscordInteractions(t *testing.T) {
	cleanEnv(t)
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, 32))
	t.Setenv("DISCORD_PUBLIC_KEY", hex.EncodeToString(priv.Public().(ed25519.PublicKey)))
	a, out := startApp(t, "http:\n  listen: 127.0.0.1:0\nstore:\n  dsn: ':memory:'\ndiscord: {mode: http}\n", strings.NewReader(""))
	url := "http://" + a.http.Addr() + "/discord/interactions"
	post := func(body string, sign bool) (int, string) {
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		req.Header.Set("X-Signature-Timestamp", ts)
		sig := ed25519.Sign(priv, []byte(ts+body))
		if !sign {
			sig[0] ^= 1
		}
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post(`{"type":1,"id":"1","application_id":"9","token":"t"}`, true); code != 200 || strings.TrimSpace(body) != `{"type":1}` {
		t.Errorf("PING: %d %q", code, body)
	}
	if code, _ := post(`{"type":1}`, false); code != 401 {
		t.Errorf("forged PING: %d", code)
	}
	topic := `{"type":2,"id":"2","application_id":"9","token":"t2","locale":"en-US","guild_id":"G","channel_id":"C","member":{"user":{"id":"U"},"permissions":"0"},"data":{"name":"bigmodel","type":1,"options":[{"type":1,"name":"topic","options":[{"type":3,"name":"name","value":"risks"}]}]}}`
	code, body := post(topic, true)
	if code != 200 || !strings.Contains(body, `"type":4`) || !strings.Contains(body, "Technical risk") || !strings.Contains(body, `"parse":[]`) {
		t.Errorf("topic risks: %d %.300s\n%s", code, body, out.String())
	}
	if code, body := httpGet(t, "http://"+a.http.Addr()+"/readyz"); code != 200 {
		t.Errorf("/readyz = %d %q", code, body)
	}
}

// Discord in HTTP mode without a bot token cannot post: `quiz now` and `quiz subscribe` say why
// and what to set, the subscription is refused (it could never fire), and nothing is logged as
// an error for it (the start-up warning says it once).
func TestDiscordWithoutTokenRefusesQuizPosts(t *testing.T) {
	cleanEnv(t)
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{4}, 32))
	t.Setenv("DISCORD_PUBLIC_KEY", hex.EncodeToString(priv.Public().(ed25519.PublicKey)))
	a, out := startApp(t, "http:\n  listen: 127.0.0.1:0\nstore:\n  dsn: ':memory:'\ndiscord: {mode: http}\n", strings.NewReader(""))
	url := "http://" + a.http.Addr() + "/discord/interactions"
	post := func(sub, opts string) string {
		body := `{"type":2,"id":"` + sub + `","application_id":"9","token":"t","locale":"en-US","guild_id":"G","channel_id":"C","member":{"user":{"id":"U"},"permissions":"48"},` +
			`"data":{"name":"bigmodel","type":1,"options":[{"type":2,"name":"quiz","options":[{"type":1,"name":"` + sub + `","options":[` + opts + `]}]}]}}`
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		req.Header.Set("X-Signature-Timestamp", ts)
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, []byte(ts+body))))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	for _, tc := range []struct{ sub, opts string }{{"now", ""}, {"subscribe", `{"type":3,"name":"when","value":"09:00"}`}} {
		body := post(tc.sub, tc.opts)
		if !strings.Contains(body, "has no way to send messages of its own on Discord") || !strings.Contains(body, "discord.token") || strings.Contains(body, "could not post") || strings.Contains(body, "Subscribed") {
			t.Errorf("quiz %s: %.400s", tc.sub, body)
		}
	}
	if body := post("status", ""); !strings.Contains(body, "no quiz schedule") {
		t.Errorf("a subscription was saved though it can never post: %.300s", body)
	}
	logs := out.String()
	if strings.Contains(logs, "level=ERROR") {
		t.Errorf("logged as an error:\n%s", logs)
	}
	if n := strings.Count(logs, "quiz posts cannot be sent"); n != 1 {
		t.Errorf("the missing token was logged %d times, want once at start-up:\n%s", n, logs)
	}
}
