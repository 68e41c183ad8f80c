#!/bin/sh
# Installs the PostgreSQL server binaries that store/postgres's tests start (see
# store/postgres/pgtest). Idempotent and quiet: does nothing when initdb is already there.
set -eu

have_initdb() {
	command -v initdb >/dev/null 2>&1 && return 0
	for f in /usr/lib/postgresql/*/bin/initdb; do
		[ -x "$f" ] && return 0
	done
	return 1
}

if have_initdb; then
	exit 0
fi

SUDO=
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends postgresql; } >"$log" 2>&1; then
	cat "$log" >&2
	echo "postgres.sh: installing postgresql failed" >&2
	exit 1
fi
have_initdb || { echo "postgres.sh: postgresql installed but initdb not found" >&2; exit 1; }
