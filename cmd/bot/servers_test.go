package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func httpPost(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// http.admin_listen moves /metrics, /healthz and /readyz off the public listener, which keeps
// only the platform webhooks.
func TestAdminListenerSplitsProbesFromWebhooks(t *testing.T) {
	cleanEnv(t)
	t.Setenv("SLACK_SIGNING_SECRET", "s")
	t.Setenv("DISCORD_PUBLIC_KEY", "f1b6a4bd1fa56ea5e4e71e9a8c3c0b4a2d3f7f3e6a9b1c2d3e4f5a6b7c8d9e0f")
	a, out := startApp(t, "http:\n  listen: 127.0.0.1:0\n  admin_listen: 127.0.0.1:0\nstore:\n  dsn: ':memory:'\n",
		strings.NewReader(""))
	if a.admin == nil || a.admin == a.http {
		t.Fatalf("no separate admin server:\n%s", out.String())
	}
	public, admin := "http://"+a.http.Addr(), "http://"+a.admin.Addr()
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		if code, _ := httpGet(t, public+path); code != http.StatusNotFound {
			t.Errorf("public GET %s = %d, want 404", path, code)
		}
	}
	for _, path := range []string{"/slack/events", "/discord/interactions"} {
		// Unsigned, so refused, but by the adapter: the route is there.
		if code := httpPost(t, public+path); code != http.StatusUnauthorized {
			t.Errorf("public POST %s unsigned = %d, want 401", path, code)
		}
		if code := httpPost(t, admin+path); code != http.StatusNotFound {
			t.Errorf("admin POST %s = %d, want 404", path, code)
		}
	}
	if code, body := httpGet(t, admin+"/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("admin /healthz = %d %q", code, body)
	}
	if code, body := httpGet(t, admin+"/readyz"); code != 200 {
		t.Errorf("admin /readyz = %d %q\n%s", code, body, out.String())
	}
	if code, body := httpGet(t, admin+"/metrics"); code != 200 || !strings.Contains(body, "bigmodel_query_report_dropped_total") {
		t.Errorf("admin /metrics = %d, %d bytes", code, len(body))
	}
	if !strings.Contains(out.String(), "admin="+a.admin.Addr()) {
		t.Errorf("the ready line does not say where the admin listener is:\n%s", out.String())
	}
}

// The admin listener alone (no platform over HTTP, http.listen not set) opens no public port.
func TestAdminListenerAloneOpensNoPublicPort(t *testing.T) {
	cleanEnv(t)
	in, feed := io.Pipe()
	defer feed.Close()
	a, out := startApp(t, "http:\n  admin_listen: 127.0.0.1:0\nstore:\n  dsn: ':memory:'\nlog:\n  level: info\n", in)
	if a.admin == nil {
		t.Fatal("no admin server")
	}
	for _, l := range a.listeners() {
		if l.name == "http" {
			t.Errorf("public listener bound at %s with nothing to serve", l.srv.Addr())
		}
	}
	if code, body := httpGet(t, "http://"+a.admin.Addr()+"/readyz"); code != 200 {
		t.Errorf("admin /readyz = %d %q", code, body)
	}
	if !strings.Contains(out.String(), "http=off") {
		t.Errorf("ready line:\n%s", out.String())
	}
}
