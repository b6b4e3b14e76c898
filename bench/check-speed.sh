#!/usr/bin/env bash
# Times a whole `drydock check` (process start included) over the generated tree of 40 Compose projects and
# 35 Dockerfiles, and dclint (the npm Compose linter) over the compose files of the same tree.
#   bench/check-speed.sh [RUNS]
# Drydock is the ReadyToRun publish of scripts/demo.sh. dclint is installed with npm into bench/.peer (not committed).
# Modes: "default" = ShellCheck on, its result cache warm (the second and later runs of a day); "cold" = ShellCheck on,
# no cache; "no-shellcheck" = --no-shellcheck. Reports the median and the fastest run, and the ratio to dclint.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-10}"
tree="bench/.tree"
peer="bench/.peer"
DCLINT_VERSION=3.1.0

bash bench/generate-check-tree.sh "$tree"

echo "check-speed: publishing drydock (ReadyToRun, as scripts/demo.sh does)" >&2
dotnet publish src/Drydock.Cli --configuration Release --runtime linux-x64 --self-contained false \
  -p:PublishReadyToRun=true --output artifacts/drydock --nologo --verbosity quiet
drydock=artifacts/drydock/drydock

if [ ! -x "$peer/node_modules/.bin/dclint" ]; then
  echo "check-speed: installing dclint $DCLINT_VERSION into $peer" >&2
  mkdir -p "$peer"
  (cd "$peer" && npm install --no-audit --no-fund --loglevel=error "dclint@$DCLINT_VERSION" >/dev/null)
fi
dclint="$peer/node_modules/.bin/dclint"
mapfile -t compose_files < <(find "$tree" -name compose.yaml -not -path '*/node_modules/*' | sort)

# time_runs LABEL N COMMAND...: prints "LABEL median_wall_ms min_wall_ms median_cpu_ms" (CPU = user + sys, which the
# load other processes put on the machine hardly changes). Exit codes 0 and 1 both mean "ran".
time_runs() {
  local label="$1" count="$2"; shift 2
  local walls=() cpus=()
  for _ in $(seq 1 "$count"); do
    local timing
    timing=$( { TIMEFORMAT='%R %U %S'; time { "$@" >/dev/null 2>&1 || [ $? -le 1 ]; }; } 2>&1 )
    walls+=($(echo "$timing" | awk '{ printf "%d", $1 * 1000 }'))
    cpus+=($(echo "$timing" | awk '{ printf "%d", ($2 + $3) * 1000 }'))
  done
  local median min cpu
  median=$(printf '%s\n' "${walls[@]}" | sort -n | awk -v n="$count" 'NR == int((n + 1) / 2) { print }')
  min=$(printf '%s\n' "${walls[@]}" | sort -n | awk 'NR == 1')
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk -v n="$count" 'NR == int((n + 1) / 2) { print }')
  echo "$label $median $min $cpu"
}

cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT
# Warm up the page cache, the runtime and the ShellCheck result cache.
DRYDOCK_CACHE_DIR="$cache" "$drydock" check "$tree" >/dev/null 2>&1 || true

results=()
results+=("$(DRYDOCK_CACHE_DIR="$cache" time_runs drydock-default "$runs" "$drydock" check "$tree")")
results+=("$(time_runs drydock-no-shellcheck "$runs" "$drydock" check "$tree" --no-shellcheck)")
results+=("$(DRYDOCK_CACHE_DIR=off time_runs drydock-cold "$(( runs < 3 ? runs : 3 ))" "$drydock" check "$tree")")
results+=("$(time_runs dclint-compose-only "$(( runs < 3 ? runs : 3 ))" "$dclint" "${compose_files[@]}")")

dclint_ms=$(printf '%s\n' "${results[@]}" | awk '$1 == "dclint-compose-only" { print $2 }')
echo
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tree: $(find "$tree" -name 'Dockerfile' -not -path '*/node_modules/*' | wc -l) Dockerfiles, ${#compose_files[@]} compose files"
printf '%-24s %10s %10s %12s %13s\n' "tool/mode" "median ms" "min ms" "CPU ms" "dclint/this"
for line in "${results[@]}"; do
  set -- $line
  printf '%-24s %10s %10s %12s %12sx\n' "$1" "$2" "$3" "$4" "$(awk -v a="$dclint_ms" -v b="$2" 'BEGIN { printf "%.1f", a / b }')"
done
