#!/usr/bin/env bash
# Creates .venv (if missing) and installs briefing into it with the extras named in $1.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
log=.venv/install.log
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip > "$log" 2>&1 || { cat "$log"; exit 1; }
fi
# Build-backend chatter goes to the log; it is shown only if the install fails.
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras:+[$extras]}" > "$log" 2>&1 \
  || { cat "$log"; exit 1; }
