#!/usr/bin/env bash
# A/B timing of two drydock builds on the check-speed tree (bench/generate-check-tree.sh), runs interleaved so that
# the load of a shared machine falls on both alike. Complements bench/check-speed.sh (one build against dclint).
#   bench/compare-check-speed.sh BASELINE_DRYDOCK CANDIDATE_DRYDOCK [RUNS] [TREE]
# Prints, per mode (--no-shellcheck; ShellCheck with a warm cache), the median wall and CPU milliseconds of each build
# and the candidate/baseline ratio.
set -euo pipefail
baseline="${1:?usage: compare-check-speed.sh BASELINE CANDIDATE [RUNS] [TREE]}"
candidate="${2:?usage: compare-check-speed.sh BASELINE CANDIDATE [RUNS] [TREE]}"
runs="${3:-10}"
tree="${4:-$(mktemp -d)/tree}"
[ -d "$tree" ] || bash "$(dirname "${BASH_SOURCE[0]}")/generate-check-tree.sh" "$tree" >/dev/null
cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT

# one BINARY ARGS...: "wall_ms cpu_ms" of one run (exit codes 0 and 1 both mean "ran").
one() {
  local timing
  timing=$( { TIMEFORMAT='%R %U %S'; time { DRYDOCK_CACHE_DIR="$cache" "$@" >/dev/null 2>&1 || [ $? -le 1 ]; }; } 2>&1 )
  echo "$timing" | awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '%-16s %12s %12s %12s %12s %8s\n' mode "base wall" "new wall" "base CPU" "new CPU" "new/base"
for mode in no-shellcheck shellcheck-warm; do
  extra=()
  [ "$mode" = no-shellcheck ] && extra=(--no-shellcheck)
  one "$baseline" check "$tree" "${extra[@]}" >/dev/null   # warm-up: page cache, ShellCheck cache
  one "$candidate" check "$tree" "${extra[@]}" >/dev/null
  base_wall=(); new_wall=(); base_cpu=(); new_cpu=()
  for _ in $(seq 1 "$runs"); do
    read -r w c < <(one "$baseline" check "$tree" "${extra[@]}"); base_wall+=("$w"); base_cpu+=("$c")
    read -r w c < <(one "$candidate" check "$tree" "${extra[@]}"); new_wall+=("$w"); new_cpu+=("$c")
  done
  bw=$(printf '%s\n' "${base_wall[@]}" | median); nw=$(printf '%s\n' "${new_wall[@]}" | median)
  bc=$(printf '%s\n' "${base_cpu[@]}" | median); nc=$(printf '%s\n' "${new_cpu[@]}" | median)
  printf '%-16s %12s %12s %12s %12s %8s\n' "$mode" "$bw" "$nw" "$bc" "$nc" "$(awk -v a="$nw" -v b="$bw" 'BEGIN { printf "%.2f", a / b }')"
done
