#!/usr/bin/env bash
# The whole test suite, on a fresh machine of this kind: installs and starts what the tests need (engine,
# Compose, base images), then runs every test. Engine tests need the engine: a missing one fails the run.
# Extra arguments go to `dotnet test` (e.g. --filter "Category!=Engine" for the engine-free tests only).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup-engine.sh
bash scripts/build-base-images.sh
# The Podman job (tests/Drydock.Tests/Engine/PodmanEngineTests.cs): always in CI, elsewhere when Podman is installed.
PODMAN=0
if [ "${CI:-}" = "true" ] || command -v podman >/dev/null 2>&1; then
  bash scripts/setup-podman.sh
  PODMAN=1
fi

# Everything on the engine before the suite, to compare with after it: containers, volumes and networks, labelled
# or not (a failed legacy build leaves an unlabelled container; issue 21).
engine_resources() {
  docker ps -aq --no-trunc | sed 's/^/container /'
  docker volume ls -q | sed 's/^/volume /'
  docker network ls -q --no-trunc | sed 's/^/network /'
  if [ "$PODMAN" -eq 1 ]; then
    podman ps -aq --no-trunc | sed 's/^/podman-container /'
    podman volume ls -q | sed 's/^/podman-volume /'
    podman network ls -q --no-trunc | sed 's/^/podman-network /'
  fi
}
before="$(mktemp)"; after="$(mktemp)"; output="$(mktemp)"
trap 'rm -f "$output" "$before" "$after"' EXIT
engine_resources | LC_ALL=C sort > "$before"

started=$SECONDS
set +e
dotnet test Drydock.slnx --configuration Release --nologo \
  --logger "console;verbosity=normal" \
  --blame-hang-timeout 15m \
  "$@" 2>&1 | tee "$output"
status=${PIPESTATUS[0]}
set -e
echo "test.sh: tests finished in $((SECONDS - started)) s" >&2

# Nothing the suite created may outlive it, labelled or not. On CI's fresh machine everything new is the suite's;
# elsewhere other runs may share the engine, so new things are listed but do not fail the run.
leak_status=0
engine_resources | LC_ALL=C sort > "$after"
new_resources="$(LC_ALL=C comm -13 "$before" "$after")"
if [ -n "$new_resources" ]; then
  echo "test.sh: the engine has containers, volumes or networks it did not have before the suite:" >&2
  while read -r kind id; do
    case "$kind" in
      container) described="$(docker inspect --format '{{.Name}} image={{.Config.Image}} ({{.State.Status}}) labels={{json .Config.Labels}}: {{.Path}} {{join .Args " "}}' "$id" 2>/dev/null || true)" ;;
      volume) described="$(docker volume inspect --format '{{.Name}} labels={{json .Labels}}' "$id" 2>/dev/null || true)" ;;
      network) described="$(docker network inspect --format '{{.Name}} labels={{json .Labels}}' "$id" 2>/dev/null || true)" ;;
      podman-*) described="$(podman inspect --format '{{.Name}} labels={{json .Labels}}' "$id" 2>/dev/null || true)" ;;
    esac
    echo "  $kind ${described:-$id (gone since)}" >&2
  done <<<"$new_resources"
  if [ "${CI:-}" = "true" ]; then
    echo "test.sh: failing: the suite must remove everything it creates" >&2
    leak_status=1
  else
    echo "test.sh: (not failing outside CI: another run on this engine may own them)" >&2
  fi
fi

# CI shows only the end of the log: repeat each failed test with the start of its message just above the summary.
if grep -qE '^[[:space:]]+Failed [A-Za-z_]' "$output"; then
  echo "test.sh: failed tests:"
  awk '/^[[:space:]]+Failed [A-Za-z_]/ { shown = 25 } shown > 0 { print; shown-- }' "$output" | cut -c1-400
fi

# The plain closing line CI reads: dotnet test's own summary, as "N passed, N failed".
passed="$(grep -E '^[[:space:]]+Passed:[[:space:]]+[0-9]+$' "$output" | awk '{ n += $2 } END { print n + 0 }' || true)"
failed="$(grep -E '^[[:space:]]+Failed:[[:space:]]+[0-9]+$' "$output" | awk '{ n += $2 } END { print n + 0 }' || true)"
echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ]; then exit "$status"; fi
exit "$leak_status"
