// Package config reads the bot's YAML configuration: defaults, ${ENV} expansion, environment
// fallbacks for secrets, and validation with file:line messages.
package config

import (
	"log/slog"
	"strings"
	"time"
)

// Defaults of the keys that have one.
const (
	DefaultListen      = "127.0.0.1:8080"
	DefaultDriver      = "sqlite"
	DefaultDSN         = "bigmodel-bot.db"
	DefaultTimezone    = "UTC"
	DefaultRevealAfter = time.Hour
	DefaultCatchUp     = 2 * time.Hour
	// DefaultMaxInFlight caps the HTTP requests handled at once (http.max_in_flight).
	DefaultMaxInFlight = 512
	// DefaultMemoryLimit is the Go runtime's soft memory limit (runtime.memory_limit): a few
	// times what the bot lives in (tens of MB), well under what a small container allows.
	DefaultMemoryLimit = 96 << 20
	// DefaultDrainTimeout bounds delivering queued answers and posts on shutdown
	// (runtime.drain_timeout).
	DefaultDrainTimeout = 10 * time.Second
)

// Platform modes.
const (
	ModeSocket  = "socket"  // Slack Socket Mode
	ModeHTTP    = "http"    // Slack Request URL or Discord interactions endpoint
	ModeGateway = "gateway" // Discord gateway
)

// Config is the whole configuration. Build it with Load; the zero value is not useful.
type Config struct {
	HTTP      HTTP
	Store     Store
	Knowledge Knowledge
	Slack     Slack
	Discord   Discord
	Quiz      Quiz
	Runtime   Runtime
	Admin     Admin
	// Admins are user ids allowed to change quiz subscriptions besides channel managers.
	Admins []string
	Log    Log

	// File is the path the configuration was read from; "" when there was none.
	File string

	lines   map[string]int    // key path ("slack.mode") -> line where the file sets it
	fromEnv map[string]string // key path -> environment variable that supplied it
	written map[string]string // key path -> its value as written, when that has ${VAR} in it
	refused map[string]bool   // key paths whose value Load refused; Validate says nothing more of them
	// pgPassword is PGPASSWORD from the environment: pgx connects with it, so it is a secret
	// of this configuration even though no key holds it.
	pgPassword string
}

// HTTP is the HTTP server's section.
type HTTP struct {
	Listen string // host:port
	// AdminListen, when set (host:port), is a second listener for /metrics, /healthz and /readyz,
	// so they need not be reachable where the platforms' webhooks are; Listen then serves only
	// the webhooks. Empty: one listener serves everything.
	AdminListen string
	// MaxInFlight caps requests handled at once (probes aside); beyond it, 503 with Retry-After.
	MaxInFlight int
}

// Admin is the knowledge owners' pages (/admin/ on the admin listener).
type Admin struct {
	// Token is what an owner types to log in; unset, the pages are off.
	Token Secret
	// ShowUserIDs shows platform user ids on the pages (the leaderboard); off, only names.
	ShowUserIDs bool
}

// Runtime is the process's own limits.
type Runtime struct {
	// MemoryLimit is the Go runtime's soft memory limit in bytes (GOMEMLIMIT); 0: none. The
	// GOMEMLIMIT environment variable, when set, wins.
	MemoryLimit int64
	// DrainTimeout bounds how long a stopping bot keeps delivering the answers and posts it
	// had accepted before it exits.
	DrainTimeout time.Duration
}

// Store says where state (preferences, feedback, quiz) is kept.
type Store struct {
	Driver string // "sqlite" or "postgres"
	DSN    string // a file path for sqlite, a connection string for postgres
}

// Knowledge says which knowledge files to load.
type Knowledge struct {
	// Paths are files or directories of knowledge YAML; empty means the embedded base.
	Paths []string
}

// Slack is the Slack adapter's section. Mode is "" when Slack is not configured.
type Slack struct {
	Mode          string
	BotToken      Secret
	AppToken      Secret
	SigningSecret Secret
	APIURL        string
}

// Discord is the Discord adapter's section. Mode is "" when Discord is not configured.
type Discord struct {
	Mode          string
	Token         Secret
	ApplicationID string
	PublicKey     string // hex Ed25519 key; public by nature, so not a Secret
	APIURL        string
	ShardID       int
	ShardCount    int
}

// Quiz is the quiz of the day's section.
type Quiz struct {
	Timezone    string        // IANA zone for schedules that name none
	RevealAfter time.Duration // how long a quiz stays open before its answer is shown
	CatchUp     time.Duration // a slot missed by less than this (downtime) is still posted
}

// Log configures log/slog.
type Log struct {
	Level  string // debug, info, warn, error
	Format string // text or json
}

// Default returns the configuration with nothing set: every default, no platform.
func Default() *Config {
	return &Config{
		HTTP:  HTTP{Listen: DefaultListen, MaxInFlight: DefaultMaxInFlight},
		Store: Store{Driver: DefaultDriver, DSN: DefaultDSN},
		Quiz: Quiz{
			Timezone:    DefaultTimezone,
			RevealAfter: DefaultRevealAfter,
			CatchUp:     DefaultCatchUp,
		},
		Runtime: Runtime{MemoryLimit: DefaultMemoryLimit, DrainTimeout: DefaultDrainTimeout},
		Log:     Log{Level: "info", Format: "text"},
		lines:   map[string]int{},
		fromEnv: map[string]string{},
		written: map[string]string{},
		refused: map[string]bool{},
	}
}

// SlackEnabled reports whether any Slack setting is present, so the Slack adapter should run.
func (c *Config) SlackEnabled() bool { return c.Slack.Mode != "" }

// DiscordEnabled reports whether any Discord setting is present, so the Discord adapter should run.
func (c *Config) DiscordEnabled() bool { return c.Discord.Mode != "" }

// SlackHTTP reports whether POST /slack/events is served: whenever a signing secret is set.
func (c *Config) SlackHTTP() bool {
	return c.Slack.SigningSecret.IsSet() || c.Slack.Mode == ModeHTTP
}

// DiscordHTTP reports whether POST /discord/interactions is served: whenever a public key is set.
func (c *Config) DiscordHTTP() bool {
	return c.Discord.PublicKey != "" || c.Discord.Mode == ModeHTTP
}

// HTTPNeeded reports whether the HTTP server runs: a platform needs it or the file sets
// http.listen. The console alone opens no port.
func (c *Config) HTTPNeeded() bool {
	return c.IsSet("http.listen") || c.SlackHTTP() || c.DiscordHTTP()
}

// AdminHTTP reports whether the probes and metrics have a listener of their own
// (http.admin_listen); the admin listener then runs even when nothing else needs HTTP.
func (c *Config) AdminHTTP() bool { return c.HTTP.AdminListen != "" }

// IsSet reports whether the file (not a default or the environment) set the key, e.g. "http.listen".
func (c *Config) IsSet(key string) bool {
	_, ok := c.lines[key]
	return ok
}

// SlogLevel is Log.Level as a slog.Level; info when unset or unknown (Validate reports unknown).
func (c *Config) SlogLevel() slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(c.Log.Level))); err != nil {
		return slog.LevelInfo
	}
	return l
}

// Location loads quiz.timezone.
func (q Quiz) Location() (*time.Location, error) { return time.LoadLocation(q.Timezone) }
