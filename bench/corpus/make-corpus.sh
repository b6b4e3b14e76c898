#!/usr/bin/env bash
# Re-creates the real-world corpus that docs/precision.md and bench/noise.sh measure, from the pinned commits in
# bench/corpus/repos.tsv. The repositories are public; this script reads them from local bare mirrors (one git
# directory per repository, named owner+name/repo under MIRRORS, as the session's fetch tool lays them out, or any
# `git clone --mirror` of them) and never writes inside the Drydock repository.
#   bench/corpus/make-corpus.sh [MIRRORS] [DEST]      (defaults: /work/.mirror and /tmp/corpus)
# Each repository becomes DEST/owner+name, a plain tree of the pinned commit (git archive, no .git).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
mirrors="${1:-/work/.mirror}"
dest="${2:-/tmp/corpus}"
mkdir -p "$dest"
while IFS=$'\t' read -r repo commit _; do
  [[ -z "$repo" || "$repo" == \#* ]] && continue
  name="${repo/\//+}"
  git_dir="$mirrors/$name/repo"
  [ -d "$git_dir" ] || git_dir="$mirrors/$name.git"
  if ! git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "make-corpus: $repo: commit $commit not in $git_dir (fetch or clone --mirror https://github.com/$repo there)" >&2
    exit 2
  fi
  rm -rf "${dest:?}/$name"
  mkdir -p "$dest/$name"
  git --git-dir="$git_dir" archive "$commit" | tar -x -C "$dest/$name"
  echo "make-corpus: $repo @ ${commit:0:12} -> $dest/$name" >&2
done < repos.tsv
