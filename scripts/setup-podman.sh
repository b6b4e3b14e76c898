#!/usr/bin/env bash
# Makes Podman's Docker-compatible API ready next to the Docker engine, for the Podman engine tests:
#   - installs Debian's podman (4.3) with netavark and aardvark-dns (container DNS, which Compose's service names need);
#   - starts `podman system service` (rootful) on unix:///run/drydock-podman.sock in the background, unless it answers;
#   - keeps Podman's containers from reaching beyond this machine (iptables, like setup-engine.sh does for Docker);
#   - copies the base images from the Docker engine into Podman's storage (docker save | podman load), each only when
#     its input hash (label io.drydock.base.inputs) differs, so a second run changes nothing.
# It never touches the Docker engine: no restart, no configuration; it only reads images from it.
# Idempotent. Usage: scripts/setup-podman.sh [--no-images]
set -euo pipefail

log() { echo "setup-podman: $*" >&2; }
die() { echo "setup-podman: error: $*" >&2; exit 1; }

IMAGES=1
for arg in "$@"; do
  case "$arg" in
    --no-images) IMAGES=0 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown argument: $arg (see --help)" ;;
  esac
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "run as root (or install sudo): rootful Podman and iptables need it."
  SUDO="sudo"
fi

SOCKET="/run/drydock-podman.sock"
LOG="/var/log/drydock-podman.log"
PIDFILE="/run/drydock-podman.pid"
# Flags of every podman call here and of the service: no systemd on these machines, so cgroupfs and a file event log
# (the journald default loses the events the API streams), and netavark (the CNI config Debian also ships names
# plugins that are not installed).
PODMAN=(podman --cgroup-manager=cgroupfs --events-backend=file)

PACKAGES=(
  podman        # the engine and its Docker-compatible API service
  netavark      # its network backend (bridges, port publishing)
  aardvark-dns  # DNS between the containers of one network (Compose service names)
  catatonit     # the init of `init: true` services
  uidmap        # newuidmap/newgidmap, which podman expects to find
  iptables
  curl
)
missing=()
for package in "${PACKAGES[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)" != "install ok installed" ]; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || \
    $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
  log "installed ${#missing[@]} package(s)"
else
  log "packages: all ${#PACKAGES[@]} present"
fi

ping_podman() {
  [ -S "$SOCKET" ] && [ "$(curl -s --max-time 2 --unix-socket "$SOCKET" http://localhost/_ping 2>/dev/null)" = "OK" ]
}

# The service this script started, by the id it recorded (never found by name).
service_pid() {
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  if [ -n "$pid" ] && [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)" == *"system service"*"$SOCKET"* ]]; then
    echo "$pid"
  fi
}

start_service() {
  log "service: starting podman system service on unix://$SOCKET (log: $LOG)"
  $SUDO rm -f "$SOCKET"
  $SUDO sh -c "nohup setsid ${PODMAN[*]} system service --time=0 unix://$SOCKET >>$LOG 2>&1 </dev/null & echo \$! >$PIDFILE"
  for _ in $(seq 1 60); do
    if ping_podman; then break; fi
    sleep 1
  done
  ping_podman || { tail -n 20 "$LOG" >&2 || true; die "podman system service did not answer /_ping within 60 s (see above)."; }
  log "service: up"
}

stop_service() {
  local pid
  pid="$(service_pid)"
  [ -n "$pid" ] || return 0
  $SUDO kill "$pid"
  for _ in $(seq 1 40); do [ -d "/proc/$pid" ] || break; sleep 0.5; done
}

# Podman's configuration, written by this script (and rewritten while it carries our header; a configuration of
# someone else's is left alone): netavark (Debian's CNI bridge config names plugins that are not installed), cgroupfs
# and a file event log (no systemd here), and the service's own hard limits as the containers' default ulimits:
# rootful Podman asks runc for nofile and nproc of 1048576 otherwise, above what the service may grant
# ("error setting rlimit type 7: operation not permitted"). The service lowers its own nproc when it starts, so its
# limits are read from the running process and the configuration follows them (one restart the first time).
CONF=/etc/containers/containers.conf
HEADER="# Written by drydock scripts/setup-podman.sh"
write_config() {
  local nofile="$1" nproc="$2" wanted current
  wanted="$(printf '%s\n[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=%s:%s"]\n[network]\nnetwork_backend = "netavark"\n[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n' \
    "$HEADER" "$nofile" "$nofile" "$nproc" "$nproc")"
  current="$(cat "$CONF" 2>/dev/null || true)"
  if [ "$current" = "$wanted" ]; then
    return 1
  elif [ -z "$current" ] || [ "$(head -n 1 <<<"$current")" = "$HEADER" ]; then
    $SUDO mkdir -p /etc/containers
    printf '%s\n' "$wanted" | $SUDO tee "$CONF" >/dev/null
    log "config: $CONF written (netavark, cgroupfs, file events, ulimits nofile=$nofile nproc=$nproc)"
    return 0
  else
    log "config: $CONF is not ours; left as it is"
    return 1
  fi
}
limit_of() { awk -v name="$2" '$0 ~ "^Max " name { print $(NF - 1) }' "/proc/$1/limits"; }

if ! ping_podman; then
  [ -n "$(cat "$CONF" 2>/dev/null || true)" ] || write_config "$(ulimit -Hn)" "$(ulimit -Hu)" || true
  start_service
else
  log "service: already answering on unix://$SOCKET"
fi
pid="$(service_pid)"
if [ -n "$pid" ]; then
  if write_config "$(limit_of "$pid" "open files")" "$(limit_of "$pid" processes)"; then
    log "service: restarting (pid $pid) for the new configuration"
    stop_service
    start_service
  else
    log "config: $CONF current"
  fi
else
  log "config: the service answering on $SOCKET was not started by this script; its configuration is left alone"
fi

# Podman's containers may talk to each other and to this host, never beyond it. netavark puts its own ACCEPT rules
# into FORWARD (NETAVARK_FORWARD), which Docker's DOCKER-USER rule does not precede, so a chain of ours goes first in
# FORWARD and rejects what a podman bridge (podman0, podman1, … one per network) sends out of the uplink.
uplink="$(ip route show default 2>/dev/null | awk '!uplink { for (i = 1; i < NF; i++) if ($i == "dev") { uplink = $(i + 1); print uplink; break } }')"
if [ -n "$uplink" ]; then
  $SUDO iptables -N DRYDOCK-PODMAN >/dev/null 2>&1 || true
  if ! $SUDO iptables -C DRYDOCK-PODMAN -i podman+ -o "$uplink" -j REJECT >/dev/null 2>&1; then
    $SUDO iptables -A DRYDOCK-PODMAN -i podman+ -o "$uplink" -j REJECT
  fi
  # Ahead of netavark's jump in FORWARD (dockerd may move its DOCKER-USER jump above ours; that chain only rejects).
  rules="$($SUDO iptables -S FORWARD 2>/dev/null || true)"
  ours="$(awk '$0 == "-A FORWARD -j DRYDOCK-PODMAN" { print NR; exit }' <<<"$rules")"
  theirs="$(awk '/-j NETAVARK/ { print NR; exit }' <<<"$rules")"
  if [ -z "$ours" ] || { [ -n "$theirs" ] && [ "$theirs" -lt "$ours" ]; }; then
    while $SUDO iptables -D FORWARD -j DRYDOCK-PODMAN >/dev/null 2>&1; do :; done
    $SUDO iptables -I FORWARD 1 -j DRYDOCK-PODMAN
    log "network: podman containers blocked from $uplink (iptables DRYDOCK-PODMAN, first in FORWARD)"
  else
    log "network: podman containers already blocked from $uplink"
  fi
  # And a backstop no later rule can precede: the mangle table's FORWARD runs before every filter chain and neither
  # dockerd nor netavark writes to it (DROP, since REJECT exists only in the filter table).
  if $SUDO iptables -t mangle -C FORWARD -i podman+ -o "$uplink" -j DROP >/dev/null 2>&1; then
    :
  else
    $SUDO iptables -t mangle -I FORWARD -i podman+ -o "$uplink" -j DROP
    log "network: podman containers dropped towards $uplink (iptables mangle FORWARD)"
  fi
else
  log "network: no default route; nothing to block"
fi

if [ "$IMAGES" -eq 1 ]; then
  command -v docker >/dev/null 2>&1 && docker version >/dev/null 2>&1 || \
    die "the Docker engine does not answer, and the base images are copied from it: run scripts/setup-engine.sh and scripts/build-base-images.sh first."
  # The images the Podman tests use (examples/notes: redis, aspnet, dotnet-sdk; busybox under all of them).
  loaded=0
  for image in drydock-base/busybox:1.35 drydock-base/redis:7.0 drydock-base/aspnet:10.0 drydock-base/dotnet-sdk:10.0; do
    wanted="$(docker image inspect --format '{{index .Config.Labels "io.drydock.base.inputs"}}' "$image" 2>/dev/null || true)"
    [ -n "$wanted" ] || die "$image is not on the Docker engine: run scripts/build-base-images.sh first."
    have="$("${PODMAN[@]}" image inspect --format '{{index .Config.Labels "io.drydock.base.inputs"}}' "$image" 2>/dev/null || true)"
    if [ "$have" = "$wanted" ]; then
      continue
    fi
    log "images: copying $image into Podman's storage"
    docker save "$image" | $SUDO "${PODMAN[@]}" load -q >/dev/null
    loaded=$((loaded + 1))
  done
  log "images: $loaded copied, the others already current"
fi

log "ready: podman $("${PODMAN[@]}" version --format "{{.Server.Version}}" 2>/dev/null || echo "?"), DOCKER_HOST=unix://$SOCKET"
