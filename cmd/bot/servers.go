package main

import (
	"log/slog"

	"github.com/bigmodel-bot/bigmodel-bot/config"
	"github.com/bigmodel-bot/bigmodel-bot/server"
)

// newServers makes the HTTP servers: with http.admin_listen, a public one for the platform
// webhooks and an admin one for /metrics, /healthz and /readyz; without it, one server that is
// both (admin == public), as before the admin listener existed.
func newServers(cfg *config.Config, log *slog.Logger) (public, admin *server.Server) {
	if !cfg.AdminHTTP() {
		s := server.New(cfg.HTTP.Listen, log)
		return s, s
	}
	admin = server.New(cfg.HTTP.AdminListen, log.With("listener", "admin"))
	return server.NewWebhooks(cfg.HTTP.Listen, log, admin), admin
}

// listener is one HTTP server to bind and run, with the config key that names its address.
type listener struct {
	name, key string
	srv       *server.Server
}

// listeners are the servers build binds. The public one is left out when only the admin
// listener was asked for (Socket Mode or the gateway with http.admin_listen): it would serve
// nothing, and an unexpected open port is worse than none.
func (a *app) listeners() []listener {
	var ls []listener
	if a.http != nil && a.cfg.HTTPNeeded() {
		ls = append(ls, listener{"http", "http.listen", a.http})
	}
	if a.admin != nil && a.admin != a.http {
		ls = append(ls, listener{"http-admin", "http.admin_listen", a.admin})
	}
	return ls
}

// publicAddr is where the webhooks are served for the start-up log: "off" when no public
// listener was bound.
func publicAddr(a *app) string {
	if a.http == nil || !a.cfg.HTTPNeeded() {
		return "off"
	}
	return a.http.Addr()
}

// adminAddr is where the probes are served for the start-up log: "off" without HTTP, the
// public address when there is no admin listener.
func adminAddr(a *app) string {
	if a.admin == nil {
		return "off"
	}
	return a.admin.Addr()
}
