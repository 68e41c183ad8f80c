package main

import (
	"log/slog"
	"os"
	"runtime/debug"
)

// serveGCPercent is the garbage collector target while Slack or Discord requests arrive over HTTP. A slash command
// or interaction allocates ~10 KB on a live heap of a few MB, so the default (100) collects
// dozens of times a second under load and its assists show up in tail latency; 400 lets the
// heap grow to five times the live data instead (tens of MB), which halves GC work.
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
