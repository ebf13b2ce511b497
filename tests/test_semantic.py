"""The bundled sentence embeddings: offline, normalised, and quiet (no logging set up behind our back)."""
from __future__ import annotations

import subprocess
import sys

import numpy as np

from briefing import semantic


def test_paraphrases_are_close_and_other_topics_are_not():
    sims = semantic.similarity_matrix(["The reading room has a new skylight", "The reading room now has a skylight",
                                       "Philip Morris to stop cigarette production in Australia"])
    assert sims[0, 1] > 0.9
    assert sims[0, 2] < 0.3
    assert np.allclose(np.diag(sims), 1.0, atol=1e-5)


def test_loading_the_model_leaves_logging_as_it_was():
    # the library configures the root logger at INFO on import; then httpx printed every request's URL
    code = ("import logging, sys; from briefing import semantic; semantic._model(); "
            "root = logging.getLogger(); sys.exit(0 if not root.handlers and root.level == logging.WARNING else 1)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
