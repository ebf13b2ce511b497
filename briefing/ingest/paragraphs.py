"""Paragraph hashes: computed once when an article is stored, counted by clustering, which treats a
paragraph found verbatim in many articles (a newsletter plug, a cookie notice) as boilerplate."""
from __future__ import annotations

import hashlib

import numpy as np


def split_paragraphs(text: str) -> list[str]:
    """The non-empty lines of `text`, whitespace runs made single spaces."""
    lines = text.split("\n")
    if "  " not in text and all(map(str.isprintable, lines)):
        # the lines hold no whitespace but single spaces (every other whitespace character is
        # unprintable): " ".join(line.split()) is line.strip(), without making the words
        return list(filter(None, map(str.strip, lines)))
    return list(filter(None, map(" ".join, map(str.split, lines))))


def paragraph_hash(paragraph: str) -> int:
    """64-bit hash of a lower-cased, space-normalised paragraph (boilerplate counts are kept by hash)."""
    return int.from_bytes(hashlib.blake2b(paragraph.encode("utf-8"), digest_size=8).digest(), "little")


def hash_paragraphs(paragraphs: list[str]) -> list[int]:
    """`paragraph_hash` of each paragraph lower-cased."""
    return list(map(paragraph_hash, map(str.lower, paragraphs)))


def paragraph_hashes(text: str) -> list[int]:
    return hash_paragraphs(split_paragraphs(text))


def paragraph_blob(text: str) -> bytes:
    """The sorted distinct paragraph hashes of a text as uint64 bytes (what the store keeps per article)."""
    return hashes_blob(paragraph_hashes(text))


def hashes_blob(hashes: list[int]) -> bytes:
    return np.array(sorted(set(hashes)), dtype=np.uint64).tobytes()
