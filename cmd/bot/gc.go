package main

import (
	"context"
	"log/slog"
	"os"
	"runtime/debug"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/config"
	"github.com/bigmodel-bot/bigmodel-bot/server"
)

// serveGCPercent is the garbage collector target while Slack or Discord requests arrive over HTTP. A slash command
// or interaction allocates ~10 KB on a live heap of a few MB, so the default (100) collects
// dozens of times a second under load and its assists show up in tail latency; 400 lets the
// heap grow to five times the live data instead (tens of MB), which halves GC work. It is
// never bare: the memory limit (runtime.memory_limit) caps that growth, so a flood cannot
// take the heap to five times a flood's worth of live data.
const serveGCPercent = 400

// tuneGC applies serveGCPercent unless the operator chose with GOGC.
func tuneGC(log *slog.Logger) {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	if old := debug.SetGCPercent(serveGCPercent); old != serveGCPercent {
		log.Debug("gc target raised for serving", "gogc", serveGCPercent)
	}
}

// tuneMemory sets the runtime's soft memory limit from runtime.memory_limit unless the
// operator chose with GOMEMLIMIT; it returns the limit in force (0: none).
func tuneMemory(cfg *config.Config, log *slog.Logger) int64 {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		if l := debug.SetMemoryLimit(-1); l != int64(^uint64(0)>>1) {
			return l
		}
		return 0
	}
	if cfg.Runtime.MemoryLimit <= 0 {
		return 0
	}
	debug.SetMemoryLimit(cfg.Runtime.MemoryLimit)
	log.Debug("memory limit set", "bytes", cfg.Runtime.MemoryLimit)
	return cfg.Runtime.MemoryLimit
}

// bodyMemory is the cap on request bodies in flight together: a quarter of the memory limit,
// leaving the rest to the bot's live data and the connections themselves.
func bodyMemory(limit int64) int64 {
	if limit <= 0 {
		return server.DefaultMaxBodyMemory
	}
	return max(limit/4, 2*server.DefaultMaxBodyBytes)
}

// reliefEvery is how often releaseAfterFloods looks at the refusal count.
const reliefEvery = 2 * time.Second

// releaseAfterFloods hands memory back to the system once an overload is over: the server
// refused requests (503) in one period and none in the next. With the raised GC target the
// runtime would otherwise keep a flood's worth of freed heap as its working size; one forced
// collection (milliseconds on the bot's heap) after the flood is cheap next to that.
func releaseAfterFloods(ctx context.Context, refused func() uint64, log *slog.Logger) error {
	t := time.NewTicker(reliefEvery)
	defer t.Stop()
	last, flooded := refused(), false
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		n := refused()
		switch {
		case n != last:
			flooded = true
		case flooded:
			flooded = false
			debug.FreeOSMemory()
			log.Info("overload over, memory handed back", "refused", n)
		}
		last = n
	}
}
