#!/usr/bin/env bash
# Assembles the base images the examples and tests use from this machine's own files, since no public registry is
# reachable: each is FROM scratch (or another drydock-base image) plus a root filesystem staged here.
# Each image is labelled with a hash of its inputs and rebuilt only when they change. Idempotent.
#
#   drydock-base/busybox:1.35    busybox-static, drydock-probe (health checks), users root, app (1000), redis (999), nobody
#   drydock-base/redis:7.0       + Debian's redis-server and redis-cli with their ldd libraries
#   drydock-base/aspnet:10.0     + the installed .NET and ASP.NET Core runtimes with their libraries
#   drydock-base/dotnet-sdk:10.0 + the installed .NET SDK and targeting packs (offline builds; no NuGet access)
#   drydock-base/python:3.11     + Debian's /usr/bin/python3.11 and /usr/lib/python3.11 (no tests, IDLE, Tk, ensurepip)
#   drydock-base/postgres:15     + Debian's PostgreSQL 15 server and clients (initdb on first start; user postgres, 70)
#   drydock-base/nginx:1.22      + Debian's nginx, configured to run as a non-root user on a high port
#   drydock-base/prometheus:2.42 + Debian's prometheus and promtool (user nobody)
#   drydock-base/alertmanager:0.25 + Debian's prometheus-alertmanager and amtool (user nobody)
#
# Usage: scripts/build-base-images.sh [--force] [NAME...]
#   NAME: busybox, redis, aspnet, dotnet-sdk, python, postgres, nginx, prometheus, alertmanager
set -euo pipefail

log() { echo "build-base-images: $*" >&2; }
die() { echo "build-base-images: error: $*" >&2; exit 1; }

FORCE=0
WANTED=()
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) WANTED+=("$arg") ;;
  esac
done

command -v docker >/dev/null || die "docker is not on PATH; run scripts/setup-engine.sh first."
docker version >/dev/null 2>&1 || die "the Docker engine does not answer; run scripts/setup-engine.sh first."

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/drydock-base.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
DOTNET_ROOT_DIR="$(dirname "$(readlink -f "$(command -v dotnet)")")"
BUSYBOX="$(command -v busybox || true)"
# Never pipe into a reader that stops early (grep -q, head, awk's exit): under pipefail the writer's SIGPIPE (141)
# fails the pipeline now and then. Capture first, then match (tests/Drydock.Tests/Scripts guards the class).
[ -n "$BUSYBOX" ] && [[ "$(file -L "$BUSYBOX" 2>/dev/null || true)" == *"statically linked"* ]] || BUSYBOX=/bin/busybox

wanted() {
  [ "${#WANTED[@]}" -eq 0 ] && return 0
  local name
  for name in "${WANTED[@]}"; do [ "$name" = "$1" ] && return 0; done
  return 1
}

# Copies every library ldd names for the given files (dereferenced, at the path the loader looks for) into a rootfs,
# including the loader itself.
add_libraries_of() {
  local rootfs="$1"; shift
  local file library
  for file in "$@"; do
    while read -r library; do
      [ -n "$library" ] && [ -e "$library" ] || continue
      mkdir -p "$rootfs$(dirname "$library")"
      [ -e "$rootfs$library" ] || cp -L --preserve=timestamps "$library" "$rootfs$library"
    done < <(ldd "$file" 2>/dev/null | awk '/=>/ && $3 ~ /^\// { print $3 } /ld-linux/ && !/=>/ { print $1 }')
  done
}

# Copies binaries to the same path in the rootfs, with their libraries.
add_binaries() {
  local rootfs="$1"; shift
  local binary
  for binary in "$@"; do
    mkdir -p "$rootfs$(dirname "$binary")"
    cp -p "$binary" "$rootfs$binary"
  done
  add_libraries_of "$rootfs" "$@"
}

# A stable fingerprint of a staged directory: paths, sizes, modes and content hashes of small files;
# large files (runtimes, SDKs) by size and mtime, which is enough to notice an upgrade.
fingerprint() {
  local dir="$1"
  (cd "$dir" && find . -printf '%p %s %m %y %l\n' | LC_ALL=C sort && \
    find . -type f -size -512k -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum && \
    find . -type f -size +511k -printf '%p %s %T@\n' | LC_ALL=C sort) | sha256sum | cut -d' ' -f1
}

# build NAME TAG CONTEXT: builds when the inputs hash differs from the label on the existing image.
build() {
  local name="$1" tag="$2" context="$3"
  local hash current
  hash="$( (fingerprint "$context"; cat "$context/Dockerfile"; docker image inspect --format '{{.Id}}' "$(awk '/^FROM/ && $2 != "scratch" { print $2; exit }' "$context/Dockerfile")" 2>/dev/null || true) | sha256sum | cut -d' ' -f1)"
  current="$(docker image inspect --format '{{ index .Config.Labels "io.drydock.base.inputs" }}' "$tag" 2>/dev/null || true)"
  if [ "$FORCE" -eq 0 ] && [ "$current" = "$hash" ]; then
    log "$tag: up to date"
    return
  fi
  log "$tag: building${current:+ (inputs changed)}"
  local started=$SECONDS
  docker build --quiet --label "io.drydock.base.inputs=$hash" --label "io.drydock.base=$name" -t "$tag" "$context" >/dev/null 2> >(grep -v -e DEPRECATED -e "legacy builder" -e buildx -e "^\s*$" -e "docs.docker.com" >&2)
  log "$tag: built in $((SECONDS - started)) s ($(docker image inspect --format '{{.Size}}' "$tag" | awk '{ printf "%.1f MB", $1 / 1000000 }'))"
}

stage_busybox() {
  local context="$WORK/busybox" rootfs="$WORK/busybox/rootfs"
  mkdir -p "$rootfs"/{bin,etc,tmp,root,home/app,data,usr/bin,var/run}
  cp -p "$BUSYBOX" "$rootfs/bin/busybox"
  local applet
  for applet in $("$BUSYBOX" --list); do
    [ "$applet" = "busybox" ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  ln -sf ../../bin/env "$rootfs/usr/bin/env"
  # Health checks use our own static probe: busybox wget crashes in a bare image, busybox nc hangs up too early.
  command -v gcc >/dev/null || die "gcc is missing (it builds drydock-probe): run scripts/setup-engine.sh."
  gcc -static -Os -s -Wall -Wextra -Werror -o "$rootfs/bin/drydock-probe" "$HERE/base-images/probe.c"
  touch -d @0 "$rootfs/bin/drydock-probe"
  cp "$HERE/base-images/passwd" "$rootfs/etc/passwd"
  cp "$HERE/base-images/group" "$rootfs/etc/group"
  printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
  chmod 1777 "$rootfs/tmp"
  chmod 0700 "$rootfs/root"
  chown 1000:1000 "$rootfs/home/app"
  chown 999:999 "$rootfs/data"
  cp "$HERE/base-images/busybox.Dockerfile" "$context/Dockerfile"
}

stage_redis() {
  local context="$WORK/redis" rootfs="$WORK/redis/rootfs"
  mkdir -p "$rootfs"
  # Debian's redis-server is a link to redis-check-rdb (one binary that dispatches on its name): copy it as redis-server.
  mkdir -p "$rootfs/usr/bin"
  cp -L --preserve=timestamps "$(command -v redis-server)" "$rootfs/usr/bin/redis-server"
  cp -L --preserve=timestamps "$(command -v redis-cli)" "$rootfs/usr/bin/redis-cli"
  add_libraries_of "$rootfs" "$(command -v redis-server)" "$(command -v redis-cli)"
  cp "$HERE/base-images/redis.Dockerfile" "$context/Dockerfile"
}

stage_aspnet() {
  local context="$WORK/aspnet" rootfs="$WORK/aspnet/rootfs"
  local target="$rootfs/usr/share/dotnet"
  mkdir -p "$target/shared"
  cp -a "$DOTNET_ROOT_DIR/dotnet" "$DOTNET_ROOT_DIR/host" "$DOTNET_ROOT_DIR/LICENSE.txt" "$target/"
  cp -a "$DOTNET_ROOT_DIR/shared/Microsoft.NETCore.App" "$DOTNET_ROOT_DIR/shared/Microsoft.AspNetCore.App" "$target/shared/"
  # Libraries of the host and of every native module of the runtimes (host paths: ldd must see the real files).
  add_libraries_of "$rootfs" "$DOTNET_ROOT_DIR/dotnet" $(find "$DOTNET_ROOT_DIR/host" "$DOTNET_ROOT_DIR/shared/Microsoft.NETCore.App" "$DOTNET_ROOT_DIR/shared/Microsoft.AspNetCore.App" -name '*.so' -print)
  cp "$HERE/base-images/aspnet.Dockerfile" "$context/Dockerfile"
}

stage_sdk() {
  local context="$WORK/dotnet-sdk" rootfs="$WORK/dotnet-sdk/rootfs"
  local target="$rootfs/usr/share/dotnet"
  mkdir -p "$target"
  # Hard links when /tmp shares the file system with the SDK: staging 600 MB then costs nothing.
  cp -al "$DOTNET_ROOT_DIR/sdk" "$DOTNET_ROOT_DIR/sdk-manifests" "$DOTNET_ROOT_DIR/packs" "$target/" 2>/dev/null || \
    cp -a "$DOTNET_ROOT_DIR/sdk" "$DOTNET_ROOT_DIR/sdk-manifests" "$DOTNET_ROOT_DIR/packs" "$target/"
  # NuGet and the SDK's crypto load OpenSSL at run time (dlopen), so ldd cannot see it: add it explicitly.
  local openssl
  for openssl in /usr/lib/x86_64-linux-gnu/libssl.so.3 /usr/lib/x86_64-linux-gnu/libcrypto.so.3; do
    [ -e "$openssl" ] || die "$openssl is missing: apt-get install libssl3"
    mkdir -p "$rootfs/lib/x86_64-linux-gnu"
    cp -L --preserve=timestamps "$openssl" "$rootfs/lib/x86_64-linux-gnu/"
    add_libraries_of "$rootfs" "$openssl"
  done
  mkdir -p "$rootfs/root/.nuget/packages" "$rootfs/src"
  cp "$HERE/base-images/dotnet-sdk.Dockerfile" "$context/Dockerfile"
}

stage_python() {
  local context="$WORK/python" rootfs="$WORK/python/rootfs"
  # Debian's interpreter, not whatever python3.11 is first on PATH (pyenv): its prefix is /usr, so it finds
  # /usr/lib/python3.11 in the image exactly as on this machine.
  local python=/usr/bin/python3.11 stdlib=/usr/lib/python3.11
  [ -x "$python" ] && [ -d "$stdlib" ] || die "$python is missing: apt-get install python3.11-minimal libpython3.11-stdlib"
  mkdir -p "$rootfs/usr/lib" "$rootfs/usr/local/lib/python3.11/site-packages" "$rootfs/usr/local/lib/python3.11/dist-packages"
  add_binaries "$rootfs" "$python"
  ln -s python3.11 "$rootfs/usr/bin/python3"
  # What a service never needs at run time: the test suite, IDLE, Tk, pip's bootstrap, 2to3, the static library
  # and headers of -dev, and Debian's sitecustomize (a link into /etc that would dangle).
  cp -a "$stdlib" "$rootfs/usr/lib/"
  rm -rf "$rootfs$stdlib"/{test,idlelib,tkinter,turtledemo,ensurepip,lib2to3,config-3.11-*,sitecustomize.py}
  # Extension modules load their libraries (libssl, libffi, libsqlite3…) through the loader: ldd sees them.
  add_libraries_of "$rootfs" "$stdlib"/lib-dynload/*.so
  # glibc dlopens libgcc_s when a thread exits (pthread_exit unwinding); ldd never lists it, and without it a
  # threaded server dies with 139 on `docker stop`.
  # awk reads all of ldconfig's output (no `exit`): an early exit would SIGPIPE ldconfig and fail under pipefail.
  local libgcc candidate; libgcc="$(ldconfig -p | awk '!found && /libgcc_s\.so\.1 .*x86-64|libgcc_s\.so\.1 \(libc6,AArch64/ { print $NF; found = 1 }')"
  for candidate in /usr/lib/*/libgcc_s.so.1 /lib/*/libgcc_s.so.1; do
    [ -z "$libgcc" ] && [ -e "$candidate" ] && libgcc="$candidate"
  done
  [ -n "$libgcc" ] || die "libgcc_s.so.1 not found (apt-get install libgcc-s1)"
  mkdir -p "$rootfs$(dirname "$libgcc")" && cp -L "$libgcc" "$rootfs$libgcc"
  # Debian's site.py searches /usr/local/lib/python3.11/dist-packages, not upstream's site-packages: this .pth adds
  # site-packages too, so images install packages where the official python images put them.
  echo /usr/local/lib/python3.11/site-packages > "$rootfs/usr/local/lib/python3.11/dist-packages/site-packages.pth"
  cp "$HERE/base-images/python.Dockerfile" "$context/Dockerfile"
}

stage_postgres() {
  local context="$WORK/postgres" rootfs="$WORK/postgres/rootfs"
  local bin=/usr/lib/postgresql/15/bin lib=/usr/lib/postgresql/15/lib share=/usr/share/postgresql/15
  [ -x "$bin/postgres" ] || die "$bin/postgres is missing: apt-get install postgresql-15"
  add_binaries "$rootfs" "$bin"/{postgres,initdb,pg_ctl,pg_isready,psql,pg_dump}
  # Server modules (PL/pgSQL, the text-search dictionaries initdb loads, encodings); not LLVM JIT (60 MB of LLVM).
  local modules=()
  local module
  for module in "$lib"/*.so; do
    case "$module" in */llvmjit*) ;; *) modules+=("$module") ;; esac
  done
  mkdir -p "$rootfs$lib" "$rootfs/usr/share/postgresql" "$rootfs/usr/share/zoneinfo"
  cp -p "${modules[@]}" "$rootfs$lib/"
  add_libraries_of "$rootfs" "${modules[@]}"
  cp -a "$share" "$rootfs/usr/share/postgresql/"
  rm -rf "$rootfs$share/man" "$rootfs$share/contrib"
  # Debian builds PostgreSQL against the system's time zone database.
  cp -a /usr/share/zoneinfo/. "$rootfs/usr/share/zoneinfo/"
  mkdir -p "$rootfs/usr/local/bin"
  cp "$HERE/base-images/postgres-entrypoint.sh" "$rootfs/usr/local/bin/postgres-entrypoint"
  chmod 0755 "$rootfs/usr/local/bin/postgres-entrypoint"
  cp "$HERE/base-images/postgres.Dockerfile" "$context/Dockerfile"
}

stage_nginx() {
  local context="$WORK/nginx" rootfs="$WORK/nginx/rootfs"
  local nginx=/usr/sbin/nginx
  [ -x "$nginx" ] || die "$nginx is missing: apt-get install nginx"
  add_binaries "$rootfs" "$nginx"
  mkdir -p "$rootfs/etc/nginx" "$rootfs/usr/share/nginx/html"
  cp /etc/nginx/mime.types "$rootfs/etc/nginx/"
  cp "$HERE/base-images/nginx.conf" "$rootfs/etc/nginx/nginx.conf"
  cp "$HERE/base-images/nginx.Dockerfile" "$context/Dockerfile"
}

stage_prometheus() {
  local context="$WORK/prometheus" rootfs="$WORK/prometheus/rootfs"
  [ -x /usr/bin/prometheus ] || die "/usr/bin/prometheus is missing: apt-get install prometheus"
  add_binaries "$rootfs" /usr/bin/prometheus /usr/bin/promtool
  mkdir -p "$rootfs/etc/prometheus" "$rootfs/prometheus"
  cp "$HERE/base-images/prometheus.yml" "$rootfs/etc/prometheus/prometheus.yml"
  cp "$HERE/base-images/prometheus.Dockerfile" "$context/Dockerfile"
}

stage_alertmanager() {
  local context="$WORK/alertmanager" rootfs="$WORK/alertmanager/rootfs"
  [ -x /usr/bin/prometheus-alertmanager ] || die "/usr/bin/prometheus-alertmanager is missing: apt-get install prometheus-alertmanager"
  add_binaries "$rootfs" /usr/bin/prometheus-alertmanager /usr/bin/amtool
  mkdir -p "$rootfs/etc/alertmanager" "$rootfs/alertmanager"
  cp "$HERE/base-images/alertmanager.yml" "$rootfs/etc/alertmanager/alertmanager.yml"
  # Debian's build reads its notification templates from here.
  mkdir -p "$rootfs/usr/share/prometheus"
  cp -a /usr/share/prometheus/alertmanager "$rootfs/usr/share/prometheus/"
  cp "$HERE/base-images/alertmanager.Dockerfile" "$context/Dockerfile"
}

wanted busybox && { stage_busybox; build busybox drydock-base/busybox:1.35 "$WORK/busybox"; }
wanted redis && { stage_redis; build redis drydock-base/redis:7.0 "$WORK/redis"; }
wanted aspnet && { stage_aspnet; build aspnet drydock-base/aspnet:10.0 "$WORK/aspnet"; }
wanted dotnet-sdk && { stage_sdk; build dotnet-sdk drydock-base/dotnet-sdk:10.0 "$WORK/dotnet-sdk"; }
wanted python && { stage_python; build python drydock-base/python:3.11 "$WORK/python"; }
wanted postgres && { stage_postgres; build postgres drydock-base/postgres:15 "$WORK/postgres"; }
wanted nginx && { stage_nginx; build nginx drydock-base/nginx:1.22 "$WORK/nginx"; }
wanted prometheus && { stage_prometheus; build prometheus drydock-base/prometheus:2.42 "$WORK/prometheus"; }
wanted alertmanager && { stage_alertmanager; build alertmanager drydock-base/alertmanager:0.25 "$WORK/alertmanager"; }
log "done"
