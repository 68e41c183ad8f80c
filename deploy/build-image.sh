#!/bin/sh
# Builds the bigmodel-bot container image (deploy/Containerfile) with podman, buildah or
# docker, whichever is installed (BOT_IMAGE_TOOL=podman|buildah|docker picks one).
#
#   deploy/build-image.sh [IMAGE]            default IMAGE: localhost/bigmodel-bot:latest
#
# The binary is compiled here on the host, static (CGO_ENABLED=0), and copied into the image:
# the build pulls no base image, so it works without access to an image registry. The image is
# written in Docker format, because the OCI format has no HEALTHCHECK.
# Environment: GOARCH (default: the host's) builds for another architecture; BOT_CA_BUNDLE
# names the CA certificates to copy (default: the host's bundle).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
image=${1:-localhost/bigmodel-bot:latest}

tool=${BOT_IMAGE_TOOL:-}
if [ -z "$tool" ]; then
	for t in podman buildah docker; do
		if command -v "$t" >/dev/null 2>&1; then
			tool=$t
			break
		fi
	done
fi
if [ -z "$tool" ]; then
	echo "build-image.sh: none of podman, buildah or docker is installed (Debian: apt-get install podman, or buildah)" >&2
	exit 1
fi

ca=${BOT_CA_BUNDLE:-}
if [ -z "$ca" ]; then
	for f in /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt /etc/ssl/cert.pem; do
		if [ -f "$f" ]; then
			ca=$f
			break
		fi
	done
fi
if [ -z "$ca" ] || [ ! -s "$ca" ]; then
	echo "build-image.sh: no CA certificate bundle found (install ca-certificates, or set BOT_CA_BUNDLE)" >&2
	exit 1
fi

ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT INT TERM

echo "build-image.sh: compiling the static binary" >&2
(cd "$root" && CGO_ENABLED=0 GOOS=linux GOARCH="${GOARCH:-$(go env GOARCH)}" \
	go build -trimpath -ldflags='-s -w' -o "$ctx/bot" ./cmd/bot)
cp "$ca" "$ctx/ca-certificates.crt"
cp "$root/deploy/image/passwd" "$root/deploy/image/group" "$root/deploy/image/config.yaml" "$ctx/"
mkdir "$ctx/data"
cp "$root/deploy/Containerfile" "$ctx/Containerfile"

echo "build-image.sh: building $image with $tool" >&2
case $tool in
podman | buildah)
	# --layers=false: no cached image per step is left behind; the steps are only COPYs.
	"$tool" build --format docker --layers=false --file "$ctx/Containerfile" --tag "$image" "$ctx"
	;;
docker)
	docker build --file "$ctx/Containerfile" --tag "$image" "$ctx"
	;;
*)
	echo "build-image.sh: BOT_IMAGE_TOOL must be podman, buildah or docker, not $tool" >&2
	exit 1
	;;
esac
echo "$image"
