#!/usr/bin/env python3
"""Generates a deterministic build-context tree for the walker benchmark.

usage: make-tree.py DIR [FILES]   (default 100000 files)

The shape is a typical service repository: sources under src/ and tests/, a node_modules/ and a .git/ that
the .dockerignore excludes (about a third of the files), build output (bin/, obj/, dist/), docs, and a few
large assets. File contents are small (0-2 KiB) so the tree is quick to create; the walker does not read them.
"""
import os
import random
import sys

IGNORE = """# typical .dockerignore (20 patterns)
.git
.gitignore
.dockerignore
**/node_modules
**/bin
**/obj
dist
coverage
**/__pycache__
**/*.pyc
*.log
**/*.tmp
.vscode
.idea
docs/**/*.pdf
tests/fixtures/large
!tests/fixtures/large/keep.txt
**/.DS_Store
.env
*.md
"""


def main() -> None:
    root = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    rng = random.Random(20240501)
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, ".dockerignore"), "w") as f:
        f.write(IGNORE)
    areas = [
        ("src", 0.30, [".cs", ".py", ".js", ".ts", ".json"]),
        ("tests", 0.12, [".cs", ".py", ".txt", ".tmp"]),
        ("node_modules", 0.25, [".js", ".json", ".md", ".d.ts"]),
        (".git/objects", 0.10, [""]),
        ("docs", 0.05, [".md", ".pdf", ".png"]),
        ("services", 0.13, [".cs", ".log", ".pyc", ".json"]),
        ("dist", 0.05, [".js", ".map"]),
    ]
    made = 0
    for area, share, extensions in areas:
        count = int(total * share) if area != areas[-1][0] else total - made
        dirs = [area]
        for i in range(count):
            if i % 12 == 0:
                parent = rng.choice(dirs)
                depth = parent.count("/")
                child = parent + "/" + rng.choice(["lib", "core", "util", "bin", "obj", "pkg", "mod", "x", "__pycache__", "sub"]) + str(rng.randrange(1000))
                if depth < 7:
                    dirs.append(child)
                    os.makedirs(os.path.join(root, child), exist_ok=True)
            directory = rng.choice(dirs)
            os.makedirs(os.path.join(root, directory), exist_ok=True)
            name = "f%05d%s" % (i, rng.choice(extensions))
            with open(os.path.join(root, directory, name), "wb") as f:
                f.write(b"x" * rng.randrange(0, 2048))
            made += 1
    print(f"{made} files under {root}", file=sys.stderr)


if __name__ == "__main__":
    main()
