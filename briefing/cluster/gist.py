"""What a headline or a short item means, as a vector, for the clustering's pair evidence.

Two headlines of one event often share no word ("Philip Morris to quit Australian cigarette
manufacturing" / "... to stop cigarette production in Australia"), and two headlines of different
events can share most of theirs; word counts alone cannot tell. The bundled WordLlama static
embeddings (`briefing.semantic`: MIT, weights inside the wheel, no download) can: a text's vector
is the mean of its tokens' embedding rows.

`GistEncoder.vectors` gives what `semantic.embed` gives for a text of single-spaced words, built
word by word: the tokenizer (BPE after spaces become "▁", no pre-tokenizer) never merges across a
"▁" boundary here, so a text's tokens are its words' tokens in order, and each distinct word is
tokenized once. Tokenizing whole texts costs about 0.15 ms each (100,000 headlines: 15 s); by word,
a corpus of headlines costs a few microseconds a word it has not met before.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from scipy import sparse

from .. import semantic


class GistEncoder:
    """L2-normalised mean token embeddings of texts; distinct words are tokenized once."""

    def __init__(self):
        model = semantic.static_model()
        self._table = np.asarray(model.embedding, dtype=np.float32)
        self._tokenize = model.tokenizer.model.tokenize
        self._words: dict[str, int] = {}       # word -> its row in the word matrix below
        self._rows: list[np.ndarray] = []      # per word: the sum of its tokens' embedding rows
        self._counts: list[int] = []           # per word: how many tokens it has

    def _word_index(self, word: str) -> int:
        k = self._words.get(word)
        if k is None:
            ids = [t.id for t in self._tokenize("\u2581" + word)]
            ids = np.clip(np.array(ids, dtype=np.int64), 0, len(self._table) - 1)
            self._rows.append(self._table[ids].sum(axis=0) if len(ids) else np.zeros(self._table.shape[1], np.float32))
            self._counts.append(len(ids))
            k = self._words[word] = len(self._rows) - 1
        return k

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """One float32 row per text, L2-normalised (a zero row for a text without words)."""
        dim = self._table.shape[1]
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        per_text = [[self._word_index(w) for w in t.split()] for t in texts]
        lens = np.fromiter(map(len, per_text), dtype=np.int64, count=len(per_text))
        cols = np.fromiter((k for ks in per_text for k in ks), dtype=np.int64, count=int(lens.sum()))
        rows = np.repeat(np.arange(len(texts)), lens)
        words = sparse.csr_matrix((np.ones(len(cols), dtype=np.float32), (rows, cols)),
                                  shape=(len(texts), len(self._rows)))
        # the sum over tokens (the mean's scale does not matter: rows are normalised)
        out = np.asarray(words @ np.vstack(self._rows)) if self._rows else np.zeros((len(texts), dim), np.float32)
        out = out.astype(np.float32, copy=False)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


COSINE_BLOCK = 4096  # pairs whose vectors are gathered at a time (a few MiB, whatever the number of pairs)


def pair_cosines(vectors: np.ndarray, index: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Cosine of the vectors of articles rows[k] and cols[k]; `index` maps an article to its row
    of `vectors` (-1: none, cosine nan). Computed a block of pairs at a time: gathering the
    vectors of all pairs at once would hold two copies of 256 floats per pair."""
    a, b = index[rows], index[cols]
    known = np.flatnonzero((a >= 0) & (b >= 0))
    out = np.full(len(rows), np.nan, dtype=np.float32)
    for start in range(0, len(known), COSINE_BLOCK):
        part = known[start:start + COSINE_BLOCK]
        out[part] = np.einsum("ij,ij->i", vectors[a[part]], vectors[b[part]])
    return out
