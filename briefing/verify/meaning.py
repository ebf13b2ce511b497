"""Does a claim say, in other words, what its cited sentences say? The paraphrase side of support.

`checks.check` asks this only of a claim that passed every hard check (names, roles, numbers,
dates, negation, statement) but shares too few words with its sources (lexical coverage below
`checks.MIN_COVERAGE`): "The reading room now has a skylight" for "The reading room has a new
skylight", a reordering, a summary of two sentences. Two signals, both from the bundled WordLlama
embeddings (`briefing.semantic`, offline):

- **soft coverage**: the share of the claim's content words that the sources hold, a word
  counting as held when the sources have it (same stem) or a plain word whose embedding is close
  to it (`WORD_MATCH`: killed ~ died, bought ~ purchased). Capitalised words never match softly
  (Russia ~ Moscow is 0.74): names stay with the hard checks;
- **sentence cosine**: the claim against each source sentence and against the sources that
  resemble it most, together (a claim that sums up two sentences).

A claim is supported by meaning when its soft coverage reaches MIN_SOFT_COVERAGE and its cosine
reaches MIN_COSINE. Both thresholds were chosen on the even rows of WiCE dev and checked on the odd
ones (`benchmarks/verify_wice.py --calibrate`); one configuration for every input.

What it cannot see: who did what to whom when all the words are there, and any fact the hard
checks do not read. It never refuses a claim on its own: it only lifts the word-overlap gate.
Cost: asked only of claims that pass the hard checks on too few shared words (an extractive
memo's copies never need it, and its model is then not even loaded); about 3 ms a claim whose
words and sentences are new, 0.2 ms when they were embedded before (cached), plus about 0.3 s
once per process to load the model.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from .. import semantic

WORD_MATCH = 0.5          # cosine at which a source word says a claim word (killed ~ died 0.71, new ~ now 0.41)
MIN_SOFT_COVERAGE = 0.65  # share of the claim's content words the sources must hold, synonyms included
MIN_COSINE = 0.3          # cosine of the claim with its closest source sentence(s)
TOGETHER = 2              # source sentences read together, the closest ones, for a claim that sums them up
METHOD = "meaning"        # how `memo.verification.method` names this side


@dataclass(frozen=True)
class Meaning:
    soft_coverage: float   # share of claim content words held by the sources, near-synonyms counted
    cosine: float          # best cosine of the claim with a source sentence or the closest ones together
    names_only: bool = False   # none of the claim's plain words is held, as written or in other words

    @property
    def supported(self) -> bool:
        return not self.names_only and self.soft_coverage >= MIN_SOFT_COVERAGE and self.cosine >= MIN_COSINE


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether the embedding model loads (on first need, about 0.3 s); without it the verifier is
    lexical only."""
    try:
        semantic.embed(["a"])
        return True
    except semantic.SemanticUnavailable:
        return False


def in_use() -> bool:
    """Whether the meaning side judges claims, without loading the model for a memo whose claims
    never need it (an extractive memo's copies pass on their words): the package is installed and
    no attempt to load it has failed."""
    if available.cache_info().currsize:
        return available()
    return importlib.util.find_spec("wordllama") is not None


_seen: dict[str, np.ndarray] = {}
_SEEN_MAX = 20_000   # texts whose vectors are kept (1 KB each), then forgotten all at once (a long-running process)


def _vectors(texts: Sequence[str]) -> np.ndarray:
    """Rows for `texts`, each embedded once per process (source sentences and words recur across
    claims); the unseen ones in one batch."""
    if not texts:
        return np.zeros((0, semantic.DIM), dtype=np.float32)
    new = [t for t in dict.fromkeys(texts) if t not in _seen]
    if new:
        if len(_seen) + len(new) > _SEEN_MAX:
            _seen.clear()
            new = list(dict.fromkeys(texts))
        _seen.update(zip(new, semantic.embed(new)))
    return np.stack([_seen[t] for t in texts])


def soft_coverage(claim_words: Sequence[str], held: int, total: int, source_words: Sequence[str]) -> float:
    """Share of the claim's `total` content words held: `held` of them are in the sources as
    written; each of `claim_words` (the plain ones the sources lack; a missing name is not one)
    counts when some source word is within WORD_MATCH of it."""
    if not total:
        return 0.0
    if not claim_words or not source_words:
        return held / total
    cw = _vectors(list(claim_words))
    sw = _vectors(sorted(set(source_words)))
    matched = int(((cw @ sw.T).max(axis=1) >= WORD_MATCH).sum())
    return (held + matched) / total


def cosine(claim: str, sources: Sequence[str]) -> float:
    """Best cosine of the claim with one source sentence or with its TOGETHER closest ones read together."""
    sources = [s for s in sources if s and s.strip()]
    if not sources:
        return 0.0
    q = _vectors([claim])[0]
    sims = _vectors(sources) @ q
    best = float(sims.max())
    if len(sources) > 1:
        closest = sorted(np.argsort(-sims, kind="stable")[:TOGETHER])   # in source order
        best = max(best, float(_vectors([" ".join(sources[i] for i in closest)])[0] @ q))
    return best


def judge(claim: str, sources: Sequence[str], claim_words: Sequence[str], held: int, total: int,
          source_words: Sequence[str]) -> Meaning:
    """The meaning evidence for a claim whose words the sources do not all hold (module docstring)."""
    return Meaning(soft_coverage=round(soft_coverage(claim_words, held, total, source_words), 4),
                   cosine=round(cosine(claim, sources), 4))
