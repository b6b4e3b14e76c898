#!/usr/bin/env bash
# Builds Drydock's own container image offline, on drydock-base/python:3.11 (scripts/build-base-images.sh assembles
# it from this machine's files): drydock published self-contained and ReadyToRun (scripts/publish.sh), shellcheck, and
# Debian's docker-compose with the Python packages it imports, each with the libraries ldd names. Runs as user app
# (1000). The image reference (drydock:<version>, also tagged drydock:latest) is the last line of stdout; progress
# goes to stderr.
#
#   docker run --rm -v "$PWD:/work:ro" "$(scripts/build-drydock-image.sh | tail -n 1)" check .
#
# Usage: scripts/build-drydock-image.sh [--tag NAME]   (NAME defaults to drydock)
set -euo pipefail

log() { echo "build-drydock-image: $*" >&2; }
die() { echo "build-drydock-image: error: $*" >&2; exit 2; }

NAME=drydock
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) [ $# -ge 2 ] || die "--tag needs a name"; NAME="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v docker >/dev/null || die "docker is not on PATH; run scripts/setup-engine.sh first."
command -v shellcheck >/dev/null || die "shellcheck is missing; run scripts/setup-engine.sh first."
command -v docker-compose >/dev/null || die "docker-compose is missing; run scripts/setup-engine.sh first."
bash "$ROOT/scripts/build-base-images.sh" busybox python

WORK="$(mktemp -d "${TMPDIR:-/tmp}/drydock-image.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
ROOTFS="$WORK/rootfs"
mkdir -p "$ROOTFS/opt" "$ROOTFS/usr/bin" "$ROOTFS/usr/lib/python3" "$ROOTFS/work"

bash "$ROOT/scripts/publish.sh" --output "$WORK/publish" linux-x64
mkdir -p "$ROOTFS/opt/drydock"
cp "$WORK/publish/linux-x64/drydock" "$ROOTFS/opt/drydock/drydock"
VERSION="$("$ROOTFS/opt/drydock/drydock" --version)"

# Copies files to the same path in the image with the libraries ldd names for them (glibc is in the base already;
# copying it again is harmless).
add_with_libraries() {
  local file library
  for file in "$@"; do
    while read -r library; do
      if [ -z "$library" ] || [ ! -e "$library" ]; then continue; fi
      mkdir -p "$ROOTFS$(dirname "$library")"
      cp -L "$library" "$ROOTFS$library"
    done < <(ldd "$file" 2>/dev/null | awk '/=>/ && $3 ~ /^\// { print $3 }')
  done
}
cp -L "$(command -v shellcheck)" "$ROOTFS/usr/bin/shellcheck"
add_with_libraries "$(command -v shellcheck)" "$ROOTFS/opt/drydock/drydock"
# docker-compose 1.29 is a Python program: its entry script, and Debian's dist-packages it imports (with their
# extension modules' libraries). The interpreter must be Debian's, as in the base image.
cp /usr/bin/docker-compose "$ROOTFS/usr/bin/docker-compose"
cp -a /usr/lib/python3/dist-packages "$ROOTFS/usr/lib/python3/"
mapfile -t extensions < <(find "$ROOTFS/usr/lib/python3/dist-packages" -name '*.so')
if [ "${#extensions[@]}" -gt 0 ]; then add_with_libraries "${extensions[@]}"; fi

cp "$ROOT/scripts/drydock-image/Dockerfile" "$WORK/Dockerfile"
SOURCE="$(dotnet msbuild "$ROOT/src/Drydock.Cli" -getProperty:RepositoryUrl -nologo)"
log "building $NAME:$VERSION"
docker build --quiet --build-arg "VERSION=$VERSION" --build-arg "SOURCE=$SOURCE" \
  -t "$NAME:$VERSION" -t "$NAME:latest" "$WORK" >/dev/null
log "built $NAME:$VERSION ($(docker image inspect --format '{{.Size}}' "$NAME:$VERSION" | awk '{ printf "%.1f MB", $1 / 1000000 }'))"
echo "$NAME:$VERSION"
