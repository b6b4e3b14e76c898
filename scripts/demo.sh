#!/usr/bin/env bash
# The main job on a fresh machine of this kind: installs and starts what is needed, builds Drydock, and runs
# `drydock verify` on the bundled example (examples/notes). Everything verify starts is removed when it ends, however it ends.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup-engine.sh
bash scripts/build-base-images.sh

echo "demo: building drydock (artifacts/drydock)" >&2
dotnet publish src/Drydock.Cli --configuration Release --runtime linux-x64 --self-contained false \
  -p:PublishReadyToRun=true --output artifacts/drydock --nologo --verbosity quiet
DRYDOCK=artifacts/drydock/drydock

"$DRYDOCK" engine
"$DRYDOCK" check examples/notes --fail-on error

# The main job: build, start, probe and measure examples/notes against its drydock.yml, then tear it all down.
# The report also lands in artifacts/report (report.md, report.json, junit.xml).
"$DRYDOCK" verify examples/notes --report-dir artifacts/report
