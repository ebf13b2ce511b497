"""Exact and near-duplicate detection.

Exact: SHA-256 of the text with white space collapsed. Near: one-permutation MinHash over word 5-shingles
(one fixed hash, the minimum in each of 64 hash bins, so signatures are the same in every run), indexed by locality-
sensitive hashing in 16 bands of 4 rows; a candidate is a near duplicate when the estimated
Jaccard similarity of the two signatures is at least NEAR_DUPLICATE_JACCARD. Texts shorter than
MIN_WORDS get no signature: too little text to call two of them the same story copy.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from typing import Optional

import numpy as np

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 5
MIN_WORDS = 40
MAX_WORDS = 3000
NEAR_DUPLICATE_JACCARD = 0.8

_A = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier for multiply-shift mixing
_B = np.uint64(0x632BE59BD9B4E019)
_BIN_SHIFT = np.uint64(32 - 6)  # 64 bins = the top 6 of 32 bits
_EMPTY = np.uint32(0xFFFFFFFF)
_WORD = re.compile(rb"[0-9A-Za-z_\x80-\xff]+")  # on UTF-8 bytes: every non-ASCII letter is a word byte


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def minhash(text: str) -> Optional[np.ndarray]:
    """A uint32 MinHash signature of the text's word shingles, or None when the text is short."""
    words = _WORD.findall(text.lower().encode("utf-8"))[:MAX_WORDS]
    if len(words) < MIN_WORDS:
        return None
    hashes = np.array([zlib.crc32(w) for w in words], dtype=np.uint64)
    shingles = hashes[: len(hashes) - SHINGLE + 1].copy()
    for k in range(1, SHINGLE):  # combine the k-th following word into each shingle's hash
        shingles = (shingles * np.uint64(1_000_003)) ^ hashes[k: len(hashes) - SHINGLE + 1 + k]
    with np.errstate(over="ignore"):  # mix, keep 32 bits: the top 6 pick a bin
        mixed = np.sort((shingles * _A + _B) >> np.uint64(32))
    bins, first = np.unique(mixed >> _BIN_SHIFT, return_index=True)
    signature = np.full(NUM_PERM, _EMPTY, dtype=np.uint32)
    signature[bins.astype(np.intp)] = mixed[first].astype(np.uint32)
    return signature


def band_keys(signature: np.ndarray) -> list[int]:
    """One signed 63-bit key per band (band number mixed in), for the SQLite index."""
    keys = []
    for band in range(BANDS):
        chunk = signature[band * ROWS:(band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True) >> 1)
    return keys


def similarity(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(sig_a == sig_b))


def signature_from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.uint32)
