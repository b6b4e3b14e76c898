#!/usr/bin/env bash
# Saves the outputs of check/rules/config/inspect on the repository's examples and test trees into DIR, so that a
# refactoring can be compared byte for byte with the outputs of the commit before it:
#   scripts/golden-compare.sh save /tmp/golden-before   (on the old build)
#   scripts/golden-compare.sh save /tmp/golden-after    (on the new build)
#   diff -r /tmp/golden-before /tmp/golden-after
# ARCHIVE (default /tmp/arch-rules-busybox.tar, from `docker save drydock-base/busybox`) is inspected when present.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${2:?usage: golden-compare.sh save DIR}
drydock=${DRYDOCK:-src/Drydock.Cli/bin/Release/net10.0/drydock}
archive=${ARCHIVE:-/tmp/arch-rules-busybox.tar}
mkdir -p "$out"
run() { # name, command...
  local name=$1; shift
  "$@" >"$out/$name.out" 2>"$out/$name.err"; echo "exit $?" >>"$out/$name.err"
}
export NO_COLOR=1 DRYDOCK_FAIL_ON= DRYDOCK_IGNORE=
for format in text json markdown; do run "rules.$format" "$drydock" rules --format "$format"; done
for dir in examples/* tests/compose-corpus/* tests/verify-stacks/* tests/conformance/*; do
  [ -d "$dir" ] || continue
  key=$(echo "$dir" | tr '/' '_')
  for format in json sarif text; do run "check.$key.$format" "$drydock" check "$dir" --no-shellcheck --compose-target v2 --format "$format"; done
  run "check-strict.$key.json" "$drydock" check "$dir" --no-shellcheck --compose-target v2 --profile strict --format json
  # The directory's first Compose file, from a glob (no `ls | head`: a reader that stops early can SIGPIPE the writer).
  composes=()
  for candidate in "$dir"/compose.y*ml "$dir"/docker-compose.y*ml; do [ -f "$candidate" ] && composes+=("$candidate"); done
  if [ "${#composes[@]}" -gt 0 ]; then
    run "config.$key.yaml" "$drydock" config --project-directory "$dir" -f "${composes[0]}"
    run "config.$key.json" "$drydock" config --project-directory "$dir" -f "${composes[0]}" --format json
    run "config-vars.$key" "$drydock" config --project-directory "$dir" -f "${composes[0]}" --variables
  fi
done
run "check.all.json" "$drydock" check examples tests/compose-corpus tests/verify-stacks --no-shellcheck --compose-target v2 --format json
run "check.all.shellcheck.json" "$drydock" check examples --format json --compose-target v2
if [ -f "$archive" ]; then
  for format in text json sarif; do run "inspect.$format" "$drydock" inspect "$archive" --format "$format" --no-sources /bin --max-waste 1KB; done
fi
