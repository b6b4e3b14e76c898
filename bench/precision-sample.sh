#!/usr/bin/env bash
# Draws the precision sample of docs/precision.md: N warnings and errors (default 40) at random, with a fixed seed,
# from `drydock check` over the real-world corpus (bench/corpus/make-corpus.sh), and prints each with its source
# line so it can be judged by hand.
#   bench/precision-sample.sh [DRYDOCK] [CORPUS] [SEED] [N]   (defaults: the Release build, /tmp/corpus, 14, 40)
# The population is every warning and error of the default profile, sorted by file, line, column, rule and message;
# Python's random.Random(SEED).sample picks from it, so the same build on the same corpus draws the same findings.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
drydock="${1:-}"
if [ -z "$drydock" ]; then
  drydock="$repo/artifacts/drydock/drydock"
  [ -x "$drydock" ] || drydock="$repo/src/Drydock.Cli/bin/Release/net10.0/drydock"
fi
corpus="${2:-/tmp/corpus}"
seed="${3:-14}"
count="${4:-40}"
cd "$(dirname "$corpus")"
"$drydock" check "$(basename "$corpus")" --format json --fail-on none \
  | jq -c '[.findings[] | select(.severity == "warning" or .severity == "error")] | sort_by(.file, .line, .column, .rule, .message) | .[]' \
  | python3 -c '
import json, random, sys
seed, count = int(sys.argv[1]), int(sys.argv[2])
population = [json.loads(line) for line in sys.stdin]
print(f"population: {len(population)} warnings and errors; seed {seed}; sample {count}")
for number, finding in enumerate(random.Random(seed).sample(population, min(count, len(population))), 1):
    try:
        with open(finding["file"], encoding="utf-8", errors="replace") as source:
            text = source.read().splitlines()[finding["line"] - 1].strip()
    except (OSError, IndexError):
        text = ""
    print("%2d | %s | %s | %s:%d | %s | %s" % (number, finding["rule"], finding["severity"], finding["file"], finding["line"], finding["message"], text[:160]))
' "$seed" "$count"
