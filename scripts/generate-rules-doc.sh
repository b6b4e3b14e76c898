#!/usr/bin/env bash
# Regenerates docs/rules.md from the rule catalogue (RuleCatalog). A test fails while the committed file is stale.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dotnet run --project src/Drydock.Cli --verbosity quiet -- rules --format markdown > docs/rules.md
echo "generate-rules-doc: wrote docs/rules.md ($(grep -c '^## ' docs/rules.md) rules)" >&2
