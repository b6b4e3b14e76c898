#!/usr/bin/env bash
# Makes this machine ready for Drydock: installs what is missing (apt), starts dockerd when its socket does not
# answer, waits up to 60 s for /_ping, and keeps containers from reaching beyond this machine.
# Idempotent: a second run changes nothing and says so.
#
# Usage: scripts/setup-engine.sh [--podman]
#   --podman: also install and start Podman's Docker-compatible API next to dockerd (scripts/setup-podman.sh).
set -euo pipefail

log() { echo "setup-engine: $*" >&2; }
die() { echo "setup-engine: error: $*" >&2; exit 1; }

WITH_PODMAN=0
for arg in "$@"; do
  case "$arg" in
    --podman) WITH_PODMAN=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg (see --help)" ;;
  esac
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "run as root (or install sudo): installing packages and starting dockerd need it."
  SUDO="sudo"
fi

# Everything the examples, tests and benchmarks use. Later features add their packages here.
PACKAGES=(
  docker.io          # dockerd, containerd, runc (Debian's engine: API 1.41)
  docker-compose     # Compose v1 (1.29), the implementation Debian ships
  busybox-static     # the userland of every locally assembled base image
  redis-server       # redis-server and redis-cli binaries for the Redis base image
  iptables           # the DOCKER-USER rule below
  iproute2           # finding the uplink interface
  curl               # /_ping over the unix socket
  procps             # kill: the verify tests interrupt a run with SIGINT and SIGTERM
  ca-certificates
  shellcheck         # shell-form RUN scripts in `drydock check`
  gcc                # builds drydock-probe, the static health-check client in the base images
  libc6-dev          # static libc for drydock-probe
  libssl3            # OpenSSL for the .NET SDK base image
  openssl            # certificates for the engine client's TLS tests (a TLS listener in front of the engine)
  nginx              # the static target of bench/load/load-vs-wrk.sh; the nginx base image (examples/model-manager)
  wrk                # the peer load generator bench/load/load-vs-wrk.sh compares Drydock's with
  git                # drydock check asks git whether a .env holding credentials is ignored (rule DC014)
  docker-registry    # the registry tests of `drydock inspect registry://…` (a real distribution registry on 127.0.0.1)
  apache2-utils      # htpasswd (bcrypt) for the registry basic-auth tests
  libzstd1           # zstd-compressed image layers (`drydock inspect` loads libzstd.so.1)
  zstd               # makes the zstd layers of the image tests
  python3.11-minimal # /usr/bin/python3.11 for the Python base image (examples/memory-service)
  libpython3.11-stdlib # its standard library, /usr/lib/python3.11
  postgresql-15      # PostgreSQL server and clients for the postgres base image (examples/platform)
  prometheus         # prometheus and promtool for the prometheus base image (examples/platform)
  prometheus-alertmanager # alertmanager and amtool for the alertmanager base image (examples/platform)
  zsh                # syntax check of `drydock completion zsh`
  fish               # syntax check of `drydock completion fish`
)

missing=()
for package in "${PACKAGES[@]}"; do
  # Compared, not piped into `grep -q`: a reader that stops early can SIGPIPE the writer, which fails under pipefail.
  if [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)" != "install ok installed" ]; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  # Package scripts try to start services through systemd, which may be absent; dockerd is started below instead.
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || \
    $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
  log "installed ${#missing[@]} package(s)"
else
  log "packages: all ${#PACKAGES[@]} present"
fi

SOCKET="/var/run/docker.sock"
ping_engine() {
  if [ -n "${DOCKER_HOST:-}" ] && [[ "${DOCKER_HOST}" != unix://* ]]; then
    docker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1
  else
    local socket="${DOCKER_HOST:-}"; socket="${socket#unix://}"
    socket="${socket:-$SOCKET}"
    [ -S "$socket" ] && [ "$(curl -s --max-time 2 --unix-socket "$socket" http://localhost/_ping 2>/dev/null)" = "OK" ]
  fi
}

if ping_engine; then
  log "engine: already answering"
else
  if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST}" != "unix://$SOCKET" ]; then
    die "DOCKER_HOST=${DOCKER_HOST} does not answer; start that engine, or unset DOCKER_HOST to use a local dockerd."
  fi
  log "engine: starting dockerd (log: /var/log/drydock-dockerd.log)"
  $SUDO sh -c 'nohup setsid dockerd >>/var/log/drydock-dockerd.log 2>&1 </dev/null &'
  for _ in $(seq 1 60); do
    if ping_engine; then break; fi
    sleep 1
  done
  ping_engine || { tail -n 20 /var/log/drydock-dockerd.log >&2 || true; die "dockerd did not answer /_ping within 60 s (see above)."; }
  log "engine: dockerd is up"
fi

# Containers may talk to each other and to this host, never beyond it: reject what leaves through the uplink.
# awk reads every line (no `exit`, which would SIGPIPE `ip` under pipefail) and prints the first device only.
uplink="$(ip route show default 2>/dev/null | awk '!uplink { for (i = 1; i < NF; i++) if ($i == "dev") { uplink = $(i + 1); print uplink; break } }')"
if [ -n "$uplink" ] && $SUDO iptables -nL DOCKER-USER >/dev/null 2>&1; then
  if $SUDO iptables -C DOCKER-USER -o "$uplink" -j REJECT >/dev/null 2>&1; then
    log "network: containers already blocked from $uplink"
  else
    $SUDO iptables -I DOCKER-USER -o "$uplink" -j REJECT
    log "network: containers blocked from $uplink (iptables DOCKER-USER)"
  fi
else
  log "network: no default route or no DOCKER-USER chain; nothing to block"
fi

server="$(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null || echo unknown)"
compose="$(docker-compose version --short 2>/dev/null || echo missing)"
log "ready: engine ${server}, docker-compose ${compose}"

if [ "$WITH_PODMAN" -eq 1 ]; then
  # The service and its firewall now; the base images once they are built (scripts/test.sh runs setup-podman.sh then).
  bash "$(dirname "${BASH_SOURCE[0]}")/setup-podman.sh" --no-images
  log "podman: base images are copied into its storage by scripts/setup-podman.sh once build-base-images.sh has built them"
fi
