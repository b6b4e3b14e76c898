#!/usr/bin/env sh
# Writes a tiny fake GGUF model, models/${LLM_MODEL:-model}.gguf, so the stack's `llm` service starts: the GGUF magic,
# version 3, zero tensors and zero metadata entries (little-endian), padded with zeros to 4 KiB. It is not a real model;
# the stand-in server only checks the magic. Without it the llm fails as in scenario S1 ("failed to read magic").
#
#   scripts/make-model.sh            # then: docker-compose up -d --build
#   rm models/*.gguf                 # back to S1's missing-model state
set -eu

here="$(cd "$(dirname "$0")/.." && pwd)"
model="$here/models/${LLM_MODEL:-model}.gguf"
mkdir -p "$here/models"

{
  printf 'GGUF'
  printf '\003\000\000\000'                      # version 3 (uint32)
  printf '\000\000\000\000\000\000\000\000'      # tensor count (uint64)
  printf '\000\000\000\000\000\000\000\000'      # metadata key/value count (uint64)
  head -c 4072 /dev/zero                         # padding to 4096 bytes
} > "$model.tmp"
mv "$model.tmp" "$model"
# The llm runs as uid 1000 and reads it through a read-only bind mount.
chmod 0644 "$model"
echo "wrote $model ($(wc -c < "$model") bytes)"
