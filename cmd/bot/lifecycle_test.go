package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/config"
)

// probe is a fake component that records whether it saw the stop.
type probe struct {
	mu      sync.Mutex
	stopped []string
}

func (p *probe) waiter(name string) component {
	return component{name: name, run: func(ctx context.Context) error {
		<-ctx.Done()
		p.mu.Lock()
		p.stopped = append(p.stopped, name)
		p.mu.Unlock()
		return nil
	}}
}

func (p *probe) names() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := slices.Clone(p.stopped)
	slices.Sort(s)
	return s
}

func testApp() *app {
	return &app{log: slog.New(slog.NewTextHandler(io.Discard, nil)), stopGrace: config.DefaultDrainTimeout + stopMargin}
}

func TestRunStopsEverythingWhenOneEnds(t *testing.T) {
	boom := errors.New("invalid_auth")
	cases := []struct {
		name    string
		first   component
		wantErr string
	}{
		{"a failing component stops the bot with its error",
			component{name: "slack-socket", run: func(context.Context) error { return boom }}, "slack-socket: invalid_auth"},
		{"the console at end of input stops the bot cleanly",
			component{name: "console", foreground: true, run: func(context.Context) error { return nil }}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := &probe{}
			err := testApp().run(context.Background(), []component{tc.first, p.waiter("http"), p.waiter("quiz")})
			if got := errString(err); got != tc.wantErr {
				t.Errorf("run = %q, want %q", got, tc.wantErr)
			}
			if got := strings.Join(p.names(), ","); got != "http,quiz" {
				t.Errorf("stopped %q, want http,quiz", got)
			}
		})
	}
}

// logLines hands every log line to a channel, so a test can wait for what the bot says.
type logLines chan string

func (l logLines) Write(p []byte) (int, error) { l <- string(p); return len(p), nil }

func TestRunKeepsGoingWhenABackgroundComponentEnds(t *testing.T) {
	p := &probe{}
	logs := make(logLines, 16)
	a := testApp()
	a.log = slog.New(slog.NewTextHandler(logs, nil))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	comps := []component{
		{name: "warmup", run: func(context.Context) error { return nil }},
		p.waiter("http"),
	}
	errc := make(chan error, 1)
	go func() { errc <- a.run(ctx, comps) }()
	for line := range logs {
		if strings.Contains(line, "stopped by itself") {
			break
		}
	}
	if got := p.names(); len(got) != 0 {
		t.Errorf("a background component's end stopped %q", got)
	}
	cancel()
	go func() { // drain the stop messages
		for range logs {
		}
	}()
	if err := <-errc; err != nil {
		t.Errorf("run = %v", err)
	}
	close(logs) // run has returned: nothing logs any more
	if got := strings.Join(p.names(), ","); got != "http" {
		t.Errorf("stopped %q", got)
	}
}

func TestRunGivesUpOnAComponentThatIgnoresTheStop(t *testing.T) {
	a := testApp()
	a.stopGrace = 1 // the component below never returns, so any grace expires
	hang := make(chan struct{})
	defer close(hang)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := a.run(ctx, []component{{name: "stuck", run: func(context.Context) error { <-hang; return nil }}})
	if err == nil || !strings.Contains(err.Error(), "did not stop") {
		t.Errorf("run = %v", err)
	}
}

func TestRunWithNothingToRun(t *testing.T) {
	if err := testApp().run(context.Background(), nil); err == nil {
		t.Error("ran with no components")
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
