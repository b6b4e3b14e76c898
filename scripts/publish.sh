#!/usr/bin/env bash
# Publishes drydock as one self-contained, ReadyToRun file per runtime: no .NET needed where it runs.
# Output: artifacts/publish/<rid>/drydock (the runtime packs come from NuGet on the first run).
#
# Usage: scripts/publish.sh [--trim] [--output DIR] [RID...]   (RID: linux-x64, linux-arm64; default both)
#   --trim     also trim unused code (smaller; trim warnings fail the publish)
#   --output   write to DIR/<rid> instead of artifacts/publish/<rid>
set -euo pipefail

log() { echo "publish: $*" >&2; }
die() { echo "publish: error: $*" >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUTPUT="$ROOT/artifacts/publish"
TRIM=false
RIDS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --trim) TRIM=true; shift ;;
    --output) [ $# -ge 2 ] || die "--output needs a directory"; OUTPUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    linux-x64|linux-arm64) RIDS+=("$1"); shift ;;
    *) die "unknown argument '$1' (runtimes: linux-x64, linux-arm64; see --help)" ;;
  esac
done
[ "${#RIDS[@]}" -gt 0 ] || RIDS=(linux-x64 linux-arm64)

# A self-contained (and maybe trimmed) ReadyToRun publish leaves R2R images compiled against its own runtime in
# obj/Release/net10.0/<rid>/; a later framework-dependent `dotnet publish -r <rid>` in the same tree (scripts/demo.sh)
# would reuse them and abort at start-up. So this publish runs on a copy of the sources, with obj/ and bin/ of its own.
SOURCES="$(mktemp -d)"
trap 'rm -rf "$SOURCES"' EXIT
cp -r "$ROOT/src" "$ROOT/Directory.Build.props" "$ROOT/Directory.Packages.props" "$ROOT/global.json" "$ROOT/README.md" "$SOURCES/"
[ ! -f "$ROOT/.editorconfig" ] || cp "$ROOT/.editorconfig" "$SOURCES/"
rm -rf "$SOURCES"/src/*/bin "$SOURCES"/src/*/obj

for rid in "${RIDS[@]}"; do
  started=$SECONDS
  # ReadyToRun code for arm64 is compiled here by the x64 crossgen2 package, which targets every architecture.
  dotnet publish "$SOURCES/src/Drydock.Cli" --configuration Release --runtime "$rid" --self-contained true \
    -p:PublishSingleFile=true -p:PublishReadyToRun=true -p:PublishTrimmed="$TRIM" \
    -p:DebugType=none --output "$OUTPUT/$rid" --nologo --verbosity quiet >&2
  log "$rid: $OUTPUT/$rid/drydock ($(du -h "$OUTPUT/$rid/drydock" | cut -f1), $((SECONDS - started)) s)"
done
