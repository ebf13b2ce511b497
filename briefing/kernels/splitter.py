r"""The sentence splitter's scan (`text.sentence_spans`), compiled with numba.

It finds, over a text's code points, what the splitter's regular expression (written out in
tests/test_splitter.py) found with `finditer`, match for match, and makes the same sentences:

- a line break and the white space after it (`\s*`) always end a sentence;
- `!` or `?`, closing marks `"'”’»)]`, white space on the same line, then a sentence start
  (opening marks `"'“‘«([`, then a capital, a digit, or a Greek, Cyrillic, Hebrew, Arabic or CJK
  letter) end one; so does a full stop after 7 word characters, up to 32 closing marks, white
  space and a sentence start;
- any other such full stop ends one unless the word before it (word characters and dots, no
  further back than 40 characters before the white space) is an abbreviation or an initial.

`\w` and `\s` are Python's (`str.isalnum()` or "_", and `str.isspace()`), looked up in tables of
every code point. A word before a full stop with a character beyond ASCII is judged by
`text._abbreviation_or_initial` in Python (rare); every other by the same rules here. The
expression and its loop took about 0.25 ms an article, a quarter of ingest's work.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from .tokens import class_table, code_points, fnv, in_word_set, word_set, word_table

LINE_BREAK, SURE_END, MAYBE_END = 1, 2, 3  # the kind of a boundary (the expression's group)
NO, YES, ASK = 0, 1, 2  # whether a full stop ends an abbreviation: ASK: a word beyond ASCII, for Python
LONG_WORD = 7  # word characters before a full stop that make it an end (no abbreviation is as long)
MAX_CLOSING = 32  # closing marks such a full stop may have after it
LOOK_BACK = 40  # the word before a full stop is read no further back than this before the white space


def space_table() -> np.ndarray:
    """space_table()[c]: whether chr(c) is white space (`\\s`, `str.isspace()`), for every code point."""
    return class_table(r"\s")


@njit(cache=True, nogil=True)
def _closing(c):
    return c == 34 or c == 39 or c == 0x201D or c == 0x2019 or c == 0xBB or c == 41 or c == 93


@njit(cache=True, nogil=True)
def _opening(c):
    return c == 34 or c == 39 or c == 0x201C or c == 0x2018 or c == 0xAB or c == 40 or c == 91


@njit(cache=True, nogil=True)
def _starts_sentence(t, i):
    """The look-ahead: opening marks, then a capital, a digit or a letter of the listed scripts."""
    n = len(t)
    while i < n and _opening(t[i]):
        i += 1
    if i >= n:
        return False
    c = t[i]
    return ((65 <= c <= 90) or (48 <= c <= 57) or (0xC0 <= c <= 0xD6) or (0xD8 <= c <= 0xDE)
            or (0x391 <= c <= 0x3A9) or (0x400 <= c <= 0x42F) or (0x590 <= c <= 0x6FF) or (0x4E00 <= c <= 0x9FFF))


@njit(cache=True, nogil=True)
def _is_letter(c):
    return (65 <= c <= 90) or (97 <= c <= 122)


@njit(cache=True, nogil=True)
def _abbreviation(t, j, p, abbreviations, scratch):
    """Whether the word t[j:p] is an abbreviation or an initial (`text._abbreviation_or_initial`),
    for a word of ASCII characters, at most len(scratch) long (`scratch` holds it lower-cased)."""
    e = p
    while e > j and t[e - 1] == 46:  # its trailing dots out
        e -= 1
    for k in range(j, e):
        c = t[k]
        scratch[k - j] = c + 32 if 65 <= c <= 90 else c
    if e > j and in_word_set(scratch, 0, e - j, fnv(scratch, 0, e - j), *abbreviations):
        return True
    if e - j == 1 and 65 <= t[j] <= 90:  # an initial: "B. Habibie"
        return True
    k = j  # (?:[A-Za-z]\.)+[A-Za-z]?: "B.J", "U.S"
    pairs = 0
    while k + 1 < p and _is_letter(t[k]) and t[k + 1] == 46:
        k += 2
        pairs += 1
    if pairs and k + 1 == p and _is_letter(t[k]):
        k += 1
    return pairs > 0 and k == p


@njit(cache=True, nogil=True)
def _scan(t, word, space, abbreviations):
    """The expression's matches in order: kind, start of its white space group, start, end, and
    for a MAYBE_END full stop the start of the word before it and whether it ends an abbreviation."""
    n = len(t)
    cap = 0  # at most one match for each line break, full stop, "!" and "?"
    for c in t:
        if c == 10 or c == 46 or c == 33 or c == 63:
            cap += 1
    kinds = np.empty(cap, dtype=np.int64)
    groups = np.empty(cap, dtype=np.int64)
    starts = np.empty(cap, dtype=np.int64)
    ends = np.empty(cap, dtype=np.int64)
    words = np.empty(cap, dtype=np.int64)
    abbreviated = np.empty(cap, dtype=np.int64)
    scratch = np.empty(LOOK_BACK, dtype=np.uint32)  # the word before a full stop, lower-cased
    found = 0
    i = 0
    while i < n:
        c = t[i]
        kind = 0
        group = end = word_start = 0
        decision = NO
        if c == 10:
            q = i + 1
            while q < n and space[t[q]]:
                q += 1
            kind, group, end = LINE_BREAK, i + 1, q
        elif c == 33 or c == 63 or c == 46:
            q = i + 1
            while q < n and _closing(t[q]):
                q += 1
            closing = q - (i + 1)
            w = q
            while w < n and space[t[w]] and t[w] != 10:
                w += 1
            if w > q and _starts_sentence(t, w):
                if c != 46:
                    kind = SURE_END
                else:
                    long_word = i >= LONG_WORD
                    for k in range(i - LONG_WORD, i):
                        if k < 0 or not word[t[k]]:
                            long_word = False
                            break
                    kind = SURE_END if long_word and closing <= MAX_CLOSING else MAYBE_END
                group, end = q, w
                if kind == MAYBE_END:
                    lo = max(0, q - LOOK_BACK)
                    j = i
                    ascii_word = True
                    while j > lo and (word[t[j - 1]] or t[j - 1] == 46):
                        j -= 1
                        if t[j] > 127:
                            ascii_word = False
                    word_start = j
                    if j < i:
                        decision = ASK if not ascii_word else (YES if _abbreviation(t, j, i, abbreviations, scratch) else NO)
        if kind == 0:
            i += 1
            continue
        kinds[found], groups[found], starts[found], ends[found] = kind, group, i, end
        words[found], abbreviated[found] = word_start, decision
        found += 1
        i = end
    return kinds[:found], groups[:found], starts[:found], ends[:found], words[:found], abbreviated[:found]


@njit(cache=True, nogil=True)
def _has_alnum(t, word, b, e):
    for k in range(b, e):
        if word[t[k]] and t[k] != 95:  # [^\W_]: str.isalnum()
            return True
    return False


@njit(cache=True, nogil=True)
def _add_span(t, word, space, b, e, out, found):
    """Adds t[b:e] without its surrounding white space, if it has a letter or digit."""
    while b < e and space[t[b]]:
        b += 1
    while e > b and space[t[e - 1]]:
        e -= 1
    if e > b and _has_alnum(t, word, b, e):
        out[found, 0], out[found, 1] = b, e
        return found + 1
    return found


@njit(cache=True, nogil=True)
def _spans(t, word, space, kinds, groups, starts, ends, abbreviated):
    out = np.empty((len(kinds) + 1, 2), dtype=np.int64)
    found = 0
    begin = 0
    for k in range(len(kinds)):
        if kinds[k] == LINE_BREAK:
            found = _add_span(t, word, space, begin, starts[k], out, found)
        else:
            end = groups[k]  # after the punctuation and closing marks
            if kinds[k] == MAYBE_END and abbreviated[k] == YES:
                continue
            if begin:  # after white space a scan consumed: t[begin] starts the sentence, t[end - 1] ends it
                if _has_alnum(t, word, begin, end):
                    out[found, 0], out[found, 1] = begin, end
                    found += 1
            else:
                found = _add_span(t, word, space, begin, end, out, found)
        begin = ends[k]
    found = _add_span(t, word, space, begin, len(t), out, found)
    return out[:found]


def spans(text: str, abbreviations: frozenset, abbreviation_or_initial) -> np.ndarray:
    """(start, end) of each sentence of `text`, one row each; `abbreviation_or_initial(word)`
    judges a word beyond ASCII before a full stop."""
    t = code_points(text)
    word, space = word_table(), space_table()
    kinds, groups, starts, ends, words, abbreviated = _scan(t, word, space, word_set(abbreviations))
    for k in np.flatnonzero(abbreviated == ASK).tolist():
        abbreviated[k] = YES if abbreviation_or_initial(text[words[k]:starts[k]]) else NO
    return _spans(t, word, space, kinds, groups, starts, ends, abbreviated)
