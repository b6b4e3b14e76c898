#!/usr/bin/env bash
# The noise measure of issue 14 on the real-world corpus (bench/corpus/make-corpus.sh): for every DC rule, the share
# of services it warns on (warning or error; info is not counted), and whether every service without cap_drop still
# gets a finding that says so.
#   bench/noise.sh [DRYDOCK] [CORPUS]     (defaults: artifacts/drydock/drydock, or the Release build, and /tmp/corpus)
# Services are those the DC findings name ("service 'x'"), keyed by Compose directory and name, gathered from the
# default run and from a --profile strict run (where every unhardened service has a per-setting finding); a service
# with no finding at all is not counted, which can only raise the percentages. Exits 1 when the measure fails: a rule
# other than the grouped hardening finding (DC048) and the missing health check (DC020) warns on more than 80% of
# services, or a service lacking cap_drop has no finding naming cap_drop.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
drydock="${1:-}"
if [ -z "$drydock" ]; then
  drydock="$repo/artifacts/drydock/drydock"
  [ -x "$drydock" ] || drydock="$repo/src/Drydock.Cli/bin/Release/net10.0/drydock"
fi
corpus="${2:-/tmp/corpus}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$(dirname "$corpus")"
name="$(basename "$corpus")"
"$drydock" check "$name" --format json --fail-on none > "$out/default.json"
if "$drydock" check --help | grep -q -- '--profile'; then
  "$drydock" check "$name" --format json --fail-on none --profile strict > "$out/strict.json"
else
  cp "$out/default.json" "$out/strict.json" # a build from before profiles: its default is per setting
fi
jq -n -r --slurpfile default "$out/default.json" --slurpfile strict "$out/strict.json" '
  def service_key: (.file | sub("/[^/]*$"; "")) + "|" + (.message | capture("service \u0027(?<s>[^\u0027]+)\u0027").s);
  def services($report): [$report.findings[] | select(.rule | startswith("DC")) | select(.message | test("service \u0027")) | service_key];
  (services($default[0]) + services($strict[0]) | unique) as $all
  | ($all | length) as $total
  | [$default[0].findings[] | select(.rule | startswith("DC")) | select(.severity == "warning" or .severity == "error")
      | select(.message | test("service \u0027")) | {rule, key: service_key}] | unique | group_by(.rule)
  | map({rule: .[0].rule, services: length, share: ((length * 1000 / $total | floor) / 10)}) | sort_by(-.services) as $rules
  | [$strict[0].findings[] | select(.rule == "DC004") | service_key] | unique as $no_cap_drop
  | [$default[0].findings[] | select(.message | test("cap_drop")) | select(.message | test("service \u0027")) | service_key] | unique as $said
  | ($no_cap_drop - $said) as $silent
  | [$rules[] | select(.rule != "DC048" and .rule != "DC020" and .share > 80)] as $noisy
  | "services: \($total)",
    "rule   services  share (warning or error, default profile)",
    ($rules[] | "\(.rule)  \(.services | tostring | (" " * (8 - length)) + .)  \(.share)%"),
    "without cap_drop: \($no_cap_drop | length); with a finding naming cap_drop: \(($no_cap_drop | length) - ($silent | length))",
    (if ($noisy | length) == 0 and ($silent | length) == 0 then "noise measure: PASS"
     else "noise measure: FAIL (over 80%: \([$noisy[].rule] | join(", ")); silent: \($silent | length))" end)' | tee "$out/result"
! grep -q 'noise measure: FAIL' "$out/result"
