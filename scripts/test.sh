#!/usr/bin/env bash
# The whole test suite: installs everything it needs into .venv, then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh test
.venv/bin/ruff check --quiet briefing tests benchmarks
.venv/bin/python -m pytest "$@"
