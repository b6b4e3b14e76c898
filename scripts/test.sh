#!/usr/bin/env bash
# The whole test suite, on a fresh machine of this kind: installs and starts what the tests need (engine,
# Compose, base images), then runs every test. Engine tests need the engine: a missing one fails the run.
# Extra arguments go to `dotnet test` (e.g. --filter "Category!=Engine" for the engine-free tests only).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup-engine.sh
bash scripts/build-base-images.sh

started=$SECONDS
output="$(mktemp)"
trap 'rm -f "$output"' EXIT
set +e
dotnet test Drydock.slnx --configuration Release --nologo \
  --logger "console;verbosity=normal" \
  --blame-hang-timeout 15m \
  "$@" 2>&1 | tee "$output"
status=${PIPESTATUS[0]}
set -e
echo "test.sh: tests finished in $((SECONDS - started)) s" >&2

# Whatever a test started carries io.drydock.run; nothing may outlive the run.
leaked="$(docker ps -aq --filter label=io.drydock.run; docker network ls -q --filter label=io.drydock.run; docker volume ls -q --filter label=io.drydock.run)"
if [ -n "$leaked" ]; then
  echo "test.sh: resources labelled io.drydock.run were left behind:" >&2
  docker ps -a --filter label=io.drydock.run --format '  container {{.Names}} ({{.Status}})' >&2
  docker network ls --filter label=io.drydock.run --format '  network {{.Name}}' >&2
  docker volume ls --filter label=io.drydock.run --format '  volume {{.Name}}' >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
  echo "test.sh: (not failing outside CI: another run may own them)" >&2
fi

# The plain closing line CI reads: dotnet test's own summary, as "N passed, N failed".
passed="$(grep -E '^[[:space:]]+Passed:[[:space:]]+[0-9]+$' "$output" | awk '{ n += $2 } END { print n + 0 }' || true)"
failed="$(grep -E '^[[:space:]]+Failed:[[:space:]]+[0-9]+$' "$output" | awk '{ n += $2 } END { print n + 0 }' || true)"
echo "${passed} passed, ${failed} failed"
exit "$status"
