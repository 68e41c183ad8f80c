package server

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

// With an admin listener the public server serves only the webhooks, and a readiness check
// added through it shows on the admin server's /readyz.
func TestWebhooksServerLeavesProbesToTheAdminServer(t *testing.T) {
	admin := New("127.0.0.1:0", nil)
	admin.Handle("GET /metrics", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("m")) }))
	public := NewWebhooks("127.0.0.1:0", nil, admin)
	public.Handle("POST /slack/events", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ev")) }))
	public.AddReadiness("slack", func(context.Context) error { return errors.New("socket down") })

	cases := []struct {
		name         string
		h            http.Handler
		method, path string
		want         int
	}{
		{"webhook on public", public.Handler(), "POST", "/slack/events", 200},
		{"no healthz on public", public.Handler(), "GET", "/healthz", 404},
		{"no readyz on public", public.Handler(), "GET", "/readyz", 404},
		{"no metrics on public", public.Handler(), "GET", "/metrics", 404},
		{"healthz on admin", admin.Handler(), "GET", "/healthz", 200},
		{"readyz on admin sees the public check", admin.Handler(), "GET", "/readyz", 503},
		{"metrics on admin", admin.Handler(), "GET", "/metrics", 200},
		{"no webhook on admin", admin.Handler(), "POST", "/slack/events", 404},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if code, body := get(t, tc.h, tc.method, tc.path, ""); code != tc.want {
				t.Errorf("%s %s = %d %q, want %d", tc.method, tc.path, code, body, tc.want)
			}
		})
	}
}
