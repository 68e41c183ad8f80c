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

if ! sh "$(dirname "$0")/apt-install.sh" postgresql; then
	echo "postgres.sh: installing postgresql failed" >&2
	exit 1
fi
have_initdb || { echo "postgres.sh: postgresql installed but initdb not found" >&2; exit 1; }
