package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bigmodel-bot/bigmodel-bot/config"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// BenchmarkBuild is `bot run`'s start-up inside the process for the benchmark's set-up (both
// platforms over HTTP, an existing SQLite file): everything until the port is bound.
func BenchmarkBuild(b *testing.B) {
	b.Setenv("SLACK_SIGNING_SECRET", "bench-signing-secret")
	b.Setenv("DISCORD_PUBLIC_KEY", "f1b6a4bd1fa56ea5e4e71e9a8c3c0b4a2d3f7f3e6a9b1c2d3e4f5a6b7c8d9e0f")
	dsn := filepath.Join(b.TempDir(), "bot.db")
	cfg, err := config.Load("")
	if err != nil {
		b.Fatal(err)
	}
	cfg.HTTP.Listen, cfg.Store.DSN = "127.0.0.1:0", dsn
	for range b.N {
		a := newApp(&cli{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}, cfg, "text")
		if _, err := a.build(context.Background()); err != nil {
			b.Fatal(err)
		}
		a.close()
	}
}

// The start-up pieces on their own, to see where the time goes.
func BenchmarkStartupKnowledge(b *testing.B) {
	for range b.N {
		if _, err := knowledge.Embedded(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStartupIndex(b *testing.B) {
	base, err := knowledge.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		search.New(base)
	}
}

func BenchmarkStartupStore(b *testing.B) {
	dsn := filepath.Join(b.TempDir(), "bot.db")
	for range b.N {
		s, err := sqlite.Open(context.Background(), dsn)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
