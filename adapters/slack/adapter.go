// Package slack connects the bot to Slack: Socket Mode and the signed HTTP Request URL (Events
// API, slash commands, interactivity), Block Kit rendering with safe escaping, and a core.Poster
// for the bot's own posts. It knows core only through the small Handler interface.
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/bigmodel-bot/bigmodel-bot/core"

	"github.com/bigmodel-bot/bigmodel-bot/adapters/internal/jobs"
	"github.com/bigmodel-bot/bigmodel-bot/adapters/internal/seen"
)

// Platform is the name the adapter puts in core.Request.Platform and expects in ChannelKey.
const Platform = "slack"

// Handler answers one request (implemented by core.Bot).
type Handler interface {
	// Handle turns a request into the reply to show; the reply is safe to show even with an error.
	Handle(ctx context.Context, req core.Request) (core.Reply, error)
}

// EventDedup remembers event ids so a retried delivery is processed once (core.EventDedup).
type EventDedup interface {
	// FirstSeen records key until now+ttl and reports whether it was new.
	FirstSeen(ctx context.Context, key string, now time.Time, ttl time.Duration) (bool, error)
}

// Options configure an Adapter. Only Handler is required; HTTP mode needs SigningSecret, Socket
// Mode BotToken and AppToken, and anything the bot posts on its own needs BotToken.
type Options struct {
	Handler       Handler
	BotToken      string
	AppToken      string
	SigningSecret string
	// APIURL points the Web API client at a proxy or a test server ("http://127.0.0.1:8/api/").
	APIURL string
	// Admins are user ids allowed to manage channel subscriptions besides workspace admins.
	Admins []string
	// Dedup remembers Events API event ids; nil keeps them in memory for this process only.
	Dedup EventDedup
	// LinkAllowed says which URLs in replies become links (knowledge base links); nil: none.
	LinkAllowed func(url string) bool
	HTTPClient  *http.Client
	Logger      *slog.Logger
	// AckTimeout is how long a slash command may take to be answered in the ack itself; slower
	// answers go to response_url. Two seconds when zero, leaving room in Slack's three.
	AckTimeout time.Duration
}

// Adapter is the Slack side of the bot.
type Adapter struct {
	opts    Options         // with New's defaults filled in
	api     *slackgo.Client // nil without a bot token
	log     *slog.Logger
	dedup   seen.Layered // this process's window, then the Dedup store
	users   *userCache
	pacer   *pacer
	limits  *methodLimits // the Web API client's transport; nil without a bot token
	replays *replayCache
	admins  map[string]bool
	apiHost string // host of Options.APIURL, also accepted for response_url

	botUserID     atomic.Value // string, from auth.test
	connected     atomic.Bool
	socketMode    atomic.Bool
	everConnected atomic.Bool
	lastErr       atomic.Value // string: why the socket is down

	base   context.Context // ends at Close
	stop   context.CancelFunc
	jobs   *jobs.Group
	warned sync.Map
}

// New builds an adapter. It makes no network call; Identify and RunSocket do.
func New(o Options) (*Adapter, error) {
	if o.Handler == nil {
		return nil, errors.New("slack adapter: no handler")
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.AckTimeout <= 0 {
		o.AckTimeout = 2 * time.Second
	}
	a := &Adapter{
		opts: o, log: o.Logger.With("platform", Platform), dedup: seen.Layered{Local: seen.New(10000), Shared: o.Dedup},
		admins: map[string]bool{}, jobs: jobs.New(256, time.Minute),
	}
	for _, id := range o.Admins {
		if id = strings.TrimSpace(id); id != "" {
			a.admins[id] = true
		}
	}
	if o.APIURL != "" {
		u, err := url.Parse(o.APIURL)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("slack adapter: api_url %q is not an absolute URL", o.APIURL)
		}
		a.apiHost = u.Host
		if !strings.HasSuffix(o.APIURL, "/") {
			o.APIURL += "/"
			a.opts.APIURL = o.APIURL
		}
	}
	a.base, a.stop = context.WithCancel(context.Background())
	a.pacer = newPacer(time.Second, 3, 10000)
	a.replays = newReplayCache(replayAcks)
	if o.BotToken != "" {
		api := slackgo.APIURL
		if o.APIURL != "" {
			api = o.APIURL
		}
		a.limits = newMethodLimits(o.HTTPClient.Transport, api)
		limited := *o.HTTPClient // the caller's client, with Slack's limits kept in its transport
		limited.Transport = a.limits
		opts := []slackgo.Option{slackgo.OptionHTTPClient(&limited)}
		if o.AppToken != "" {
			opts = append(opts, slackgo.OptionAppLevelToken(o.AppToken))
		}
		if o.APIURL != "" {
			opts = append(opts, slackgo.OptionAPIURL(o.APIURL))
		}
		a.api = slackgo.New(o.BotToken, opts...)
		a.users = newUserCache(a.fetchUser, func(f func(context.Context)) { a.spawn("users.info", f) })
	}
	a.botUserID.Store("")
	a.lastErr.Store("not connected yet")
	return a, nil
}

// Close lets background work (late answers, posts, user look-ups) finish for up to ten seconds,
// then cancels what is left and waits for it.
func (a *Adapter) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a.Shutdown(ctx)
}

// Shutdown waits for background work until ctx ends, then cancels the rest and waits for it.
func (a *Adapter) Shutdown(ctx context.Context) {
	for _, ch := range a.jobs.Shutdown(ctx) {
		a.log.Warn("slack: answer not delivered before shutdown", "channel", ch)
	}
	a.stop()
}

// spawn runs f in the background, a bounded number at once; f gets a context that ends when
// the adapter closes or after a minute. label (a channel id) names it if shutdown cancels it.
func (a *Adapter) spawn(label string, f func(ctx context.Context)) {
	a.jobs.Go(label, f)
}

// handle calls core. Core recovers its own panics (one place for it) and returns an apology
// with the error, so nothing here needs to.
func (a *Adapter) handle(ctx context.Context, req core.Request) (core.Reply, error) {
	return a.opts.Handler.Handle(ctx, req)
}

// BotUserID is the bot's own user id from auth.test ("" before Identify).
func (a *Adapter) BotUserID() string { return a.botUserID.Load().(string) }

// Identify asks Slack who the bot is (auth.test), so the bot can ignore its own messages.
func (a *Adapter) Identify(ctx context.Context) error {
	if a.api == nil {
		return errors.New("slack: no bot token configured")
	}
	res, err := a.api.AuthTestContext(ctx)
	if err != nil {
		return fmt.Errorf("slack auth.test: %w", cleanErr(err))
	}
	a.botUserID.Store(res.UserID)
	a.log.Info("slack identity", "team", res.TeamID, "bot_user", res.UserID)
	return nil
}

func (a *Adapter) fetchUser(ctx context.Context, id string) (userInfo, error) {
	u, err := a.api.GetUserInfoContext(ctx, id, slackgo.GetUserInfoOptionIncludeLocale(true))
	if err != nil {
		return userInfo{}, fmt.Errorf("slack users.info: %w", cleanErr(err))
	}
	return userInfo{locale: u.Locale, admin: u.IsAdmin || u.IsOwner}, nil
}

// decorate fills in what the adapter knows about the user (locale, admin) without waiting for
// Slack: a user not cached yet is looked up in the background for next time. It reports whether
// the user was known (cached, even if stale).
func (a *Adapter) decorate(req *core.Request) bool {
	u, ok := a.users.Get(req.User)
	a.apply(req, u, ok)
	return ok
}

// decorateWait is decorate for work that runs after the ack: it may ask Slack (briefly).
func (a *Adapter) decorateWait(ctx context.Context, req *core.Request) {
	u, ok := a.users.Lookup(ctx, req.User)
	a.apply(req, u, ok)
}

func (a *Adapter) apply(req *core.Request, u userInfo, ok bool) {
	req.Platform = Platform
	req.CanManage = a.admins[req.User]
	if ok {
		req.Locale = u.locale
		req.CanManage = req.CanManage || u.admin
	}
}

// warnOnce logs a configuration problem the first time it shows.
func (a *Adapter) warnOnce(key, msg string, args ...any) {
	if _, loaded := a.warned.LoadOrStore(key, true); !loaded {
		a.log.Warn(msg, args...)
	}
}

// cleanErr drops the URL that net/http puts into transport errors, so no endpoint (a
// response_url is a bearer capability) ends up in logs.
func cleanErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s request failed: %w", ue.Op, ue.Err)
	}
	return err
}
