#!/usr/bin/env bash
# Benchmarks `drydock inspect` on a ~1 GB image (bench/inspect/Dockerfile) against tar/gzip streaming of the same layers:
#   1. peak RSS of `drydock inspect` (engine, docker save archive, gzip OCI archive): the target is < 200 MB;
#   2. wall time of `drydock inspect ARCHIVE` against `tar -xOf ARCHIVE LAYERS | [gzip -dc |] tar -ti`, as a ratio
#      (target: within 1.3x), for the legacy uncompressed archive and for an OCI archive with gzip layers.
#   3. the engine fast path (a local overlay2 image read in place) against `docker save IMAGE | tar -t` (target: 5x
#      faster, < 100 MB), next to the export path it falls back to (DRYDOCK_INSPECT_EXPORT=1).
# Usage: bash bench/inspect/run.sh [RUNS]   (default 3 runs each; the median is reported)
#        DRYDOCK_BENCH_ENGINE_ONLY=1 bash bench/inspect/run.sh   measures only the engine rows (no archives written).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
runs="${1:-3}"
work="${DRYDOCK_BENCH_DIR:-/tmp/drydock-bench-inspect}"
mkdir -p "$work"

hash="$(cat bench/inspect/Dockerfile | sha256sum | cut -c1-12)"
image="drydock-bench/inspect-1g:$hash"
if ! docker image inspect "$image" >/dev/null 2>&1; then
  echo "bench: building $image (once)" >&2
  DOCKER_BUILDKIT=0 docker build --quiet --force-rm --label io.drydock.run=drydock-bench-inspect -t "$image" bench/inspect >/dev/null
fi

echo "bench: publishing drydock (Release)" >&2
dotnet publish src/Drydock.Cli -c Release -o "$work/drydock" --nologo -v quiet >/dev/null
drydock=("$work/drydock/drydock")

engine_only="${DRYDOCK_BENCH_ENGINE_ONLY:-0}"
legacy="$work/legacy-$hash.tar"
if [ "$engine_only" != 1 ] && [ ! -f "$legacy" ]; then
  echo "bench: docker save → $legacy" >&2
  docker save "$image" -o "$legacy"
fi
if [ "$engine_only" != 1 ]; then
mapfile -t legacy_layers < <(tar -xOf "$legacy" manifest.json | jq -r '.[0].Layers[]')

# An OCI-layout archive with gzip layers (what registries and newer engines hold), made from the same layers.
oci="$work/oci-gzip-$hash.tar"
if [ ! -f "$oci" ]; then
  echo "bench: building the gzip OCI archive → $oci" >&2
  rm -rf "$work/extract" "$work/oci" && mkdir -p "$work/extract" "$work/oci/blobs/sha256"
  tar -xf "$legacy" -C "$work/extract"
  layers_json="[]"
  for layer in "${legacy_layers[@]}"; do
    gzip -1 -c "$work/extract/$layer" > "$work/oci/blob.tmp"
    digest="$(sha256sum "$work/oci/blob.tmp" | cut -d' ' -f1)"
    size="$(stat -c %s "$work/oci/blob.tmp")"
    mv "$work/oci/blob.tmp" "$work/oci/blobs/sha256/$digest"
    layers_json="$(jq -c --arg d "sha256:$digest" --argjson s "$size" '. + [{mediaType:"application/vnd.oci.image.layer.v1.tar+gzip",digest:$d,size:$s}]' <<<"$layers_json")"
  done
  config="$(tar -xOf "$legacy" manifest.json | jq -r '.[0].Config')"
  config_digest="$(sha256sum "$work/extract/$config" | cut -d' ' -f1)"
  cp "$work/extract/$config" "$work/oci/blobs/sha256/$config_digest"
  jq -n -c --arg d "sha256:$config_digest" --argjson s "$(stat -c %s "$work/extract/$config")" --argjson layers "$layers_json" \
    '{schemaVersion:2,mediaType:"application/vnd.oci.image.manifest.v1+json",config:{mediaType:"application/vnd.oci.image.config.v1+json",digest:$d,size:$s},layers:$layers}' > "$work/oci/manifest.tmp"
  manifest_digest="$(sha256sum "$work/oci/manifest.tmp" | cut -d' ' -f1)"
  manifest_size="$(stat -c %s "$work/oci/manifest.tmp")"
  mv "$work/oci/manifest.tmp" "$work/oci/blobs/sha256/$manifest_digest"
  jq -n -c --arg d "sha256:$manifest_digest" --argjson s "$manifest_size" \
    '{schemaVersion:2,manifests:[{mediaType:"application/vnd.oci.image.manifest.v1+json",digest:$d,size:$s,platform:{architecture:"amd64",os:"linux"}}]}' > "$work/oci/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' > "$work/oci/oci-layout"
  tar -cf "$oci" -C "$work/oci" oci-layout index.json blobs
  rm -rf "$work/extract" "$work/oci"
fi
fi
[ "$engine_only" = 1 ] || mapfile -t oci_layers < <(tar -xOf "$oci" index.json | jq -r '.manifests[0].digest' | sed 's/sha256:/blobs\/sha256\//' | xargs -I{} tar -xOf "$oci" {} | jq -r '.layers[].digest' | sed 's/sha256:/blobs\/sha256\//')

# median SECONDS of RUNS runs of a command (wall clock); the page cache is warm for every contestant alike.
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
timed() {
  local i
  for i in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >/dev/null 2>&1
    cat "$work/time.out"
  done
}
wall() { awk '{ print $1 }' | median; }
rss() { awk '{ print $2 }' | sort -n | tail -1; }

[ "$engine_only" = 1 ] || cat "$legacy" "$oci" > /dev/null   # warm the page cache

echo "bench: measuring ($runs runs each)" >&2
# The fast path must be what the engine row measures: fail loudly if the JSON differs from the export's.
cmp <("${drydock[@]}" inspect "$image" --format json --fail-on none) <(DRYDOCK_INSPECT_EXPORT=1 "${drydock[@]}" inspect "$image" --format json --fail-on none) \
  || { echo "bench: the in-place read and the export disagree" >&2; exit 1; }
engine_times="$(timed "${drydock[@]}" inspect "$image" --format json --fail-on none)"
export_times="$(DRYDOCK_INSPECT_EXPORT=1 timed "${drydock[@]}" inspect "$image" --format json --fail-on none)"
peer_engine="$(timed bash -c 'docker save "$0" | tar -t' "$image")"
if [ "$engine_only" != 1 ]; then
legacy_times="$(timed "${drydock[@]}" inspect "$legacy" --format json --fail-on none)"
oci_times="$(timed "${drydock[@]}" inspect "$oci" --format json --fail-on none)"
peer_legacy="$(timed bash -c 'tar -xOf "$0" "$@" | tar -ti' "$legacy" "${legacy_layers[@]}")"
peer_oci="$(timed bash -c 'tar -xOf "$0" "$@" | gzip -dc | tar -ti' "$oci" "${oci_layers[@]}")"
fi

size="$(docker image inspect "$image" --format '{{.Size}}')"
files="$("${drydock[@]}" inspect "$image" --format json --fail-on none | jq '[.layers[].files] | add')"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo
echo "image: $image, $size bytes (docker image inspect), $files files in its layers; median of $runs runs"
echo
echo "| what | drydock inspect | peer streaming | ratio (drydock / peer) | drydock peak RSS |"
echo "|---|---|---|---|---|"
e_wall="$(wall <<<"$engine_times")"; pe_wall="$(wall <<<"$peer_engine")"; x_wall="$(wall <<<"$export_times")"
echo "| engine, overlay2 read in place (default) | $e_wall s | $pe_wall s (\`docker save IMAGE \| tar -t\`) | $(ratio "$e_wall" "$pe_wall") ($(ratio "$pe_wall" "$e_wall")x faster) | $(( $(rss <<<"$engine_times") / 1024 )) MB |"
echo "| engine export (\`GET /images/{name}/get\`, \`DRYDOCK_INSPECT_EXPORT=1\`) | $x_wall s | $pe_wall s (\`docker save IMAGE \| tar -t\`) | $(ratio "$x_wall" "$pe_wall") | $(( $(rss <<<"$export_times") / 1024 )) MB |"
[ "$engine_only" = 1 ] && exit 0
l_wall="$(wall <<<"$legacy_times")"; pl_wall="$(wall <<<"$peer_legacy")"
o_wall="$(wall <<<"$oci_times")"; po_wall="$(wall <<<"$peer_oci")"
echo "| docker save archive (uncompressed layers) | $l_wall s | $pl_wall s (\`tar -xOf ARCHIVE LAYERS \| tar -ti\`) | $(ratio "$l_wall" "$pl_wall") | $(( $(rss <<<"$legacy_times") / 1024 )) MB |"
echo "| OCI archive, gzip layers | $o_wall s | $po_wall s (\`tar -xOf ARCHIVE BLOBS \| gzip -dc \| tar -ti\`) | $(ratio "$o_wall" "$po_wall") | $(( $(rss <<<"$oci_times") / 1024 )) MB |"
