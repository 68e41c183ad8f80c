package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"syscall"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/config"
	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
	"github.com/bigmodel-bot/bigmodel-bot/metrics"
	"github.com/bigmodel-bot/bigmodel-bot/server"
)

// component is something that runs until the bot stops: an adapter's connection, a scheduler.
type component struct {
	name string
	// run blocks until ctx is done (then it returns nil) or it fails.
	run func(ctx context.Context) error
	// foreground components end the whole bot when run returns nil: the console at end of input.
	foreground bool
}

// app is what `bot run` builds once and shares with the adapters and the quiz.
type app struct {
	cfg     *config.Config
	log     *slog.Logger
	cli     *cli
	base    *knowledge.Base
	index   *search.Index
	taught  *core.TaughtIndex // index with the lessons owners taught, refreshed from the store
	store   stateStore
	metrics *metrics.Metrics    // nil when there is no HTTP server to expose it
	http    *server.Server      // nil when nothing needs HTTP
	admin   *server.Server      // serves /metrics, /healthz, /readyz: a.http unless http.admin_listen is set
	posters posters             // every running adapter's Poster, by platform
	bot     *core.Bot           // set in build, after the quiz engine and before the adapters
	queries *core.QueryRecorder // counts the questions asked, for `bot kb report`
	// consoleFormat is --console-format: text or jsonl.
	consoleFormat string
	// stopGrace bounds how long stopping may take before run returns anyway: the drain
	// (runtime.drain_timeout) and a margin for what follows it.
	stopGrace time.Duration
	// httpDone is closed once the HTTP server has stopped and its requests in flight have
	// finished (nil without a server): only then is everything an adapter must still deliver
	// queued, so adapters start their drain after it.
	httpDone chan struct{}
}

// stopMargin is what stopping may take beyond the drain: cancelling what was not delivered,
// logging it, and the HTTP server's own shutdown when it runs longer than the drain.
const stopMargin = 5 * time.Second

func runCmd(ctx context.Context, c *cli, args []string) error {
	fs, cfgPath := newFlagSet(c, "run", "run [--config FILE] [--console-format text|jsonl]",
		`Runs every configured platform (Slack, Discord), the HTTP server and the quiz scheduler,
until SIGINT or SIGTERM. With no platform configured it runs the console: type questions or
"/bigmodel <command>" lines on standard input; the bot stops at the end of input.
Logs go to standard error. 'bot' alone means 'bot run'.`,
		`  bot
  printf '/bigmodel risks\n' | bot run --console-format jsonl
  SLACK_SIGNING_SECRET=... bot run --config bot.yaml`)
	format := fs.String("console-format", "text", "console output `FORMAT`: text, or jsonl (one JSON object per message, for scripts)")
	if rest, err := parseArgs(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("run takes no arguments, got %q", rest[0])
	}
	if *format != "text" && *format != "jsonl" {
		return usagef("--console-format must be text or jsonl, not %q", *format)
	}
	cfg, err := c.loadConfig(*cfgPath)
	if err != nil {
		return printErrors(c.stderr, err)
	}
	a := newApp(c, cfg, *format)
	comps, err := a.build(ctx)
	defer a.close()
	if err != nil {
		var kerr knowledge.Errors
		if errors.As(err, &kerr) {
			return printErrors(c.stderr, err) // file:line lines, as `kb check` prints them
		}
		return err
	}
	return a.run(ctx, comps)
}

// newApp sets up logging for a validated configuration; build does the rest.
func newApp(c *cli, cfg *config.Config, consoleFormat string) *app {
	if !cfg.IsSet("log.level") && !cfg.SlackEnabled() && !cfg.DiscordEnabled() {
		// The console shares the terminal with the log: keep it to what needs attention.
		cfg.Log.Level = "warn"
	}
	log := newLogger(c.stderr, cfg)
	for _, w := range cfg.Warnings() {
		log.Warn(w)
	}
	return &app{cfg: cfg, log: log, cli: c, posters: posters{},
		consoleFormat: consoleFormat, stopGrace: cfg.Runtime.DrainTimeout + stopMargin}
}

// close releases what build opened, storing the last question counts first: answers still in
// flight when the recorder's own final flush ran are counted too.
func (a *app) close() {
	if a.store == nil {
		return
	}
	if a.queries != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := a.queries.Flush(ctx); err != nil {
			a.log.Error("query report: store the last counts", "err", err)
		}
		cancel()
	}
	if err := a.store.Close(); err != nil {
		a.log.Error("close store", "err", err)
	}
}

// build loads everything and starts nothing that runs: knowledge and store (at once, they are
// independent), metrics, the HTTP server's routes, the quiz engine, the core, the adapters.
func (a *app) build(ctx context.Context) ([]component, error) {
	start := time.Now()
	memLimit := tuneMemory(a.cfg, a.log)
	storeDone := make(chan error, 1)
	go func() {
		s, err := openStore(ctx, a.cfg.Store)
		a.store = s
		storeDone <- err
	}()
	base, kerr := loadBase(a.cfg)
	if kerr == nil {
		a.base, a.index = base, search.New(base)
	}
	serr := <-storeDone
	if kerr != nil {
		return nil, kerr
	}
	if serr != nil {
		return nil, serr
	}
	a.queries = core.NewQueryRecorder(core.QueryRecorderOptions{Stats: a.store, Logger: a.log})
	a.taught = core.NewTaughtIndex(a.base, a.index, a.store, a.log)
	if _, err := a.taught.Refresh(ctx); err != nil {
		a.log.Warn("taught questions not applied at start; tried again shortly", "err", err)
	}
	opts := core.Options{
		Base: a.base, Search: a.taught, Prefs: a.store, Feedback: a.store,
		Logger: a.log, About: about(a.base), Queries: a.queries, Signals: a.store,
	}
	if a.cfg.HTTPNeeded() || a.cfg.AdminHTTP() {
		a.metrics = metrics.New()
		a.metrics.Registry().MustRegister(queriesDropped(a.queries))
		opts.Observer = a.metrics
		a.http, a.admin = newServers(a.cfg, a.log)
		for _, srv := range []*server.Server{a.http, a.admin} {
			srv.MaxInFlight = a.cfg.HTTP.MaxInFlight
			srv.MaxBodyMemory = bodyMemory(memLimit)
		}
		if a.cfg.SlackHTTP() || a.cfg.DiscordHTTP() {
			tuneGC(a.log) // a platform's requests arrive over HTTP: see serveGCPercent
		}
		a.admin.Handle("GET /metrics", a.metrics.Handler())
		a.adminPages().Mount(a.admin)
		a.admin.AddReadiness("store", storeReady(a.store))
		a.admin.AddReadiness("knowledge", func(context.Context) error {
			if len(a.base.Entries) == 0 {
				return errors.New("knowledge base is empty")
			}
			return nil
		})
	}
	// In the order they depend on each other: the quiz engine is a core option; the core
	// answers for every adapter; the adapters register the Posters the quiz scheduler posts
	// through, so it runs only after them.
	engine, err := newQuiz(a)
	if err != nil {
		return nil, fmt.Errorf("quiz: %w", err)
	}
	if engine != nil {
		opts.Quiz = engine
	}
	a.bot = core.New(opts)
	var comps []component
	for _, adapter := range []struct {
		name  string
		start func(*app) ([]component, error)
	}{{"console", startConsole}, {"slack", startSlack}, {"discord", startDiscord}} {
		cs, err := adapter.start(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", adapter.name, err)
		}
		comps = append(comps, cs...)
	}
	if engine != nil {
		comps = append(comps, component{name: "quiz-scheduler", run: engine.Run})
	}
	// Bound last, once every route is mounted: a client that can connect gets real answers.
	for _, l := range a.listeners() {
		if err := l.srv.Listen(); err != nil {
			if errors.Is(err, syscall.EADDRINUSE) {
				return nil, fmt.Errorf("%w (another bot or program uses it: stop it, or set %s to a free address)", err, l.key)
			}
			return nil, err
		}
		run := l.srv.Run
		if l.srv == a.http {
			// The drain waits for the webhooks' requests in flight, which may queue answers.
			a.httpDone = make(chan struct{})
			run = func(ctx context.Context) error {
				defer close(a.httpDone)
				return a.http.Run(ctx)
			}
			comps = append(comps, component{name: "memory relief", run: func(ctx context.Context) error {
				return releaseAfterFloods(ctx, a.http.Refused, a.log)
			}})
		}
		comps = append(comps, component{name: l.name, run: run})
	}
	if len(comps) > 0 {
		// Only alongside something that answers: alone it would keep a bot with nothing to do running.
		comps = append(comps, component{name: "query report", run: a.queries.Run},
			component{name: "taught questions", run: func(ctx context.Context) error {
				a.taught.Run(ctx, lessonRefresh)
				return nil
			}})
	}
	ready := []any{"entries", len(a.base.Entries), "store", a.cfg.Store.Driver,
		"slack", orOff(a.cfg.Slack.Mode), "discord", orOff(a.cfg.Discord.Mode), "http", publicAddr(a), "admin", adminAddr(a)}
	if a.admin == nil {
		// No readiness to wait for: nothing but the console answers.
		a.log.Info("bot ready", append(ready, "startup", time.Since(start).Round(time.Millisecond))...)
		return comps, nil
	}
	comps = append(comps, component{name: "readiness", run: func(ctx context.Context) error {
		return a.watchReadiness(ctx, start, ready)
	}})
	a.log.Info("bot started, waiting to be ready", ready...)
	return comps, nil
}

// readinessEvery is how often the bot runs its own readiness checks. Besides telling the log
// the truth, it keeps the store's write probe going when nothing polls /readyz, so a writer
// connection that went bad is replaced within a second or two.
const readinessEvery = time.Second

// watchReadiness logs "bot ready" the first time every /readyz check passes, and each change
// after that: "bot not ready" (with the failing checks) and "bot ready" again. The log never
// says ready while /readyz answers 503.
func (a *app) watchReadiness(ctx context.Context, start time.Time, fields []any) error {
	t := time.NewTicker(readinessEvery)
	defer t.Stop()
	ready, ever, told := false, false, false
	for {
		err := a.admin.Ready(ctx)
		if ctx.Err() != nil {
			return nil
		}
		switch {
		case err == nil && !ever:
			a.log.Info("bot ready", append(fields, "startup", time.Since(start).Round(time.Millisecond))...)
		case err == nil && !ready:
			a.log.Info("bot ready", "again", true)
		case err != nil && ready:
			a.log.Warn("bot not ready", "err", err)
		case err != nil && !ever && !told:
			a.log.Warn("bot not ready yet", "err", err)
			told = true
		}
		ready = err == nil
		ever = ever || ready
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// drainContext is the context an adapter delivers its queued work under once the bot stops:
// it starts from the stop (ctx is done) and ends runtime.drain_timeout later. It first waits
// for the HTTP server to finish the requests in flight, which may still queue answers.
func (a *app) drainContext(ctx context.Context) (context.Context, context.CancelFunc) {
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.cfg.Runtime.DrainTimeout)
	if a.httpDone != nil {
		select {
		case <-a.httpDone:
		case <-dctx.Done():
		}
	}
	return dctx, cancel
}

// run runs every component until ctx is done, one fails, or a foreground one finishes; then it
// stops the rest and waits for them (within stopGrace).
func (a *app) run(ctx context.Context, comps []component) error {
	if len(comps) == 0 {
		return errors.New("nothing to run: no platform, console or HTTP server is configured")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		c   component
		err error
	}
	done := make(chan result, len(comps))
	for _, c := range comps {
		go func() { done <- result{c, c.run(ctx)} }()
	}
	var (
		first    error
		stopping = ctx.Done()
		timeout  <-chan time.Time // set once stopping has begun
	)
	for left := len(comps); left > 0; {
		select {
		case <-stopping:
			stopping, timeout = nil, time.After(a.stopGrace)
		case <-timeout:
			a.log.Error("components did not stop in time", "left", left, "grace", a.stopGrace)
			if first == nil {
				first = fmt.Errorf("%d components did not stop within %s", left, a.stopGrace)
			}
			return first
		case r := <-done:
			left--
			switch {
			case ctx.Err() != nil:
				if r.err != nil {
					a.log.Warn("component stopped with an error", "component", r.c.name, "err", r.err)
				}
			case r.err != nil:
				a.log.Error("component failed", "component", r.c.name, "err", r.err)
				first = fmt.Errorf("%s: %w", r.c.name, r.err)
				cancel()
			case r.c.foreground:
				a.log.Info("input ended, stopping", "component", r.c.name)
				cancel()
			default:
				a.log.Warn("component stopped by itself", "component", r.c.name)
			}
		}
	}
	a.log.Info("bot stopped")
	return first
}
