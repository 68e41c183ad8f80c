#!/bin/sh
# Installs Debian's Chromium, which cmd/bot's TestAdminPagesInABrowser drives headless
# (through chromedp). Idempotent and quiet: does nothing when chromium is already there.
set -eu
if command -v chromium >/dev/null 2>&1; then
	exit 0
fi
if ! sh "$(dirname "$0")/apt-install.sh" chromium; then
	echo "chromium.sh: installing chromium failed" >&2
	exit 1
fi
command -v chromium >/dev/null 2>&1 || { echo "chromium.sh: chromium installed but not on PATH" >&2; exit 1; }
