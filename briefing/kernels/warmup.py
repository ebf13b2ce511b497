"""Compiles briefing's numba functions ahead of the first run: `python -m briefing.kernels.warmup`.

numba compiles a function at its first call and caches the machine code (in
`briefing/__pycache__`, or a user cache folder when that is not writable), so only the first run
after an install pays for the compiler: about a minute on a slow machine. `scripts/bootstrap.sh`
runs this after installing, so that minute is spent there and not in the first `briefing run`.
It ingests and clusters a few generated articles in a temporary database, which calls every
compiled function with the argument types a real run uses, and holds their band keys in memory
as a big ingest does.
"""
from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

_WORDS = ("council harbour bridge vote engineers repair budget mayor residents river port ferry tender cost "
          "delay strike union wages court ruling appeal minister talks election party police floods rescue "
          "valley storm villages roads schools hospital doctors nurses prices market shares bank inflation").split()


def _article(rng: random.Random, number: int) -> str:
    sentences = [f"Mr. Jan Novak of the U.S. Harbour Board spoke in Port Elm on day {number}."]
    for _ in range(12):
        words = [rng.choice(_WORDS) for _ in range(rng.randrange(8, 16))]
        sentences.append(" ".join(words).capitalize() + rng.choice([".", "!", "?"]))
    return "Harbour talks go on\n" + " ".join(sentences) + "\n\u201cWe will see,\u201d she said."


def warm() -> float:
    """Compiles (or loads from the cache) every compiled function; returns the seconds it took."""
    import numpy as np

    from .. import api
    from .bandindex import BandIndex
    from ..store.sqlite import Store

    started = time.monotonic()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory(prefix="briefing-warmup-") as folder:
        root = Path(folder)
        for k in range(6):
            (root / f"{k}.txt").write_text(_article(rng, k), encoding="utf-8")
        with Store(root / "warmup.db") as store:
            api.ingest_paths(store, [root])
            api.update_stories(store)
    # the name-word cosines of two longer articles published a week apart (the few generated here are short)
    from scipy import sparse

    from .names import NameRows, name_word_rows, pair_cosines

    rows = NameRows.of(name_word_rows(sparse.csr_matrix(np.ones((2, 1), dtype=np.float32)), ["e_jan_novak_port_elm"]))
    pair_cosines(rows, np.array([0]), np.array([1]))
    index = BandIndex.of([(1, 1), (2, 1)])
    index.add(np.array([1], dtype=np.int64), np.array([2], dtype=np.int64))
    index.candidates([1, 2], 1)
    return time.monotonic() - started


if __name__ == "__main__":
    print("briefing: compiling the numba functions (about a minute the first time; cached after)", flush=True)
    print(f"briefing: compiled functions ready ({warm():.1f} s)")
