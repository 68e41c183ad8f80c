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

// Server is the HTTP server. Mount routes and readiness checks, then Run.
type Server struct {
	addr string
	log  *slog.Logger
	mux  *http.ServeMux
	// MaxBodyBytes caps every request body; set before Run.
	MaxBodyBytes int64

	mu     sync.Mutex
	checks []check
	ln     net.Listener

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
	return &Server{addr: addr, log: logger, mux: http.NewServeMux(), MaxBodyBytes: DefaultMaxBodyBytes}
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

// Handler is the full handler chain, for tests and embedding: every request body capped at
// MaxBodyBytes, a panicking handler answered with 500 instead of a dropped connection, then the
// routes. One wrapper for both keeps the per-request cost to a closure call.
func (s *Server) Handler() http.Handler {
	next, limit := s.mux, s.MaxBodyBytes
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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

// readyz runs every check at once and answers 503 naming the failures. Reasons go to the log,
// not the body: an error can carry a DSN or a host name.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	checks := append([]check(nil), s.checks...)
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	errs := make([]error, len(checks))
	var wg sync.WaitGroup
	for i, c := range checks {
		wg.Go(func() { errs[i] = run(ctx, c) })
	}
	wg.Wait()
	var failed []string
	for i, err := range errs {
		if err != nil {
			failed = append(failed, checks[i].name)
			s.log.Warn("not ready", "check", checks[i].name, "err", err)
		}
	}
	if len(failed) > 0 {
		plain(w, http.StatusServiceUnavailable, "not ready: "+strings.Join(failed, ", "))
		return
	}
	plain(w, http.StatusOK, "ok")
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
