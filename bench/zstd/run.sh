#!/usr/bin/env bash
# Measures zstd layer decoding: Drydock's stream over libzstd (P/Invoke) against the same stream over the managed port
# ZstdSharp.Port, on the same file, alternating, in one process (warm JIT and page cache for both). Drydock switches to
# the managed decoder only if it is not slower.
# The input: `docker save drydock-base/dotnet-sdk:10.0 | zstd -3` (about 0.7 GB of tar, thousands of small files).
# Usage: bash bench/zstd/run.sh [ROUNDS]   (default 5; the median is reported)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rounds="${1:-5}"
work="${DRYDOCK_BENCH_DIR:-/tmp/drydock-bench-zstd}"
mkdir -p "$work"
input="$work/sdk.tar.zst"
if [ ! -s "$input" ]; then
  echo "bench: docker save drydock-base/dotnet-sdk:10.0 | zstd -3 → $input" >&2
  docker save drydock-base/dotnet-sdk:10.0 | zstd -3 -q -f -o "$input"
fi
dotnet run -c Release --project bench/Drydock.Benchmarks -- zstd "$input" "$rounds"
