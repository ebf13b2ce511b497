#!/usr/bin/env bash
# Creates .venv (if missing) and installs briefing into it with the extras named in $1.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
log=.venv/install.log
# llama-cpp-python builds llama.cpp from source. Its default build targets this very CPU
# (GGML_NATIVE), and on CPUs with AMX and AVX-512 (recent Xeons) that build crashes with a
# segmentation fault at the first token. Build for AVX2 instead, which any x86-64 CPU since
# 2013 runs, unless the caller set CMAKE_ARGS. pip caches the wheel it builds.
export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF}"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip > "$log" 2>&1 || { cat "$log"; exit 1; }
fi
# Build-backend chatter goes to the log; it is shown only if the install fails.
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras:+[$extras]}" > "$log" 2>&1 \
  || { cat "$log"; exit 1; }
# numba compiles briefing's kernels at their first call (about a minute on a slow machine) and
# caches them in briefing/kernels/__pycache__: do it here, once for each version of the code, rather than
# in the first run (`briefing/kernels/warmup.py`).
stamp=.venv/warmup.stamp
digest=$(find briefing -name '*.py' | sort | xargs cat | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
  .venv/bin/python -m briefing.kernels.warmup && echo "$digest" > "$stamp"
fi
