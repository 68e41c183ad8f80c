#!/bin/sh
# Installs buildah from Debian's packages so that deploy/'s image test builds the container
# image (see deploy/image_test.go; it skips when neither buildah nor podman is there).
# Idempotent and quiet. Measured here: the install takes about 21 s from Debian's mirror; the
# image test then compiles the static binary, about 4 minutes of CPU from a cold build cache
# (6 min wall on 2 busy cores). BOT_CI_NO_IMAGE=1 skips the install, and so the image test.
set -eu

if [ "${BOT_CI_NO_IMAGE:-}" = 1 ] || command -v buildah >/dev/null 2>&1 || command -v podman >/dev/null 2>&1; then
	exit 0
fi

if ! sh "$(dirname "$0")/apt-install.sh" buildah; then
	echo "buildah.sh: installing buildah failed; the image test will skip" >&2
	exit 0
fi
