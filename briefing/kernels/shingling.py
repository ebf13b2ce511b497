"""The MinHash signature of a text's word 5-shingles (`dedup.minhash`), compiled with numba.

One pass over the lower-cased UTF-8 bytes finds the words (runs of the word bytes `dedup._WORD`
names: ASCII letters, digits, "_" and every byte of a non-ASCII character) and their CRC-32
(zlib's), then the shingle hashes, their mix and the least in each bin, as `dedup`'s definition
says, value for value. Before it, the words were bytes objects and each step a numpy call on a
few hundred values: about 0.3 ms an article, a sixth of ingest's work; now about a fifth of
that. tests/test_dedup_signature.py compares it with the plain definition on real and random
texts.
"""
from __future__ import annotations

import numpy as np
from numba import njit


def _crc_table() -> np.ndarray:
    table = np.zeros(256, dtype=np.uint32)
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0xEDB88320 if c & 1 else c >> 1
        table[n] = c
    return table


_CRC = _crc_table()  # zlib's CRC-32 (reflected polynomial 0xEDB88320), a byte at a time


@njit(cache=True, nogil=True)
def _signature(data, word_byte, crc, max_words, min_words, shingle, num_perm, bin_shift, mul, add, combine):
    """The signature of the lower-cased UTF-8 bytes `data`, or an empty array under min_words words."""
    hashes = np.empty(min(max_words, len(data) // 2 + 1), dtype=np.uint64)
    n, i, words = len(data), 0, 0
    while words < max_words:
        while i < n and not word_byte[data[i]]:
            i += 1
        if i >= n:
            break
        c = np.uint32(0xFFFFFFFF)
        while i < n and word_byte[data[i]]:
            c = crc[(c ^ np.uint32(data[i])) & np.uint32(0xFF)] ^ (c >> np.uint32(8))
            i += 1
        hashes[words] = np.uint64(c ^ np.uint32(0xFFFFFFFF))
        words += 1
    if words < min_words:
        return np.empty(0, dtype=np.uint32)
    m = words - shingle + 1
    shingles = hashes[:m].copy()
    for k in range(1, shingle):  # combine the k-th following word into each shingle's hash
        for s in range(m):
            shingles[s] = (shingles[s] * combine) ^ hashes[s + k]
    # mixed, 32 bits kept, the top bits picking a bin: each bin's least value (an empty bin's
    # 0xFFFFFFFF, which no value can undercut by being equal to it)
    signature = np.full(num_perm, np.uint32(0xFFFFFFFF), dtype=np.uint32)
    for s in range(m):
        v = (shingles[s] * mul + add) >> np.uint64(32)
        b = np.int64(v >> bin_shift)
        if np.uint32(v) < signature[b]:
            signature[b] = np.uint32(v)
    return signature


def signature(lowered_utf8: bytes, word_byte: np.ndarray, max_words: int, min_words: int, shingle: int,
              num_perm: int, bin_shift: np.uint64, mul: np.uint64, add: np.uint64, combine: np.uint64) -> np.ndarray:
    """`_signature` of these bytes (an empty array: too few words); `word_byte`: 256 booleans,
    which bytes make words."""
    return _signature(np.frombuffer(lowered_utf8, dtype=np.uint8), word_byte, _CRC, max_words, min_words, shingle,
                      num_perm, bin_shift, mul, add, combine)
