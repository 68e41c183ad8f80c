// Package server is the bot's HTTP server: the routes adapters mount (/slack/events,
// /discord/interactions), liveness and readiness probes, /metrics, request size caps, timeouts
// and a graceful shutdown.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Limits and timeouts. Slack and Discord give a handler 3 s to answer, and their payloads are a
// few kilobytes, so anything slower or bigger is a misbehaving client.
const (
	DefaultMaxBodyBytes = 1 << 20
	readHeaderTimeout   = 5 * time.Second
	readTimeout         = 10 * time.Second
	writeTimeout        = 15 * time.Second
	idleTimeout         = 90 * time.Second
	maxHeaderBytes      = 64 << 10
	checkTimeout        = 2 * time.Second
	shutdownTimeout     = 5 * time.Second
)

// Defaults of the overload limits (see Server.MaxInFlight and Server.MaxBodyMemory).
const (
	DefaultMaxInFlight   = 512
	DefaultMaxBodyMemory = 32 << 20
	// retryAfter is what a refused client is told to wait, in seconds: long enough for a
	// burst to pass, short enough that Slack's and Discord's 3 s still leave a retry.
	retryAfter = "1"
)

// Server is the HTTP server. Mount routes and readiness checks, then Run.
type Server struct {
	addr string
	log  *slog.Logger
	mux  *http.ServeMux
	// MaxBodyBytes caps every request body; set before Run.
	MaxBodyBytes int64
	// MaxInFlight caps the requests handled at once, probes aside; past it a request is
	// answered 503 with Retry-After at once instead of queueing. Set before Handler or Run;
	// 0 means no cap.
	MaxInFlight int
	// MaxBodyMemory caps the bytes of request bodies that may be in flight at once, each
	// counted at its Content-Length (MaxBodyBytes when unknown): a thousand 1 MiB bodies are
	// refused beyond it rather than read into memory together. Set before Handler or Run; 0
	// means no cap.
	MaxBodyMemory int64

	mu     sync.Mutex
	checks []check
	ln     net.Listener

	refused atomic.Uint64 // requests answered 503 for overload
	// probes, when set, is the server that answers /readyz for this one (see NewWebhooks).
	probes *Server
}

type check struct {
	name string
	fn   func(context.Context) error
}

// New makes a server that will listen on addr (host:port; port 0 picks a free one).
func New(addr string, logger *slog.Logger) *Server {
	s := bare(addr, logger)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		plain(w, http.StatusOK, "ok")
	})
	s.mux.HandleFunc("GET /readyz", s.readyz)
	return s
}

// NewWebhooks makes the public server of a split set-up (http.admin_listen): it serves only what
// Handle mounts (the platforms' webhooks), no /healthz or /readyz, and AddReadiness adds to
// probes, the admin server that answers /readyz. Parts that mount routes and checks stay unaware
// of the split.
func NewWebhooks(addr string, logger *slog.Logger, probes *Server) *Server {
	s := bare(addr, logger)
	s.probes = probes
	return s
}

// bare is a server with no routes yet.
func bare(addr string, logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Server{addr: addr, log: logger, mux: http.NewServeMux(), MaxBodyBytes: DefaultMaxBodyBytes,
		MaxInFlight: DefaultMaxInFlight, MaxBodyMemory: DefaultMaxBodyMemory}
}

// Handle mounts h on pattern ("POST /slack/events", "GET /metrics"), as http.ServeMux does.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// AddReadiness adds a named check to GET /readyz: the store is reachable, an adapter is connected.
// A check that does not return within 2 s fails.
func (s *Server) AddReadiness(name string, fn func(context.Context) error) {
	if s.probes != nil {
		s.probes.AddReadiness(name, fn)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.checks = append(s.checks, check{name: name, fn: fn})
}

// Listen binds the address now, so a port in use is reported at start-up rather than from Run.
func (s *Server) Listen() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln != nil {
		return nil
	}
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("http listen %s: %w", s.addr, err)
	}
	s.ln = ln
	return nil
}

// Addr is the address the server listens on (the real port when it asked for 0), or the
// configured one before Listen.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln != nil {
		return s.ln.Addr().String()
	}
	return s.addr
}

// Run serves until ctx is cancelled, then stops accepting, lets requests in flight finish (up to
// 5 s) and returns nil. It returns an error when the server cannot listen or serve.
func (s *Server) Run(ctx context.Context) error {
	if err := s.Listen(); err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	s.log.Info("http server listening", "addr", s.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(s.ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http serve %s: %w", s.Addr(), err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("http shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("http serve %s: %w", s.Addr(), err)
	}
	return nil
}

// Handler is the full handler chain, for tests and embedding: probes (/healthz, /readyz,
// /metrics) straight to their routes; any other request admitted within MaxInFlight and
// MaxBodyMemory or refused with 503 and Retry-After; every request body capped at
// MaxBodyBytes; a panicking handler answered with 500 instead of a dropped connection.
// One wrapper for all keeps the per-request cost to a closure call.
func (s *Server) Handler() http.Handler {
	next, limit := s.mux, s.MaxBodyBytes
	adm := newAdmission(s.MaxInFlight, s.MaxBodyMemory)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !probe(r) {
			cost := min(r.ContentLength, limit)
			if r.ContentLength < 0 {
				cost = limit
			}
			if !adm.enter(cost) {
				s.refused.Add(1)
				w.Header().Set("Retry-After", retryAfter)
				// The unread body is not worth reading: let the connection go with the answer.
				w.Header().Set("Connection", "close")
				plain(w, http.StatusServiceUnavailable, "overloaded, retry later")
				return
			}
			defer adm.leave(cost)
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("http handler panicked", "method", r.Method, "path", r.URL.Path, "panic", v)
				plain(w, http.StatusInternalServerError, "internal error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Refused is how many requests were turned away for overload (503) since the server was made.
func (s *Server) Refused() uint64 { return s.refused.Load() }

// probe reports whether r is a liveness, readiness or metrics request: those stay answered
// under overload, or a flood would also get the bot restarted or blind its monitoring.
func probe(r *http.Request) bool {
	if r.Method != http.MethodGet {
		return false
	}
	switch r.URL.Path {
	case "/healthz", "/readyz", "/metrics":
		return true
	}
	return false
}

// admission counts what is in flight against the two caps. Never blocking: a request that
// does not fit is refused at once, so overload costs a 503, not a queue that grows.
type admission struct {
	maxN     int64
	maxBytes int64
	n, bytes atomic.Int64
}

func newAdmission(maxN int, maxBytes int64) *admission {
	return &admission{maxN: int64(maxN), maxBytes: maxBytes}
}

// enter admits a request whose body may take cost bytes, or reports false and admits nothing.
// A single request larger than the whole byte budget is still admitted when nothing else is
// in flight, so a small budget cannot refuse every big-but-allowed body.
func (a *admission) enter(cost int64) bool {
	if n := a.n.Add(1); a.maxN > 0 && n > a.maxN {
		a.n.Add(-1)
		return false
	}
	if b := a.bytes.Add(cost); a.maxBytes > 0 && b > a.maxBytes && b != cost {
		a.bytes.Add(-cost)
		a.n.Add(-1)
		return false
	}
	return true
}

func (a *admission) leave(cost int64) {
	a.bytes.Add(-cost)
	a.n.Add(-1)
}

// readyz runs every check at once and answers 503 naming the failures. Reasons go to the log,
// not the body: an error can carry a DSN or a host name.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	failed, errs := s.failures(r.Context())
	for i, name := range failed {
		s.log.Warn("not ready", "check", name, "err", errs[i])
	}
	if len(failed) > 0 {
		plain(w, http.StatusServiceUnavailable, "not ready: "+strings.Join(failed, ", "))
		return
	}
	plain(w, http.StatusOK, "ok")
}

// NotReady is Ready's error: the checks that failed, by name, and why.
type NotReady struct {
	Checks []string
	Errs   []error
}

// Error names the failed checks and their reasons.
func (e *NotReady) Error() string {
	parts := make([]string, len(e.Checks))
	for i, c := range e.Checks {
		parts[i] = c + ": " + e.Errs[i].Error()
	}
	return "not ready: " + strings.Join(parts, "; ")
}

// Ready runs every readiness check as GET /readyz does and returns nil when all pass, else a
// *NotReady. The bot uses it to say "ready" in its log only when /readyz would.
func (s *Server) Ready(ctx context.Context) error {
	failed, errs := s.failures(ctx)
	if len(failed) > 0 {
		return &NotReady{Checks: failed, Errs: errs}
	}
	return nil
}

// failures runs every check at once (each within 2 s) and returns the names and errors of
// those that failed.
func (s *Server) failures(ctx context.Context) ([]string, []error) {
	s.mu.Lock()
	checks := append([]check(nil), s.checks...)
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	errs := make([]error, len(checks))
	var wg sync.WaitGroup
	for i, c := range checks {
		wg.Go(func() { errs[i] = run(ctx, c) })
	}
	wg.Wait()
	var names []string
	var failed []error
	for i, err := range errs {
		if err != nil {
			names = append(names, checks[i].name)
			failed = append(failed, err)
		}
	}
	return names, failed
}

// run calls a check, turning a panic or a check that ignores ctx into a failure.
func run(ctx context.Context, c check) (err error) {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				done <- fmt.Errorf("check panicked: %v", v)
			}
		}()
		done <- c.fn(ctx)
	}()
	select {
	case err = <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("check timed out: %w", ctx.Err())
	}
}

func plain(w http.ResponseWriter, code int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	fmt.Fprintln(w, body)
}
