"""The MinHash band keys of the stored articles held in memory during a big ingest, compiled with numba.

`dedup` finds near-duplicate candidates as the stored articles that share MIN_SHARED_BANDS or
more band keys with a new one. The database answers that from `minhash_bands` (a B-tree of 16
rows an article), but in a big ingest each question and each insert reads pages of that tree
at random places: about 0.5 ms an article at 100,000 articles, most of what the storing process
does. This index answers the same question from memory: a hash table from band key to the
articles holding it (a linked list each), loaded once from the database and grown as articles
are stored, while their rows go to the database a transaction at a time, sorted by key.
`tests/test_ingest_store.py` checks that an ingest with it stores what one without it stores.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
from numba import njit

_EMPTY = -1


@njit(cache=True, nogil=True)
def _slot(table_keys, heads, key):
    mask = len(heads) - 1
    slot = (np.uint64(key) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(40)
    slot = np.int64(slot) & mask
    while heads[slot] != _EMPTY and table_keys[slot] != key:
        slot = (slot + 1) & mask
    return slot


@njit(cache=True, nogil=True)
def _add(table_keys, heads, ids, nexts, used, keys, article_ids):
    """Adds (keys[k], article_ids[k]) pairs; returns how many table slots became used."""
    filled = 0
    for k in range(len(keys)):
        slot = _slot(table_keys, heads, keys[k])
        if heads[slot] == _EMPTY:
            table_keys[slot] = keys[k]
            filled += 1
        ids[used + k] = article_ids[k]
        nexts[used + k] = heads[slot]
        heads[slot] = used + k
    return filled


@njit(cache=True, nogil=True)
def _candidates(table_keys, heads, ids, nexts, keys, min_shared):
    """The articles holding at least min_shared of the (distinct) keys, in ascending order."""
    total = 0
    for key in keys:
        entry = heads[_slot(table_keys, heads, key)]
        while entry != _EMPTY:
            total += 1
            entry = nexts[entry]
    found = np.empty(total, dtype=np.int64)
    p = 0
    for key in keys:
        entry = heads[_slot(table_keys, heads, key)]
        while entry != _EMPTY:
            found[p] = ids[entry]
            p += 1
            entry = nexts[entry]
    found.sort()
    out = np.empty(total, dtype=np.int64)
    n = 0
    k = 0
    while k < total:
        j = k
        while j < total and found[j] == found[k]:
            j += 1
        if j - k >= min_shared:
            out[n] = found[k]
            n += 1
        k = j
    return out[:n]


class BandIndex:
    """band key -> the articles holding it."""

    def __init__(self) -> None:
        self.table_keys = np.zeros(1 << 16, dtype=np.int64)  # slot -> key
        self.heads = np.full(1 << 16, _EMPTY, dtype=np.int64)  # slot -> its newest pair
        self.keys = np.zeros(1 << 16, dtype=np.int64)  # pair -> key, article id, the next older pair of that key
        self.ids = np.zeros(1 << 16, dtype=np.int64)
        self.nexts = np.zeros(1 << 16, dtype=np.int64)
        self.used = 0  # pairs held
        self.filled = 0  # table slots in use

    @classmethod
    def of(cls, rows: Iterable[tuple[int, int]]) -> "BandIndex":
        """The index of these (key, article id) rows."""
        index = cls()
        keys, ids = [], []
        for key, article_id in rows:
            keys.append(key)
            ids.append(article_id)
            if len(keys) >= 1 << 16:
                index.add(np.array(keys, dtype=np.int64), np.array(ids, dtype=np.int64))
                keys, ids = [], []
        index.add(np.array(keys, dtype=np.int64), np.array(ids, dtype=np.int64))
        return index

    def add(self, keys: np.ndarray, article_ids: np.ndarray) -> None:
        """Adds (key, article id) pairs (no pair twice)."""
        if self.used + len(keys) > len(self.ids):
            size = len(self.ids)
            while self.used + len(keys) > size:
                size *= 2
            self.keys, self.ids, self.nexts = (np.concatenate([a, np.zeros(size - len(a), dtype=np.int64)])
                                               for a in (self.keys, self.ids, self.nexts))
        self.keys[self.used:self.used + len(keys)] = keys
        if 2 * (self.filled + len(keys)) > len(self.heads):
            size = len(self.heads)
            while 2 * (self.filled + len(keys)) > size:
                size *= 2
            self.table_keys = np.zeros(size, dtype=np.int64)
            self.heads = np.full(size, _EMPTY, dtype=np.int64)
            self.filled = _add(self.table_keys, self.heads, self.ids, self.nexts, 0, self.keys[:self.used],
                               self.ids[:self.used].copy())
        self.filled += _add(self.table_keys, self.heads, self.ids, self.nexts, self.used, keys, article_ids)
        self.used += len(keys)

    def candidates(self, keys: list[int], min_shared: int) -> list[int]:
        """The articles holding at least `min_shared` of these keys, in ascending order."""
        return _candidates(self.table_keys, self.heads, self.ids, self.nexts,
                           np.array(sorted(set(keys)), dtype=np.int64), min_shared).tolist()
