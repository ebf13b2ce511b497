#!/usr/bin/env bash
# The main job on the example articles: ingest them, group them into stories, and write a cited
# memo per story plus an index to ./briefing-out (override with BRIEFING_OUT). Uses the default
# database unless BRIEFING_DB or --db says otherwise; extra arguments go to `briefing run`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
status=0
.venv/bin/briefing run examples/articles --out "${BRIEFING_OUT:-briefing-out}" "$@" || status=$?
# exit 4 means nothing was new since the last run (the memos are already there): fine for the demo
if [ "$status" -eq 4 ]; then exit 0; fi
exit "$status"
