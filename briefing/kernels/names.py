"""The names an article mentions, word by word: evidence that two look-alike articles report
different events.

Two earthquakes, two hijackings or two shootings share most of their words ("magnitude",
"rescuers", "killed"), but not the places and people they name. The clustering's names field
(`tokens.name_terms`) holds each run of capitalised words as one term ("e_president_enrique_
pena_nieto"); two reports of one event often name the same person in different runs ("Pena
Nieto", "President Enrique Pena Nieto"; "Osama bin Laden", "bin Laden"), so runs compare badly.
Here each run is split into its words ("enrique", "pena", "nieto"), leaving out stop words,
weekdays, months and titles ("Tuesday", "President"), which name no one; an article's name words,
weighted by IDF over the articles clustered, make an L2-normalised row. The cosine of two rows
(`pair_cosines`, compiled with numba) is how much two articles name the same.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit
from scipy import sparse

from ..stopwords import ENGLISH

MIN_NAME_WORDS = 3  # an article naming fewer distinct words than this gives no evidence (nan cosine)
_NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december jan feb mar apr jun jul aug sep sept oct nov dec "
    "mr mrs ms dr sir president prime minister secretary chairman chief gov sen rep gen".split()) | ENGLISH


def _words_of(term: str) -> list[str]:
    """The words of a name term ("e_mexico_city" -> ["mexico", "city"]) that name someone or somewhere."""
    return [w for w in set(term[2:].split("_")) if len(w) > 1 and not w.isdigit() and w not in _NOT_NAMES]


def name_word_rows(names: sparse.csr_matrix, terms: list[str]) -> sparse.csr_matrix:
    """One L2-normalised float32 row per article of its name words, IDF-weighted. `names`: the
    articles' names field (n x len(terms), a positive value for a name found, 0 for none), `terms` the name
    term of each column. Deterministic: words get columns in the order of first appearance in
    `terms`, and the result depends only on which names each article has."""
    n = names.shape[0]
    word_ids: dict[str, int] = {}
    term_rows, word_cols = [], []
    for k, term in enumerate(terms):
        for word in _words_of(term):
            term_rows.append(k)
            word_cols.append(word_ids.setdefault(word, len(word_ids)))
    if not word_ids:
        return sparse.csr_matrix((n, 0), dtype=np.float32)
    split = sparse.csr_matrix((np.ones(len(term_rows), dtype=np.float32), (term_rows, word_cols)),
                              shape=(len(terms), len(word_ids)))
    present = sparse.csr_matrix(names, dtype=np.float32, copy=True)
    present.eliminate_zeros()
    present.data[:] = 1.0
    words = (present @ split).tocsr()
    words.data[:] = 1.0  # a word counts once, however many of the article's names hold it
    df = np.bincount(words.indices, minlength=len(word_ids))
    idf = (np.log((1.0 + n) / (1.0 + df)) + 0.5).astype(np.float32)
    words.data *= idf[words.indices]
    norms = np.sqrt(np.asarray(words.multiply(words).sum(axis=1)).ravel())
    words.data /= np.repeat(np.where(norms > 0, norms, 1.0), np.diff(words.indptr)).astype(np.float32)
    words.sort_indices()
    return words


@njit(cache=True, nogil=True)
def _pair_cosines(indptr, indices, data, rows, cols, least):
    out = np.empty(len(rows), dtype=np.float32)
    for k in range(len(rows)):
        a0, a1 = indptr[rows[k]], indptr[rows[k] + 1]
        b0, b1 = indptr[cols[k]], indptr[cols[k] + 1]
        if a1 - a0 < least or b1 - b0 < least:
            out[k] = np.nan
            continue
        total = np.float32(0.0)
        while a0 < a1 and b0 < b1:  # both rows' columns are sorted: one merge
            if indices[a0] == indices[b0]:
                total += data[a0] * data[b0]
                a0 += 1
                b0 += 1
            elif indices[a0] < indices[b0]:
                a0 += 1
            else:
                b0 += 1
        out[k] = total
    return out


class NameRows(NamedTuple):
    """`name_word_rows` as the arrays the compiled `pair_cosines` reads (converted once)."""
    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray

    @classmethod
    def of(cls, words: sparse.csr_matrix) -> "NameRows":
        return cls(words.indptr.astype(np.int64), words.indices.astype(np.int64), words.data.astype(np.float32))


def pair_cosines(words: NameRows, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Cosine of the name-word rows of articles rows[k] and cols[k] (float32); nan when either
    names fewer than MIN_NAME_WORDS words (too few to say they name different things)."""
    if not len(rows):
        return np.zeros(0, dtype=np.float32)
    return _pair_cosines(words.indptr, words.indices, words.data, np.asarray(rows, dtype=np.int64),
                         np.asarray(cols, dtype=np.int64), MIN_NAME_WORDS)
