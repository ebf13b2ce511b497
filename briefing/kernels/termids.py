"""Term ids of clustering's vocabulary by a compiled hash table (`cluster._Vocabulary`).

A term (ASCII: the tokens `tokens` finds) is known by the 64-bit FNV-1a hash of its bytes, as
boilerplate paragraphs are known by a 64-bit hash of theirs; two terms with one hash would share
an id (about one chance in 10^8 for a million terms). Looking up an article's few hundred terms
in a Python dict cost about 0.1 ms, the largest part of the counting's share in the calling
process; hashing the joined terms and probing this table takes a few microseconds.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from .tokens import fnv

_EMPTY = -1
_SPACE = 32


@njit(cache=True, nogil=True)
def _hashes(data):
    """`tokens.fnv` of each space-separated word of the bytes `data` (no empty word)."""
    count = 1
    for c in data:
        if c == _SPACE:
            count += 1
    out = np.empty(count, dtype=np.uint64)
    start = k = 0
    for end in range(len(data) + 1):
        if end == len(data) or data[end] == _SPACE:
            out[k] = fnv(data, start, end)
            k += 1
            start = end + 1
    return out


@njit(cache=True, nogil=True)
def _find(keys, values, hashes):
    """The id of each hash, or -1 when the table has none."""
    mask = np.uint64(len(keys) - 1)
    out = np.empty(len(hashes), dtype=np.int64)
    for i in range(len(hashes)):
        h = hashes[i]
        slot = h & mask
        while True:
            v = values[slot]
            if v == _EMPTY or keys[slot] == h:
                out[i] = v
                break
            slot = (slot + np.uint64(1)) & mask
    return out


@njit(cache=True, nogil=True)
def _put(keys, values, hashes, ids):
    mask = np.uint64(len(keys) - 1)
    for i in range(len(hashes)):
        h = hashes[i]
        slot = h & mask
        while values[slot] != _EMPTY and keys[slot] != h:
            slot = (slot + np.uint64(1)) & mask
        keys[slot] = h
        values[slot] = ids[i]


class TermTable:
    """term -> id, for terms given as one ASCII string of space-separated terms."""

    def __init__(self) -> None:
        self.keys = np.zeros(1 << 12, dtype=np.uint64)
        self.values = np.full(1 << 12, _EMPTY, dtype=np.int64)
        self.size = 0

    @staticmethod
    def hashes(joined: str) -> np.ndarray:
        return _hashes(np.frombuffer(joined.encode("ascii"), dtype=np.uint8))

    def find(self, hashes: np.ndarray) -> np.ndarray:
        """The id of each term hash, -1 for a term not in the table."""
        return _find(self.keys, self.values, hashes)

    def put(self, hashes: np.ndarray, ids: np.ndarray) -> None:
        """Adds terms that are not in the table yet."""
        if 2 * (self.size + len(hashes)) > len(self.keys):
            capacity = len(self.keys)
            while 2 * (self.size + len(hashes)) > capacity:
                capacity *= 2
            used = self.values != _EMPTY
            old_keys, old_values = self.keys[used], self.values[used]
            self.keys = np.zeros(capacity, dtype=np.uint64)
            self.values = np.full(capacity, _EMPTY, dtype=np.int64)
            _put(self.keys, self.values, old_keys, old_values)
        _put(self.keys, self.values, hashes, ids.astype(np.int64))
        self.size += len(hashes)
