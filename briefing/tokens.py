"""Clustering's term scans (`cluster.article_features`), compiled with numba.

Two scans over a text's code points find what two regular expressions of `cluster` find, match
for match: `content_terms` the tokens of `_LOWER_TOKEN` (two or more letters a-z, "-" inside,
word boundaries as Python's `\\b`) in a lower-cased text, each distinct one once with its count
in a prefix (the lede) and in the whole (the body); `name_tokens` the runs of capitalised words
of `_NAME_RUN`, made into tokens as `cluster.names` makes them. `\\w` is `str.isalnum()` or "_",
as in Python's `re` for str patterns, looked up in a table of every code point. The tokens are
ASCII, so each scan hands them back as one ASCII string to split: no string per occurrence.
Before this, the two expressions, the stop-word filter and the counters took about 0.4 ms an
article, most of clustering's counting. tests/test_tokens.py compares both scans with the
expressions on real and random texts.
"""
from __future__ import annotations

import functools
import re

import numpy as np
from numba import njit

_SPACE, _HYPHEN, _APOSTROPHE, _UNDERSCORE = 32, 45, 39, 95
_TAB, _NEWLINE = 9, 10
_QUOTE, _RIGHT_QUOTE = 34, 0x201D


@functools.cache
def word_table() -> np.ndarray:
    """word_table()[c]: whether chr(c) is a word character (`\\w`), for every code point."""
    every = np.arange(0x110000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    table = np.zeros(len(every), dtype=np.bool_)
    for run in re.finditer(r"\w+", every):  # a few hundred runs: about 50 ms
        table[run.start():run.end()] = True
    return table


def code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


@njit(cache=True, nogil=True)
def _is_lower(c):
    return 97 <= c <= 122


@njit(cache=True, nogil=True)
def _is_upper(c):
    return 65 <= c <= 90


@njit(cache=True, nogil=True)
def _in_name(c):  # [a-zA-Z'\-]
    return 97 <= c <= 122 or 65 <= c <= 90 or c == _APOSTROPHE or c == _HYPHEN


@njit(cache=True, nogil=True)
def _content_spans(t, word):
    """(starts, ends) of the matches of [a-z](?<!\\w[a-z])[a-z\\-]*[a-z]\\b in t, in order."""
    n = len(t)
    starts = np.empty(n // 3 + 1, dtype=np.int64)
    ends = np.empty(n // 3 + 1, dtype=np.int64)
    found = 0
    i = 0
    while i < n:
        if _is_lower(t[i]) and (i == 0 or not word[t[i - 1]]):
            q = i + 1  # the run of [a-z-] from i: what [a-z\-]* can take
            while q < n and (_is_lower(t[q]) or t[q] == _HYPHEN):
                q += 1
            e = q  # the longest match: the last letter e - 1 >= i + 1 with a non-word character (or the end) after it
            while e >= i + 2 and not (_is_lower(t[e - 1]) and (e == n or not word[t[e]])):
                e -= 1
            if e >= i + 2:
                starts[found] = i
                ends[found] = e
                found += 1
                i = e
                continue
        i += 1
    return starts[:found], ends[:found]


@njit(cache=True, nogil=True)
def _distinct(t, starts, ends, prefix_end):
    """For the tokens t[starts[k]:ends[k]]: the index of each distinct one's first occurrence, in
    order, its count among the tokens ending by prefix_end, and its count among all."""
    m = len(starts)
    size = 16
    while size < 2 * m:
        size *= 2
    slots = np.full(size, -1, dtype=np.int64)  # slot -> distinct number
    first = np.empty(m, dtype=np.int64)
    in_prefix = np.zeros(m, dtype=np.int64)
    in_all = np.zeros(m, dtype=np.int64)
    distinct = 0
    for k in range(m):
        s, e = starts[k], ends[k]
        h = np.uint64(14695981039346656037)
        for j in range(s, e):
            h = (h ^ np.uint64(t[j])) * np.uint64(1099511628211)
        slot = np.int64(h & np.uint64(size - 1))
        while True:
            d = slots[slot]
            if d < 0:
                slots[slot] = distinct
                first[distinct] = k
                d = distinct
                distinct += 1
                break
            f = first[d]
            fs, fe = starts[f], ends[f]
            if fe - fs == e - s:
                same = True
                for j in range(e - s):
                    if t[fs + j] != t[s + j]:
                        same = False
                        break
                if same:
                    break
            slot = (slot + 1) & (size - 1)
        in_all[d] += 1
        if e <= prefix_end:
            in_prefix[d] += 1
    return first[:distinct], in_prefix[:distinct], in_all[:distinct]


@njit(cache=True, nogil=True)
def _joined(t, starts, ends, which):
    """The tokens t[starts[k]:ends[k]] for k in `which`, as ASCII bytes, each followed by a space."""
    total = 0
    for k in which:
        total += ends[k] - starts[k] + 1
    out = np.empty(total, dtype=np.uint8)
    p = 0
    for k in which:
        for j in range(starts[k], ends[k]):
            out[p] = t[j]
            p += 1
        out[p] = _SPACE
        p += 1
    return out


@njit(cache=True, nogil=True)
def _content(t, word, prefix_end):
    starts, ends = _content_spans(t, word)
    first, in_prefix, in_all = _distinct(t, starts, ends, prefix_end)
    return _joined(t, starts, ends, first), in_prefix, in_all


def content_terms(lowered: str, prefix_end: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The distinct `_LOWER_TOKEN` tokens of the lower-cased text, in the order of their first
    occurrence, with their counts among the tokens that end by `prefix_end` and among all."""
    data, in_prefix, in_all = _content(code_points(lowered), word_table(), prefix_end)
    return data.tobytes().decode("ascii").split(" ")[:-1], in_prefix, in_all


@njit(cache=True, nogil=True)
def _name_spans(t, word):
    """(starts, ends) of the matches in t of
    [A-Z](?<!\\w[A-Z])(?:[a-zA-Z'\\-]+(?:[ \\t]+[A-Z][a-zA-Z'\\-]+)+|(?<![.!?"\u201d] [A-Z])(?<!\\n[A-Z])[a-zA-Z'\\-]+)"""
    n = len(t)
    starts = np.empty(n // 2 + 1, dtype=np.int64)
    ends = np.empty(n // 2 + 1, dtype=np.int64)
    found = 0
    i = 0
    while i < n:
        if _is_upper(t[i]) and (i == 0 or not word[t[i - 1]]):
            r = i + 1
            while r < n and _in_name(t[r]):
                r += 1
            if r > i + 1:
                end = r  # more capitalised words after gaps of spaces and tabs
                while True:
                    s = end
                    while s < n and (t[s] == _SPACE or t[s] == _TAB):
                        s += 1
                    if s == end or s >= n or not _is_upper(t[s]):
                        break
                    w = s + 1
                    while w < n and _in_name(t[w]):
                        w += 1
                    if w == s + 1:
                        break
                    end = w
                opens = (i >= 1 and t[i - 1] == _NEWLINE) or (
                    i >= 2 and t[i - 1] == _SPACE and (t[i - 2] == 46 or t[i - 2] == 33 or t[i - 2] == 63
                                                       or t[i - 2] == _QUOTE or t[i - 2] == _RIGHT_QUOTE))
                if end > r or not opens:
                    starts[found] = i
                    ends[found] = end
                    found += 1
                    i = end
                    continue
        i += 1
    return starts[:found], ends[:found]


@njit(cache=True, nogil=True)
def _names(t, word):
    """Each run as "e_" + the run lower-cased, without apostrophes, "-" as "_" and each gap as one
    "_", followed by a newline, as ASCII bytes."""
    starts, ends = _name_spans(t, word)
    out = np.empty(3 * (ends - starts).sum() + 3 * len(starts), dtype=np.uint8)
    p = 0
    for k in range(len(starts)):
        out[p] = 101  # "e"
        out[p + 1] = _UNDERSCORE
        p += 2
        gap = False
        for j in range(starts[k], ends[k]):
            c = t[j]
            if c == _SPACE or c == _TAB:
                gap = True
                continue
            if gap:
                out[p] = _UNDERSCORE
                p += 1
                gap = False
            if c == _APOSTROPHE:
                continue
            out[p] = _UNDERSCORE if c == _HYPHEN else (c + 32 if 65 <= c <= 90 else c)
            p += 1
        out[p] = _NEWLINE
        p += 1
    return out[:p]


def name_tokens(text: str) -> list[str]:
    """`cluster.names(text)`: a token for each run of capitalised words in "\\n" + text."""
    data = _names(code_points("\n" + text), word_table())
    return data.tobytes().decode("ascii").split("\n")[:-1]


def load() -> None:
    """Builds the word table and loads both compiled scans: called before forking workers, so they inherit them."""
    content_terms("ab", 0)
    name_tokens("Ab")
