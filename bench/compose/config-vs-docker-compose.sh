#!/usr/bin/env bash
# `drydock config` against `docker-compose config` (Debian's 1.29, the peer installed here): whole processes, start-up
# included, over every project of tests/compose-corpus that 1.29 can read, plus the examples.
#
#   bash bench/compose/config-vs-docker-compose.sh [ROUNDS=5]
#
# Each round runs every project once with each tool, alternating tools; the medians of the per-round totals are
# compared. Drydock runs from a Release build of the CLI (built first). Both tools see the same environment: the
# case's variables from case.json, nothing else of the shell's Compose settings.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

ROUNDS="${1:-5}"
for tool in docker-compose dotnet jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "config-vs-docker-compose: '$tool' is missing" >&2; exit 2; }
done

out="$(mktemp -d /tmp/drydock-compose-bench.XXXXXX)"
trap 'rm -rf "$out"' EXIT INT TERM
dotnet publish src/Drydock.Cli -c Release -o "$out/cli" --nologo -v quiet >/dev/null
drydock=("$out/cli/drydock")

projects=()
for dir in tests/compose-corpus/*/ examples/*/; do
  dir="${dir%/}"
  found=""
  for name in compose.yaml compose.yml docker-compose.yml docker-compose.yaml; do [ -f "$dir/$name" ] && found=1; done
  [ -n "$found" ] || continue
  if [ -f "$dir/case.json" ] && [ "$(jq -r '.v1 // empty' "$dir/case.json")" != "" ]; then continue; fi
  projects+=("$dir")
done

# Runs one tool over every project once; prints the total in milliseconds.
run_all() {
  local tool="$1" start end
  start=$(date +%s%N)
  for dir in "${projects[@]}"; do
    local args=() envs=(env -u COMPOSE_FILE -u COMPOSE_PROJECT_NAME -u COMPOSE_PROFILES)
    if [ -f "$dir/case.json" ]; then
      while IFS='=' read -r key value; do [ -n "$key" ] && envs+=("$key=$value"); done < <(jq -r '(.env // {}) | to_entries[] | "\(.key)=\(.value)"' "$dir/case.json")
      while read -r profile; do [ -n "$profile" ] && args+=(--profile "$profile"); done < <(jq -r '(.profiles // [])[]' "$dir/case.json")
    fi
    if [ "$tool" = drydock ]; then
      (cd "$dir" && "${envs[@]}" "${drydock[@]}" config --format json "${args[@]}" >/dev/null)
    else
      (cd "$dir" && "${envs[@]}" docker-compose "${args[@]}" config >/dev/null 2>&1)
    fi
  done
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

run_all drydock >/dev/null; run_all docker-compose >/dev/null   # warm the file cache and both runtimes' files
drydock_times=(); compose_times=()
for round in $(seq 1 "$ROUNDS"); do
  drydock_times+=("$(run_all drydock)")
  compose_times+=("$(run_all docker-compose)")
done
d=$(printf '%s\n' "${drydock_times[@]}" | median)
c=$(printf '%s\n' "${compose_times[@]}" | median)
echo "projects: ${#projects[@]}, rounds: $ROUNDS"
echo "drydock config --format json: ${d} ms for all projects (median; rounds: ${drydock_times[*]})"
echo "docker-compose 1.29 config:   ${c} ms for all projects (median; rounds: ${compose_times[*]})"
awk -v d="$d" -v c="$c" 'BEGIN { printf "ratio: drydock takes %.2fx the time of docker-compose (%.1fx faster)\n", d / c, c / d }'
