"""The compiled MinHash signature (`briefing.kernels.shingling`) is the plain definition's, value for value:
the definition (as `dedup.minhash` computed it before it was compiled) is written out here."""
from __future__ import annotations

import zlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.ingest import dedup


_NON_WORD_TO_SPACE = bytes(b if dedup._WORD.fullmatch(bytes([b])) else 0x20 for b in range(256))
_EMPTY = np.uint32(0xFFFFFFFF)


def _plain_minhash(text: str):
    words = text.lower().encode("utf-8").translate(_NON_WORD_TO_SPACE).split()[:dedup.MAX_WORDS]
    if len(words) < dedup.MIN_WORDS:
        return None
    hashes = np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words))
    shingles = hashes[: len(hashes) - dedup.SHINGLE + 1].copy()
    for k in range(1, dedup.SHINGLE):
        shingles = (shingles * np.uint64(1_000_003)) ^ hashes[k: len(hashes) - dedup.SHINGLE + 1 + k]
    with np.errstate(over="ignore"):
        mixed = np.sort((shingles * dedup._A + dedup._B) >> np.uint64(32))
    binned = mixed >> dedup._BIN_SHIFT
    first = np.flatnonzero(np.concatenate(([True], binned[1:] != binned[:-1])))
    signature = np.full(dedup.NUM_PERM, _EMPTY, dtype=np.uint32)
    signature[binned[first].astype(np.intp)] = mixed[first].astype(np.uint32)
    return signature


def _same(text: str) -> None:
    want, got = _plain_minhash(text), dedup.minhash(text)
    if want is None:
        assert got is None
    else:
        assert got is not None and got.dtype == np.uint32 and got.tobytes() == want.tobytes()


def test_example_and_seed_articles_get_the_plain_signatures(example_and_seed_texts):
    texts = example_and_seed_texts
    assert sum(_plain_minhash(t) is not None for t in texts) >= 3
    for text in texts:
        _same(text)


def test_edges_word_limits_and_characters():
    word = "alpha beta gamma delta epsilon ".split()
    for n in (dedup.MIN_WORDS - 1, dedup.MIN_WORDS, dedup.MIN_WORDS + 1, dedup.MAX_WORDS + 7):
        _same(" ".join(f"{word[k % 5]}{k}" for k in range(n)))
    _same("")
    _same("   \n\t ")
    _same(" ".join(["same"] * 200))  # one shingle repeated: most bins stay empty
    _same(" ".join(f"Ünïcödé_{k} 東京{k} ﻿x-y{k}, don't;" for k in range(60)))  # non-ASCII bytes are word bytes
    _same("\n".join(f"line{k}\r\n\x0b\x0c..." for k in range(80)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=12), min_size=0, max_size=120),
       st.sampled_from([" ", "\n", " - ", "\u00a0", "_", ""]))
def test_any_text_gets_the_plain_signature(words, sep):
    _same(sep.join(words))
