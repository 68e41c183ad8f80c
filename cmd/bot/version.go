package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
)

func versionCmd(_ context.Context, c *cli, args []string) error {
	fs, _ := newFlagSet(c, "version", "version", "Prints the module version, the source revision it was built from and the Go version.", "")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, versionLine())
	return nil
}

// versionLine describes the build: "bigmodel-bot v1.2.0 (rev 0123abcd, 2026-11-28T21:00:00Z) go1.26.8".
func versionLine() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "bigmodel-bot (no build information)"
	}
	var rev, at string
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	var b strings.Builder
	b.WriteString("bigmodel-bot " + info.Main.Version)
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		b.WriteString(" (rev " + rev)
		if dirty {
			b.WriteString(", modified")
		}
		if at != "" {
			b.WriteString(", " + at)
		}
		b.WriteString(")")
	}
	b.WriteString(" " + info.GoVersion)
	return b.String()
}
