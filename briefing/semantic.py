"""Sentence meaning as vectors: the bundled WordLlama static embeddings, loaded offline.

WordLlama (MIT) ships its weights inside its wheel and needs only numpy, so nothing is downloaded
at run time. Vectors are L2-normalised, so a dot product is a cosine. The model loads once per
process, on first use (about 0.3 s); embedding 30 short sentences takes about a millisecond.

This is the paraphrase side of "the same fact" only: two sentences that differ in a number, a
name or a negation can still have a high cosine, so callers combine it with the hard checks.
"""
from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

DIM = 256  # the bundled model's Matryoshka width; its full width, kept for accuracy


class SemanticUnavailable(RuntimeError):
    """The embedding model could not be loaded (package missing or damaged); the message says why."""


@lru_cache(maxsize=1)
def _model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub, whatever the library tries
    # wordllama calls logging.basicConfig(level=INFO) on import, which would print every HTTP
    # request of the openai writer (URLs with their credentials) on stderr: undo it.
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError as e:  # pragma: no cover - a dependency of the package
        raise SemanticUnavailable(f"the wordllama package is not installed ({e}); pip install wordllama") from e
    finally:
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
        root.setLevel(level)
    try:
        return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True, dim=DIM)
    except Exception as e:  # noqa: BLE001 - any failure to load is the same problem for the caller
        raise SemanticUnavailable(f"the wordllama model could not be loaded: {e}") from e


def embed(texts: Sequence[str]) -> np.ndarray:
    """One L2-normalised float32 row per text (a zero row for a text with no tokens)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = np.asarray(_model().embed(list(texts), norm=False), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def similarity_matrix(texts: Sequence[str]) -> np.ndarray:
    """Cosine of every pair of `texts` (a square matrix, 1 on the diagonal for non-empty texts)."""
    vectors = embed(texts)
    return vectors @ vectors.T


def similarity(a: str, b: str) -> float:
    """Cosine of two texts' meanings, in [-1, 1]."""
    va, vb = embed([a, b])
    return float(va @ vb)


def static_model():
    """The loaded WordLlama model (its tokenizer and token embedding table), for callers that pool
    token embeddings themselves (`briefing.cluster.gist`)."""
    return _model()
