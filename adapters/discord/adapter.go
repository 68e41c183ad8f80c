// Package discord connects the bot to Discord: the gateway (mentions, DMs, interactions over the
// websocket), the HTTP interactions endpoint (POST /discord/interactions), the /bigmodel
// application commands and a core.Poster for the quiz. It turns Discord events into core.Requests
// and renders core.Replies as embeds with buttons, within Discord's limits and with every mention
// disabled.
package discord

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/internal/jobs"
	"github.com/bigmodel-bot/bigmodel-bot/adapters/internal/seen"
)

// Handler answers one request; core.Bot implements it.
type Handler interface {
	Handle(ctx context.Context, req core.Request) (core.Reply, error)
}

// Langer picks the language to answer a request in (the user's saved choice, else the locale).
// core.Bot implements it; when the Handler does not, autocomplete goes by the interaction locale.
type Langer interface {
	Lang(ctx context.Context, req core.Request) knowledge.Lang
}

// Completer suggests topics for a typed prefix; knowledge/search.Index implements it.
type Completer interface {
	Complete(prefix string, lang knowledge.Lang, limit int) []*knowledge.Entry
}

// DefaultMaxBody caps an HTTP interaction's body: Discord's payloads are a few KB, and a
// signed body must be read whole before it can be verified, so the cap is a quarter of the
// server's 1 MiB. README states the same number.
const DefaultMaxBody = 256 << 10

// Options configure an Adapter. Only Handler is required; PublicKey enables the HTTP endpoint
// and Token the gateway, the Poster and command registration.
type Options struct {
	Handler   Handler
	Completer Completer // nil: autocomplete offers no choices
	// PublicKey is the application's Ed25519 key that signs HTTP interactions.
	PublicKey ed25519.PublicKey
	// Token is the bot token, with or without the "Bot " prefix. Never logged.
	Token string
	// AppID is the application id, needed only to register commands (interactions carry it).
	AppID string
	// LinkAllowed says which URLs may stay behind masked [text](url) links in replies
	// (knowledge.LinkTargets: those of the knowledge base). nil: every link shows its URL.
	LinkAllowed func(url string) bool
	// Admins are user ids allowed to manage quiz subscriptions besides channel managers.
	Admins []string
	// ShardID and ShardCount split the gateway between processes (ShardCount 0 means 1).
	ShardID, ShardCount int
	// Dedup remembers handled event ids across replicas; nil keeps a bounded in-memory window.
	Dedup core.EventDedup
	// DeferAfter is how long an interaction may run before it is deferred (default 2 s: Discord
	// allows 3 s for the first response).
	DeferAfter time.Duration
	// HandleTimeout bounds core's work on one message, or on an interaction once deferred
	// (default 60 s; the interaction token lives 15 minutes).
	HandleTimeout time.Duration
	// About and AboutZH say what the knowledge base covers, for the command description
	// RegisterCommands sends; empty: none named.
	About, AboutZH string
	// MaxBody caps an HTTP interaction's body (default DefaultMaxBody).
	MaxBody int64
	// GlobalRate caps the bot's REST requests per second across all routes (interaction
	// responses are exempt): Discord's global limit is 50, larger bots are granted more.
	// 0: defaultGlobalRate.
	GlobalRate float64
	// APIURL is the REST API base, http(s)://host[:port][/path][/api/v10] (empty:
	// DefaultAPIURL); the requests discordgo addresses to discord.com go there (apiTransport).
	APIURL string
	// HTTPClient makes the REST calls (nil: a client with a 20 s timeout, as discordgo's); tests
	// pass their own.
	HTTPClient *http.Client
	// Logger receives the adapter's logs; nil is slog.Default(). Nothing is logged per
	// interaction on success.
	Logger *slog.Logger
}

// Adapter is the Discord side of the bot. Its methods are safe for concurrent use.
type Adapter struct {
	o      Options
	log    *slog.Logger
	rest   *discordgo.Session
	admins map[string]bool
	seen   seen.Layered

	connected atomic.Bool
	jobs      *jobs.Group // deferred edits, follow-ups and gateway events still running
}

// defaultGlobalRate stays a request a second under Discord's global 50, so that requests
// bunched up in transit still arrive within it.
const defaultGlobalRate = 49

// maxJobs bounds the gateway events and deliveries handled at once, as many as the Slack
// adapter allows.
const maxJobs = 256

// New checks the options and builds an Adapter. It opens no connection.
func New(o Options) (*Adapter, error) {
	if o.Handler == nil {
		return nil, errors.New("discord: Options.Handler is required")
	}
	if o.PublicKey != nil && len(o.PublicKey) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("discord: public key has %d bytes, want %d", len(o.PublicKey), ed25519.PublicKeySize)
	}
	if o.ShardCount < 0 || o.ShardID < 0 || (o.ShardCount > 0 && o.ShardID >= o.ShardCount) {
		return nil, fmt.Errorf("discord: shard %d of %d is out of range", o.ShardID, o.ShardCount)
	}
	if o.DeferAfter <= 0 {
		o.DeferAfter = 2 * time.Second
	}
	if o.HandleTimeout <= 0 {
		o.HandleTimeout = 60 * time.Second
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	s, err := newSession(o)
	if err != nil {
		return nil, err
	}
	s.Identify.Intents = Intents
	s.StateEnabled = false
	if o.ShardCount > 0 {
		s.ShardID, s.ShardCount = o.ShardID, o.ShardCount
	}
	a := &Adapter{
		o:      o,
		log:    o.Logger.With("platform", "discord"),
		rest:   s,
		admins: make(map[string]bool, len(o.Admins)),
		seen:   seen.Layered{Local: seen.New(4096), Shared: o.Dedup},
		jobs:   jobs.New(maxJobs, o.HandleTimeout+deliverTimeout),
	}
	for _, id := range o.Admins {
		a.admins[id] = true
	}
	return a, nil
}

// Intents are the gateway intents the bot asks for: guilds, guild messages and DMs. Not the
// privileged MessageContent: Discord delivers the content of DMs and of messages that mention
// the bot without it.
const Intents = discordgo.IntentGuilds | discordgo.IntentGuildMessages | discordgo.IntentDirectMessages

// Wait lets deferred answers and follow-ups that are still being sent finish until ctx ends,
// then cancels the rest; call it once, on shutdown, after the HTTP server and the gateway
// have stopped.
func (a *Adapter) Wait(ctx context.Context) error {
	late := a.jobs.Shutdown(ctx)
	for _, ch := range late {
		a.log.Warn("discord: answer not delivered before shutdown", "channel", ch)
	}
	if late != nil {
		return fmt.Errorf("discord: %d follow-ups not delivered in time: %w", len(late), ctx.Err())
	}
	return nil
}

// newSession makes the discordgo session for o's token (discordgo.New only fills in a struct).
// Its client's transport is the global rate limit, then apiTransport (which points
// discordgo's discord.com URLs at o.APIURL), then o.HTTPClient's own transport.
func newSession(o Options) (*discordgo.Session, error) {
	s, err := discordgo.New(botToken(o.Token))
	if err != nil {
		return nil, fmt.Errorf("discord: new session: %w", err)
	}
	c := o.HTTPClient
	if c == nil {
		c = &http.Client{Timeout: 20 * time.Second}
	}
	api, err := newAPITransport(o.APIURL, c.Transport)
	if err != nil {
		return nil, err
	}
	rate := o.GlobalRate
	if rate <= 0 {
		rate = defaultGlobalRate
	}
	cp := *c
	cp.Transport = newGlobalLimit(api, rate)
	s.Client = &cp
	return s, nil
}

// botToken adds the "Bot " prefix Discord requires of bot tokens (401 without it).
func botToken(t string) string {
	t = strings.TrimSpace(t)
	if t != "" && !strings.HasPrefix(t, "Bot ") {
		t = "Bot " + t
	}
	return t
}

func (a *Adapter) hasToken() bool { return a.rest.Token != "" }

// firstSeen records an event id and reports whether it is new: this process's window, then the
// shared store when one is configured (seen.Layered).
func (a *Adapter) firstSeen(ctx context.Context, kind, id string) bool {
	ok, err := a.seen.FirstSeen(ctx, "discord:"+kind+":"+id, time.Now(), 15*time.Minute)
	if err != nil {
		a.log.Warn("dedup store failed; relying on the in-memory window", "err", err)
	}
	return ok
}
