#!/usr/bin/env bash
# A plain (non-editable) install works from any folder: build the wheel, install it into a fresh
# venv, and run the main job on the example articles from a temporary folder, with the default
# llama writer and with the extractive writer. CI runs this after the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip > "$work/pip.log" 2>&1 \
  || { cat "$work/pip.log"; exit 1; }
"$work/venv/bin/python" -m pip wheel --quiet --disable-pip-version-check --no-deps -w "$work/dist" "$repo" \
  > "$work/pip.log" 2>&1 || { cat "$work/pip.log"; exit 1; }
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$work"/dist/briefing-*.whl \
  > "$work/pip.log" 2>&1 || { cat "$work/pip.log"; exit 1; }
cp -r "$repo/examples/articles" "$work/articles"
cd "$work"
export BRIEFING_DB="$work/briefing.db"
for writer in extractive llama; do
  rm -rf "out-$writer" "$BRIEFING_DB"
  "$work/venv/bin/briefing" -q run articles --out "out-$writer" --writer "$writer" --format md,html
  n=$(find "out-$writer/stories" -name '*.md' | wc -l)
  h=$(find "out-$writer/stories" -name '*.html' | wc -l)
  if [ "$n" -lt 1 ] || [ "$n" -ne "$h" ] || [ ! -s "out-$writer/index.html" ]; then
    echo "install check: the $writer writer wrote $n md and $h html memos" >&2; exit 1
  fi
  echo "install check: wheel installed outside the checkout, $writer writer wrote $n memos (md + html)"
done
