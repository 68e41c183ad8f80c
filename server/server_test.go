package server

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/metrics"
)

func get(t *testing.T, h http.Handler, method, path, body string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
	return rec.Code, rec.Body.String()
}

func TestHealthz(t *testing.T) {
	s := New("127.0.0.1:0", nil)
	s.AddReadiness("store", func(context.Context) error { return errors.New("down") })
	code, body := get(t, s.Handler(), "GET", "/healthz", "")
	if code != 200 || body != "ok\n" {
		t.Errorf("GET /healthz = %d %q; liveness must not depend on readiness", code, body)
	}
}

func TestReadyz(t *testing.T) {
	ok := func(context.Context) error { return nil }
	fail := func(context.Context) error { return errors.New("dial postgres://u:pw@db: refused") }
	panics := func(context.Context) error { panic("boom") }
	cases := []struct {
		name     string
		checks   map[string]func(context.Context) error
		wantCode int
		want     []string
		notWant  []string
	}{
		{"no checks", nil, 200, []string{"ok"}, nil},
		{"all pass", map[string]func(context.Context) error{"store": ok, "slack": ok}, 200, []string{"ok"}, nil},
		{"one fails", map[string]func(context.Context) error{"store": fail, "slack": ok}, 503,
			[]string{"not ready: store"}, []string{"slack", "pw@db"}},
		{"two fail", map[string]func(context.Context) error{"store": fail, "discord": fail}, 503,
			[]string{"store", "discord"}, nil},
		{"a panicking check fails instead of crashing", map[string]func(context.Context) error{"knowledge": panics}, 503,
			[]string{"not ready: knowledge"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := New("127.0.0.1:0", nil)
			for name, fn := range tc.checks {
				s.AddReadiness(name, fn)
			}
			code, body := get(t, s.Handler(), "GET", "/readyz", "")
			if code != tc.wantCode {
				t.Errorf("code = %d, want %d (%q)", code, tc.wantCode, body)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("body %q lacks %q", body, w)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(body, w) {
					t.Errorf("body %q shows %q", body, w)
				}
			}
		})
	}
}

func TestReadyzCheckThatHangsFails(t *testing.T) {
	s := New("127.0.0.1:0", nil)
	block := make(chan struct{})
	defer close(block)
	s.AddReadiness("gateway", func(context.Context) error { <-block; return nil }) // ignores ctx
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the probe's deadline has passed: no real waiting in the test
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil).WithContext(ctx))
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), "gateway") {
		t.Errorf("hung check: %d %q", rec.Code, rec.Body.String())
	}
}

func TestRoutesBodyCapAndPanics(t *testing.T) {
	s := New("127.0.0.1:0", nil)
	s.MaxBodyBytes = 16
	s.Handle("POST /echo", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		}
		w.Write(b)
	}))
	s.Handle("GET /boom", http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("adapter bug") }))
	h := s.Handler()
	if code, body := get(t, h, "POST", "/echo", "small"); code != 200 || body != "small" {
		t.Errorf("small body: %d %q", code, body)
	}
	if code, _ := get(t, h, "POST", "/echo", strings.Repeat("x", 17)); code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d, want 413", code)
	}
	if code, _ := get(t, h, "GET", "/boom", ""); code != 500 {
		t.Errorf("panicking handler: %d, want 500", code)
	}
	if code, _ := get(t, h, "GET", "/echo", ""); code != http.StatusMethodNotAllowed {
		t.Errorf("GET on a POST route: %d, want 405", code)
	}
	if code, _ := get(t, h, "GET", "/nope", ""); code != 404 {
		t.Errorf("unknown path: %d, want 404", code)
	}
}

func TestMetricsRoute(t *testing.T) {
	s := New("127.0.0.1:0", nil)
	s.Handle("GET /metrics", metrics.New().Handler())
	code, body := get(t, s.Handler(), "GET", "/metrics", "")
	if code != 200 || !strings.Contains(body, "go_goroutines") {
		t.Errorf("GET /metrics = %d, %d bytes", code, len(body))
	}
}

func TestRunServesOnLoopbackAndShutsDownGracefully(t *testing.T) {
	s := New("127.0.0.1:0", nil)
	started, release := make(chan struct{}), make(chan struct{})
	s.Handle("GET /slow", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		close(started)
		<-release
		w.Write([]byte("done"))
	}))
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	runErr := make(chan error, 1)
	go func() { runErr <- s.Run(ctx) }()
	base := "http://" + s.Addr()

	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("healthz over the network = %d", resp.StatusCode)
	}

	slow := make(chan string, 1)
	go func() {
		resp, err := http.Get(base + "/slow")
		if err != nil {
			slow <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		slow <- string(b)
	}()
	<-started
	cancel() // shut down while a request is in flight
	close(release)
	if got := <-slow; got != "done" {
		t.Errorf("in-flight request = %q, want it to finish", got)
	}
	if err := <-runErr; err != nil {
		t.Errorf("Run after cancel = %v, want nil", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

func TestRunReportsPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	err = New(ln.Addr().String(), nil).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), ln.Addr().String()) {
		t.Errorf("Run on a taken port = %v", err)
	}
}

// BenchmarkHandler is the server's own cost per request (body cap, panic guard, routing) on top
// of an adapter's handler.
func BenchmarkHandler(b *testing.B) {
	s := New("127.0.0.1:0", nil)
	s.Handle("POST /slack/events", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
	}))
	h := s.Handler()
	body := strings.Repeat("x", 512)
	b.ReportAllocs()
	for range b.N {
		req := httptest.NewRequest("POST", "/slack/events", strings.NewReader(body))
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
}
