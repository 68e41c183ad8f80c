#!/bin/sh
# Installs TypeScript, discord-api-types and @slack/types (pinned in internal/tools/apitypes/package-lock.json)
# for the adapters' wire tests, which type-check what they send against the platforms'
# own API types with tsc --strict. Needs node and npm (Debian's nodejs and npm when
# missing) and the npm registry. Idempotent: does nothing when they are installed already.
set -eu
dir="$(dirname "$0")/../internal/tools/apitypes"
if [ -x "$dir/node_modules/typescript/bin/tsc" ] && [ -d "$dir/node_modules/discord-api-types" ] && [ -d "$dir/node_modules/@slack/types" ]; then
	exit 0
fi
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
	sh "$(dirname "$0")/apt-install.sh" nodejs npm || { echo "api-types.sh: installing node and npm failed" >&2; exit 1; }
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! (cd "$dir" && npm ci --no-audit --no-fund) >"$log" 2>&1; then
	cat "$log" >&2
	echo "api-types.sh: npm ci in $dir failed" >&2
	exit 1
fi
