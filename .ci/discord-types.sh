#!/bin/sh
# Installs TypeScript and discord-api-types (pinned in internal/tools/discordtypes/package-lock.json)
# for adapters/discord's TestWireBodies, which type-checks every body the adapter sends against
# Discord's own API types with tsc --strict. Needs node and npm (Debian's nodejs and npm when
# missing) and the npm registry. Idempotent: does nothing when they are installed already.
set -eu
dir="$(dirname "$0")/../internal/tools/discordtypes"
if [ -x "$dir/node_modules/typescript/bin/tsc" ] && [ -d "$dir/node_modules/discord-api-types" ]; then
	exit 0
fi
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
	sh "$(dirname "$0")/apt-install.sh" nodejs npm || { echo "discord-types.sh: installing node and npm failed" >&2; exit 1; }
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! (cd "$dir" && npm ci --no-audit --no-fund) >"$log" 2>&1; then
	cat "$log" >&2
	echo "discord-types.sh: npm ci in $dir failed" >&2
	exit 1
fi
