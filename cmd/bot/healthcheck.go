package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/config"
)

// defaultHealthTimeout keeps `bot healthcheck` inside the 2 s a container healthcheck or a
// supervisor gives it, process start included.
const defaultHealthTimeout = 1500 * time.Millisecond

// healthcheckCmd is `bot healthcheck [--url URL] [--config FILE]`: exit 0 when the bot's
// /readyz answers 200, else 1. Images built FROM scratch have no curl, so the binary probes itself.
func healthcheckCmd(ctx context.Context, c *cli, args []string) error {
	fs, cfgPath := newFlagSet(c, "healthcheck", "healthcheck [--url URL] [--config FILE] [--timeout 1.5s]",
		`Asks a running bot whether it is ready (GET /readyz) and exits 0 when it answers 200, 1
otherwise (not ready, not listening, or no answer within --timeout), for a container
HEALTHCHECK or a supervisor. The address is --url, else the config's http.admin_listen when
set, else its http.listen (0.0.0.0 and :: are asked on loopback).`,
		`  bot healthcheck --config /etc/bigmodel-bot/config.yaml
  bot healthcheck --url http://127.0.0.1:9090/readyz`)
	rawURL := fs.String("url", "", "the readiness `URL` (http://host:port or a full URL; /readyz is added to a bare host:port)")
	timeout := fs.Duration("timeout", defaultHealthTimeout, "give up after this `DURATION`")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("healthcheck takes no arguments, got %q", rest[0])
	}
	if *timeout <= 0 {
		return usagef("--timeout must be positive, got %s", *timeout)
	}
	target := *rawURL
	if target != "" {
		if target, err = readyzURL(target); err != nil {
			return usagef("--url: %v", err)
		}
	} else {
		cfg, err := config.Load(*cfgPath)
		if err != nil {
			return printErrors(c.stderr, err)
		}
		if target, err = configReadyzURL(cfg); err != nil {
			return err
		}
	}
	if err := probeReady(ctx, target, *timeout); err != nil {
		fmt.Fprintf(c.stderr, "bot healthcheck: %v\n", err)
		return exitCode(1)
	}
	fmt.Fprintf(c.stdout, "ready: %s\n", target)
	return nil
}

// readyzURL completes a --url: a scheme-less host:port gets http://, a URL without a path /readyz.
func readyzURL(s string) (string, error) {
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("want http://host:port[/readyz], got %q", s)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/readyz"
	}
	return u.String(), nil
}

// configReadyzURL is where the configured bot answers /readyz: the admin listener when there is
// one, since the public listener then has no probes.
func configReadyzURL(cfg *config.Config) (string, error) {
	key, addr := "http.listen", cfg.HTTP.Listen
	if cfg.AdminHTTP() {
		key, addr = "http.admin_listen", cfg.HTTP.AdminListen
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("%s %q is not host:port", key, addr)
	}
	if port == "0" {
		return "", fmt.Errorf("%s asks for any free port (:0), so the port is not known: pass --url", key)
	}
	// A wildcard address is reachable on loopback, and loopback is where a healthcheck runs.
	switch ip := net.ParseIP(host); {
	case host == "" || (ip != nil && ip.IsUnspecified() && ip.To4() != nil):
		host = "127.0.0.1"
	case ip != nil && ip.IsUnspecified():
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/readyz", nil
}

// probeReady GETs target and returns nil on 200, else an error with the status and the first
// line of the body (which names the failing checks).
func probeReady(ctx context.Context, target string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("GET %s: %w", target, err)
	}
	// No proxy from the environment: the bot is local, and HTTP_PROXY in a container would
	// send the probe elsewhere.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("GET %s: no answer within %s", target, timeout)
		}
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // its text repeats the method and URL said here already
		}
		return fmt.Errorf("GET %s: %w", target, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		return nil
	}
	line, _ := bufio.NewReader(http.MaxBytesReader(nil, resp.Body, 4096)).ReadString('\n')
	return fmt.Errorf("GET %s: %s: %s", target, resp.Status, strings.TrimSpace(line))
}
