#!/bin/sh
# apt-install.sh PACKAGE...: installs Debian packages quietly (no recommends), as root or
# through sudo, printing apt's output only when it fails; exits non-zero then.
set -eu
SUDO=
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "$@"; } >"$log" 2>&1; then
	cat "$log" >&2
	exit 1
fi
