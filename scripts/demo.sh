#!/usr/bin/env bash
# The main job on the example articles: ingest them and group them into stories.
# Uses the default database unless BRIEFING_DB or --db says otherwise; extra arguments go to
# `briefing cluster` (e.g. --json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/briefing cluster examples/articles "$@"
