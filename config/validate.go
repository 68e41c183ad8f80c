package config

import (
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Validate checks the values and what the chosen platform modes need. Every problem is reported,
// each as "file:line: message" at the key that causes it (or naming the environment variable that
// supplied it).
func (c *Config) Validate() error {
	return c.problems().err()
}

// problems is every problem Validate reports, by line.
func (c *Config) problems() Errors {
	v := &validator{c: c}
	c.validateHTTP(v)
	c.validateStore(v)
	c.validateSlack(v)
	c.validateDiscord(v)
	c.validateQuiz(v)
	c.validateRuntime(v)
	c.validateLog(v)
	c.validateLists(v)
	return v.errs.sorted()
}

// Warnings lists settings that work but limit the bot, for the log at start-up: in HTTP mode a
// missing bot token or application id only stops messages the bot sends on its own.
func (c *Config) Warnings() []string {
	var w []string
	if c.Slack.Mode == ModeHTTP && !c.Slack.BotToken.IsSet() {
		w = append(w, "slack: no bot_token (SLACK_BOT_TOKEN): answers go in HTTP responses, but mentions, DMs and quiz posts cannot be sent")
	}
	if c.Discord.Mode == ModeHTTP && c.Discord.ApplicationID == "" {
		w = append(w, "discord: no application_id (DISCORD_APPLICATION_ID): answers go in HTTP responses, but follow-ups cannot be sent")
	}
	if c.Discord.Mode == ModeHTTP && !c.Discord.Token.IsSet() {
		w = append(w, "discord: no token (DISCORD_BOT_TOKEN): quiz posts cannot be sent")
	}
	return w
}

type validator struct {
	c    *Config
	errs Errors
}

// at reports a problem with key, placed where the file sets it, else where its section starts,
// else naming the environment variable it came from.
func (v *validator) at(key, format string, args ...any) {
	if v.c.refused[key] {
		return // Load has said what is wrong with the value as written
	}
	msg := fmt.Sprintf(format, args...)
	line, ok := v.c.lines[key]
	if !ok {
		if env, fromEnv := v.c.fromEnv[key]; fromEnv {
			v.errs = append(v.errs, &Error{Msg: env + ": " + msg})
			return
		}
		section, _, _ := strings.Cut(key, ".")
		line = v.c.lines[section]
	}
	v.errs = append(v.errs, &Error{File: v.c.File, Line: line, Msg: msg})
}

// quote is how a message shows key's value s: as the file writes it when that expands a
// variable (whose content may be a secret), else s itself; clipped and quoted either way.
func (v *validator) quote(key, s string) string {
	if w, ok := v.c.written[key]; ok {
		s = w
	}
	return strconv.Quote(clip(s))
}

func oneOf(s string, allowed ...string) bool { return slices.Contains(allowed, s) }

func (c *Config) validateHTTP(v *validator) {
	quote := func(s string) string { return v.quote("http.listen", s) }
	if err := checkListen(c.HTTP.Listen, quote); err != nil {
		v.at("http.listen", "http.listen: %v", err)
	}
	c.validateAdminListen(v)
}

// validateAdminListen checks http.admin_listen: a host:port, and not the address the public
// listener binds (port 0 asks for a fresh port each, so it may repeat).
func (c *Config) validateAdminListen(v *validator) {
	addr := c.HTTP.AdminListen
	if addr == "" {
		return
	}
	if err := checkListen(addr, func(s string) string { return v.quote("http.admin_listen", s) }); err != nil {
		v.at("http.admin_listen", "http.admin_listen: %v", err)
		return
	}
	if _, port, _ := net.SplitHostPort(addr); addr == c.HTTP.Listen && port != "0" && c.HTTPNeeded() {
		v.at("http.admin_listen", "http.admin_listen: %s is also http.listen; give the admin listener its own port (e.g. 127.0.0.1:9090)", v.quote("http.admin_listen", addr))
	}
}

// checkListen checks a host:port; quote shows a part of it in a message.
func checkListen(addr string, quote func(string) string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("want host:port like 127.0.0.1:8080, got %s", quote(addr))
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("port %s is not a number from 0 to 65535", quote(port))
	}
	if host != "" && net.ParseIP(host) == nil && !validHostname(host) {
		return fmt.Errorf("host %s is neither an IP address nor a host name", quote(host))
	}
	return nil
}

func validHostname(h string) bool {
	if len(h) > 253 {
		return false
	}
	for _, r := range h {
		if !(r == '-' || r == '.' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return false
		}
	}
	return true
}

func (c *Config) validateStore(v *validator) {
	if !oneOf(c.Store.Driver, "sqlite", "postgres") {
		v.at("store.driver", "store.driver: want sqlite or postgres, got %s", v.quote("store.driver", c.Store.Driver))
	}
	if strings.TrimSpace(c.Store.DSN) == "" {
		v.at("store.dsn", "store.dsn is empty: name a database file (sqlite) or a connection string (postgres)")
		return
	}
	if c.Store.Driver == "postgres" && !postgresDSN(c.Store.DSN) {
		// Placed at the driver when the DSN is the sqlite default the file never set. The DSN is
		// not quoted: a connection string may hold a password.
		key := "store.dsn"
		if !c.IsSet(key) {
			key = "store.driver"
		}
		v.at(key, "store.dsn: postgres needs a connection string such as postgres://user:pass@host:5432/db?sslmode=disable")
	}
}

// keywordDSN is the start of a libpq keyword/value connection string ("host=db dbname=bot").
var keywordDSN = regexp.MustCompile(`^[A-Za-z_]+\s*=`)

// postgresDSN reports whether s has the shape of a connection string pgx accepts: a
// postgres:// or postgresql:// URL naming a host or a socket, or keyword/value pairs. A file
// name such as the sqlite default is neither.
func postgresDSN(s string) bool {
	s = strings.TrimSpace(s)
	if keywordDSN.MatchString(s) {
		return true
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") && u.Opaque == ""
}

func (c *Config) validateSlack(v *validator) {
	s := c.Slack
	if s.Mode == "" {
		return
	}
	switch s.Mode {
	case ModeSocket:
		if !s.BotToken.IsSet() {
			v.at("slack.mode", "slack socket mode needs slack.bot_token (xoxb-…, or SLACK_BOT_TOKEN)")
		}
		if !s.AppToken.IsSet() {
			v.at("slack.mode", "slack socket mode needs slack.app_token (xapp-…, or SLACK_APP_TOKEN)")
		}
	case ModeHTTP:
		switch {
		case s.SigningSecret.IsSet():
		case !c.IsSet("slack.mode") && s.BotToken.IsSet():
			// The mode was guessed from a lone bot token: either way of receiving events may be meant.
			v.at("slack.bot_token", "a bot token alone cannot receive Slack events: set slack.signing_secret (SLACK_SIGNING_SECRET) for HTTP mode, or slack.app_token (SLACK_APP_TOKEN, xapp-…) for Socket Mode")
		default:
			v.at("slack.mode", "slack http mode needs slack.signing_secret (or SLACK_SIGNING_SECRET) to verify requests")
		}
	default:
		v.at("slack.mode", "slack.mode: want socket or http, got %s", v.quote("slack.mode", s.Mode))
	}
	// Only the prefix is quoted: a token must never reach a message.
	if s.BotToken.IsSet() && !strings.HasPrefix(s.BotToken.Reveal(), "xoxb-") {
		v.at("slack.bot_token", "slack.bot_token must be a bot token starting with xoxb-")
	}
	if s.AppToken.IsSet() && !strings.HasPrefix(s.AppToken.Reveal(), "xapp-") {
		v.at("slack.app_token", "slack.app_token must be an app-level token starting with xapp-")
	}
	checkURL(v, "slack.api_url", s.APIURL)
}

func (c *Config) validateDiscord(v *validator) {
	d := c.Discord
	if d.Mode == "" {
		return
	}
	switch d.Mode {
	case ModeGateway:
		if !d.Token.IsSet() {
			v.at("discord.mode", "discord gateway mode needs discord.token (or DISCORD_BOT_TOKEN)")
		}
	case ModeHTTP:
		if d.PublicKey == "" {
			v.at("discord.mode", "discord http mode needs discord.public_key (or DISCORD_PUBLIC_KEY) to verify interactions")
		}
	default:
		v.at("discord.mode", "discord.mode: want gateway or http, got %s", v.quote("discord.mode", d.Mode))
	}
	if d.PublicKey != "" {
		if b, err := hex.DecodeString(d.PublicKey); err != nil || len(b) != 32 {
			v.at("discord.public_key", "discord.public_key must be 64 hex characters (the Ed25519 key on the app's General Information page)")
		}
	}
	if d.ApplicationID != "" && !isSnowflake(d.ApplicationID) {
		v.at("discord.application_id", "discord.application_id must be a numeric id, got %s", v.quote("discord.application_id", d.ApplicationID))
	}
	if d.ShardCount < 0 || d.ShardID < 0 {
		v.at("discord.shard_id", "discord.shard_id and shard_count cannot be negative")
	} else if d.ShardCount > 0 && d.ShardID >= d.ShardCount {
		v.at("discord.shard_id", "discord.shard_id %d must be below shard_count %d", d.ShardID, d.ShardCount)
	} else if d.ShardCount == 0 && d.ShardID != 0 {
		v.at("discord.shard_id", "discord.shard_id needs discord.shard_count")
	}
	checkURL(v, "discord.api_url", d.APIURL)
}

func isSnowflake(s string) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

func checkURL(v *validator, key, s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.at(key, "%s: want an http:// or https:// URL, got %s", key, v.quote(key, s))
	}
}

func (c *Config) validateQuiz(v *validator) {
	q := c.Quiz
	if _, err := q.Location(); err != nil || q.Timezone == "" {
		v.at("quiz.timezone", "quiz.timezone: unknown time zone %s (want an IANA name like UTC or Asia/Shanghai)", v.quote("quiz.timezone", q.Timezone))
	}
	if q.RevealAfter <= 0 {
		v.at("quiz.reveal_after", "quiz.reveal_after must be positive, got %s", q.RevealAfter)
	}
	if q.CatchUp < 0 {
		v.at("quiz.catch_up", "quiz.catch_up cannot be negative, got %s", q.CatchUp)
	}
}

// minMemoryLimit is the least runtime.memory_limit accepted: below it the bot's own live data
// (knowledge index, caches) would keep the collector running all the time.
const minMemoryLimit = 32 << 20

func (c *Config) validateRuntime(v *validator) {
	if c.HTTP.MaxInFlight < 0 {
		v.at("http.max_in_flight", "http.max_in_flight cannot be negative, got %d (0 means no cap)", c.HTTP.MaxInFlight)
	}
	if m := c.Runtime.MemoryLimit; m != 0 && m < minMemoryLimit {
		v.at("runtime.memory_limit", "runtime.memory_limit %d bytes is too small: want at least 32MiB, or off", m)
	}
	if c.Runtime.DrainTimeout < 0 {
		v.at("runtime.drain_timeout", "runtime.drain_timeout cannot be negative, got %s", c.Runtime.DrainTimeout)
	}
}

func (c *Config) validateLog(v *validator) {
	if !oneOf(strings.ToLower(c.Log.Level), "debug", "info", "warn", "error") {
		v.at("log.level", "log.level: want debug, info, warn or error, got %s", v.quote("log.level", c.Log.Level))
	}
	if !oneOf(c.Log.Format, "text", "json") {
		v.at("log.format", "log.format: want text or json, got %s", v.quote("log.format", c.Log.Format))
	}
}

func (c *Config) validateLists(v *validator) {
	for _, p := range c.Knowledge.Paths {
		if strings.TrimSpace(p) == "" {
			v.at("knowledge.paths", "knowledge.paths has an empty entry")
			break
		}
	}
	for _, id := range c.Admins {
		if strings.TrimSpace(id) == "" || strings.ContainsAny(id, " \t<>@") {
			v.at("admins", "admins: %s is not a user id (want ids like U024BE7LH or 80351110224678912)", v.quote("admins", id))
		}
	}
}
