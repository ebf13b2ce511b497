"""Exact and near-duplicate detection.

Exact: SHA-256 of the text with white space collapsed. Near: one-permutation MinHash over word 5-shingles
(one fixed hash, the minimum in each of 64 hash bins, so signatures are the same in every run), indexed by locality-
sensitive hashing in 16 bands of 4 rows; a candidate is a near duplicate when the estimated
Jaccard similarity of the two signatures is at least NEAR_DUPLICATE_JACCARD. Texts shorter than
MIN_WORDS get no signature: too little text to call two of them the same story copy.

Only stored texts sharing at least MIN_SHARED_BANDS band keys are compared, which loses no near
duplicate: a similarity of 0.8 means at least 52 of the 64 values are equal, so at most 12 differ,
and they can spoil at most 12 of the 16 bands. Copies of one wire story that merely overlap (many
of them in a big story) share a band or two and are no longer each compared with every new copy.
"""
from __future__ import annotations

import hashlib
import re
from typing import Optional

import numpy as np

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 5
MIN_WORDS = 40
MAX_WORDS = 3000
NEAR_DUPLICATE_JACCARD = 0.8
_MIN_EQUAL = next(e for e in range(NUM_PERM + 1) if e / NUM_PERM >= NEAR_DUPLICATE_JACCARD)  # 52 of 64
MIN_SHARED_BANDS = max(1, BANDS - (NUM_PERM - _MIN_EQUAL))  # each differing value spoils at most one band

_A = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier for multiply-shift mixing
_B = np.uint64(0x632BE59BD9B4E019)
_BIN_SHIFT = np.uint64(32 - 6)  # 64 bins = the top 6 of 32 bits
_WORD = re.compile(rb"[0-9A-Za-z_\x80-\xff]+")  # on UTF-8 bytes: every non-ASCII letter is a word byte
_WORD_BYTES = np.array([_WORD.fullmatch(bytes([b])) is not None for b in range(256)], dtype=np.bool_)


# Every character str.isspace() (so str.split() and \s) takes for white space but space and newline;
# tests/test_text.py checks the list against all of Unicode.
OTHER_SPACES = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200b))) + \
    "\u2028\u2029\u202f\u205f\u3000"
_OTHER_SPACES_ASCII = tuple(ch for ch in OTHER_SPACES if ch.isascii())
_OTHER_SPACES_ALL = tuple(OTHER_SPACES)


def text_hash(text: str) -> str:
    """SHA-256 (hex) of the text with white space collapsed: its words joined by single spaces."""
    return hashlib.sha256(_collapsed_utf8(text)).hexdigest()


def _collapsed_utf8(text: str) -> bytes:
    """`" ".join(text.split()).encode("utf-8")`, without splitting into words when spaces and
    newlines are the only white space (as in most normalised texts): then newlines become spaces
    and runs of spaces one space, on the encoded bytes (space and newline are one byte each in UTF-8)."""
    if any(ch in text for ch in (_OTHER_SPACES_ASCII if text.isascii() else _OTHER_SPACES_ALL)):
        return " ".join(text.split()).encode("utf-8")
    data = text.encode("utf-8").replace(b"\n", b" ")
    while True:
        fewer = data.replace(b"  ", b" ")
        if len(fewer) == len(data):
            return data.strip(b" ")
        data = fewer


def minhash(text: str) -> Optional[np.ndarray]:
    """A uint32 MinHash signature of the text's word shingles, or None when the text is short.

    The words are the runs of `_WORD` in `text.lower().encode("utf-8")`, the first MAX_WORDS;
    each word's hash is its zlib.crc32; a shingle's hash is the SHINGLE words' hashes h combined
    as h = h * 1_000_003 ^ next (uint64); mixed as (h * _A + _B) >> 32; the signature holds each
    of the NUM_PERM bins' least mixed value (the bin: its top 6 bits), or 0xFFFFFFFF for an
    empty bin. Computed in one compiled pass (`shingling`)."""
    from ..kernels.shingling import signature  # compiled (numba): imported at the first signature, not at start-up

    found = signature(text.lower().encode("utf-8"), _WORD_BYTES, MAX_WORDS, MIN_WORDS, SHINGLE, NUM_PERM,
                      _BIN_SHIFT, _A, _B, np.uint64(1_000_003))
    return found if len(found) else None


_BAND_NUMBERS = [bytes([band]) for band in range(BANDS)]


def band_keys(signature: np.ndarray) -> list[int]:
    """One signed 63-bit key per band (band number mixed in), for the SQLite index."""
    raw = signature.tobytes()  # a band's bytes are those of its ROWS values
    size = ROWS * signature.itemsize
    return [int.from_bytes(hashlib.blake2b(_BAND_NUMBERS[band] + raw[band * size:(band + 1) * size],
                                           digest_size=8).digest(), "little", signed=True) >> 1
            for band in range(BANDS)]


def best_near_duplicate(signature: np.ndarray, candidates: list[tuple[int, str, Optional[bytes]]]
                        ) -> Optional[tuple[float, int, str]]:
    """(similarity, id, ext_id) of the most similar candidate (id, ext_id, signature blob) at or above
    NEAR_DUPLICATE_JACCARD, the first in the given order on a tie; None when there is none."""
    best: Optional[tuple[float, int, str]] = None
    for cand_id, cand_ext_id, blob in candidates:
        if blob is None:
            continue
        sim = similarity(signature, signature_from_blob(blob))
        if sim >= NEAR_DUPLICATE_JACCARD and (best is None or sim > best[0]):
            best = (sim, cand_id, cand_ext_id)
    return best


def similarity(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return np.count_nonzero(sig_a == sig_b) / len(sig_a)  # np.mean's value: the same count over the same length


def signature_from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.uint32)
