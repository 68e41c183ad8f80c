package main

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/server"
)

// The log says "bot ready" only while every /readyz check passes, and says so again after an
// outage, which it reports too.
func TestReadyLoggedOnlyWhenReady(t *testing.T) {
	var failing atomic.Bool
	failing.Store(true)
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	srv := server.New("127.0.0.1:0", log)
	srv.AddReadiness("store", func(context.Context) error {
		if failing.Load() {
			return errors.New("store cannot write")
		}
		return nil
	})
	a := &app{log: log, http: srv, admin: srv}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.watchReadiness(ctx, time.Now(), []any{"http", "x"}) }()
	wait := func(what string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(logs.String(), what) {
			if time.Now().After(deadline) {
				t.Fatalf("no %q in the log:\n%s", what, logs)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	wait(`msg="bot not ready yet"`)
	if strings.Contains(logs.String(), `msg="bot ready"`) {
		t.Fatalf("said ready while a check fails:\n%s", logs)
	}
	failing.Store(false)
	wait(`msg="bot ready" http=x`)
	failing.Store(true)
	wait(`msg="bot not ready" err="not ready: store: store cannot write"`)
	failing.Store(false)
	wait(`msg="bot ready" again=true`)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(logs.String(), `msg="bot not ready yet"`); n != 1 {
		t.Errorf("'not ready yet' logged %d times, want once:\n%s", n, logs)
	}
}
