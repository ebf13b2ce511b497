r"""Clustering's term scans (`cluster.article_terms`), compiled with numba.

Two scans over a text's code points find what two regular expressions (written out in
tests/test_tokens.py) found, match for match, and count each distinct term:
- `word_terms`: the content words of a lower-cased text, the tokens of
  `[a-z](?<!\w[a-z])[a-z\-]*[a-z]\b` (two or more letters a-z, "-" inside, word boundaries as
  Python's `\b`) but the stop words, with their counts in a prefix (the lede) and in the whole
  (the body);
- `name_terms`: runs of capitalised words (two or more, or one that does not open the text, a
  line or a sentence), each made a token "e_" + the run lower-cased, apostrophes out, "-" and
  gaps as "_" ("Mitt Romney's" -> "e_mitt_romneys").
`\w` is `str.isalnum()` or "_", as in Python's `re` for str patterns, looked up in a table of
every code point. Terms are ASCII, so a scan hands back each field's distinct terms as one ASCII
string, joined by spaces: no string for each occurrence, none for a stop word. Before this, the
expressions, the stop-word filter and the counters took about 0.35 ms an article, most of
clustering's counting.
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
def class_table(character_class: str) -> np.ndarray:
    """class_table(r"\\w")[c]: whether chr(c) is in that class of Python's `re`, for every code point."""
    every = np.arange(0x110000, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    table = np.zeros(len(every), dtype=np.bool_)
    for run in re.finditer(character_class + "+", every):  # a few hundred runs: about 50 ms
        table[run.start():run.end()] = True
    return table


def word_table() -> np.ndarray:
    """word_table()[c]: whether chr(c) is a word character (`\\w`), for every code point."""
    return class_table(r"\w")


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
def fnv(t, s, e):
    """The 64-bit FNV-1a hash of t[s:e] (code points or bytes: an ASCII word hashes the same in both)."""
    h = np.uint64(14695981039346656037)
    for j in range(s, e):
        h = (h ^ np.uint64(t[j])) * np.uint64(1099511628211)
    return h


@njit(cache=True, nogil=True)
def _equal(a, a_start, b, b_start, length):
    for j in range(length):
        if a[a_start + j] != b[b_start + j]:
            return False
    return True


@njit(cache=True, nogil=True)
def in_word_set(t, s, e, h, slots, data, offsets):
    """Whether t[s:e] (hash h) is one of the words of a `word_set` (slots, data, offsets)."""
    mask = len(slots) - 1
    slot = np.int64(h & np.uint64(mask))
    while True:
        w = slots[slot]
        if w < 0:
            return False
        ws, we = offsets[w], offsets[w + 1]
        if we - ws == e - s and _equal(data, ws, t, s, e - s):
            return True
        slot = (slot + 1) & mask


@njit(cache=True, nogil=True)
def _distinct(t, starts, ends, prefix_end, stop_slots, stop_bytes, stop_starts):
    """For the tokens t[starts[k]:ends[k]] but the stop words: the index of each distinct one's
    first occurrence, in order, its count among the tokens ending by prefix_end, and among all."""
    m = len(starts)
    size = 16
    while size < 2 * m:
        size *= 2
    slots = np.full(size, -1, dtype=np.int64)  # slot -> distinct number, or -2 - k for a stop word first at k
    first = np.empty(m, dtype=np.int64)
    in_prefix = np.zeros(m, dtype=np.int64)
    in_all = np.zeros(m, dtype=np.int64)
    distinct = 0
    for k in range(m):
        s, e = starts[k], ends[k]
        h = fnv(t, s, e)
        slot = np.int64(h & np.uint64(size - 1))
        while True:
            d = slots[slot]
            if d == -1:
                if in_word_set(t, s, e, h, stop_slots, stop_bytes, stop_starts):
                    d = -2 - k
                else:
                    first[distinct] = k
                    d = distinct
                    distinct += 1
                slots[slot] = d
                break
            f = first[d] if d >= 0 else -2 - d
            if ends[f] - starts[f] == e - s and _equal(t, starts[f], t, s, e - s):
                break
            slot = (slot + 1) & (size - 1)
        if d >= 0:
            in_all[d] += 1
            if e <= prefix_end:
                in_prefix[d] += 1
    return first[:distinct], in_prefix[:distinct], in_all[:distinct]


@njit(cache=True, nogil=True)
def _joined(t, starts, ends, which):
    """The tokens t[starts[k]:ends[k]] for k in `which`, as ASCII bytes, separated by spaces."""
    total = 0
    for k in which:
        total += ends[k] - starts[k] + 1
    out = np.empty(max(total - 1, 0), dtype=np.uint8)
    p = 0
    for k in which:
        if p:
            out[p] = _SPACE
            p += 1
        for j in range(starts[k], ends[k]):
            out[p] = t[j]
            p += 1
    return out


@njit(cache=True, nogil=True)
def _words(t, word, prefix_end, stop_slots, stop_bytes, stop_starts):
    starts, ends = _content_spans(t, word)
    first, in_prefix, in_all = _distinct(t, starts, ends, prefix_end, stop_slots, stop_bytes, stop_starts)
    in_lede = np.flatnonzero(in_prefix)
    return (_joined(t, starts, ends, first[in_lede]), in_prefix[in_lede],
            _joined(t, starts, ends, first), in_all)


@functools.cache
def word_set(words: frozenset) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A set of ASCII words (stop words, abbreviations) for `in_word_set`: an open-addressing
    table of their FNV-1a hashes (slot -> word number), their bytes one after another, and where
    each starts (and the last ends)."""
    if not all(map(str.isascii, words)):
        raise ValueError("a word set holds ASCII words only")
    words = sorted(words)
    data = "".join(words).encode("ascii")
    starts = np.zeros(len(words) + 1, dtype=np.int64)
    starts[1:] = np.cumsum([len(w) for w in words])
    size = 16
    while size < 2 * len(words):
        size *= 2
    slots = np.full(size, -1, dtype=np.int64)
    codes = np.frombuffer(data, dtype=np.uint8)
    for number in range(len(words)):
        slot = int(fnv(codes, starts[number], starts[number + 1])) & (size - 1)
        while slots[slot] >= 0:
            slot = (slot + 1) & (size - 1)
        slots[slot] = number
    return slots, codes, starts


def word_terms(lowered: str, prefix_end: int, stop_words: frozenset = frozenset()) -> tuple[str, np.ndarray, str, np.ndarray]:
    """The distinct content words of the lower-cased text but `stop_words`, in the order of their
    first occurrence: those among the ones that end by `prefix_end`, joined by spaces, and their
    counts there, then all of them and their counts."""
    prefix, in_prefix, every, in_all = _words(code_points(lowered), word_table(), prefix_end, *word_set(stop_words))
    return prefix.tobytes().decode("ascii"), in_prefix, every.tobytes().decode("ascii"), in_all


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


@njit(cache=True, nogil=True)
def _name_terms(t, word, no_slots, no_data, no_offsets):
    data = _names(t, word)
    ends = np.flatnonzero(data == _NEWLINE)
    starts = np.empty(len(ends), dtype=np.int64)
    if len(ends):
        starts[0] = 0
        starts[1:] = ends[:-1] + 1
    first, _, counts = _distinct(data, starts, ends, 0, no_slots, no_data, no_offsets)
    return _joined(data, starts, ends, first), counts


def name_terms(text: str) -> tuple[str, np.ndarray]:
    """The distinct name tokens of the text ("e_mitt_romneys", see the module's doc) joined by
    spaces, in the order of their first occurrence, and their counts."""
    data, counts = _name_terms(code_points("\n" + text), word_table(), *word_set(frozenset()))
    return data.tobytes().decode("ascii"), counts


def load() -> None:
    """Builds the word table and loads the compiled scans: called before forking workers, so they inherit them."""
    word_terms("ab", 0)
    name_terms("Ab")


@njit(cache=True, nogil=True)
def _word_counts(t, word, slots, data, offsets):
    """How many runs of word characters (`\\w+`) t has, and how many of them are words of the set."""
    n = len(t)
    words = listed = 0
    i = 0
    while i < n:
        if not word[t[i]]:
            i += 1
            continue
        j = i + 1
        while j < n and word[t[j]]:
            j += 1
        words += 1
        if in_word_set(t, i, j, fnv(t, i, j), slots, data, offsets):
            listed += 1
        i = j
    return words, listed


def word_counts(text: str, words: frozenset) -> tuple[int, int]:
    """How many words (runs of `\\w`) the text has, and how many of them are in `words` (a set of
    ASCII words): `text.guess_language`'s counts."""
    return _word_counts(code_points(text), word_table(), *word_set(words))
