"""Text as a person reads it, for the checks: what is invisible on screen is not there.

A claim stored as "will n\u200bot reopen" (a zero-width space inside "not") shows as "will not
reopen"; a checker reading the stored characters sees the words "n" and "ot" and misses the
negation. So before any comparison, claims and sources are read as displayed:

- format characters (Unicode category Cf: zero-width space and joiners, soft hyphen, word joiner,
  byte-order mark, invisible operators, bidi marks) are removed, and so are the other invisible
  fillers a font draws as nothing (combining grapheme joiner, variation selectors, Hangul fillers);
- compatibility forms become their plain letters and digits (NFKC: the ligature "ﬁ", full-width
  "５０", "ｎｏｔ");
- other space characters become a space.

Two things cannot be undone by normalising, so they are reported instead (`display_problems`):
bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069) make a claim display in
another order than it is stored ("21" shown as "12"); and a word that mixes scripts (a Cyrillic
"о" inside a Latin "nоt") reads as one word and compares as another.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = frozenset("\u034f\u115f\u1160\u3164\uffa0\u180e") | frozenset(chr(c) for c in range(0xfe00, 0xfe10))
_SPACES = re.compile(r"[^\S\n]")  # any white space but a line break
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_LOOK_ALIKE = frozenset({"LATIN", "CYRILLIC", "GREEK"})  # scripts with letters drawn alike (a/а/α, o/о/ο)


def as_read(text: str) -> str:
    """`text` as displayed: invisible characters removed, compatibility forms unified (NFKC)."""
    if text.isascii():
        return text
    return _as_read(text)


@lru_cache(maxsize=65536)
def _as_read(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if ch not in _INVISIBLE and unicodedata.category(ch) != "Cf")
    return _SPACES.sub(" ", text)


def display_problems(text: str) -> list[str]:
    """Why `text` does not display as the characters it holds (empty when it does)."""
    if text.isascii():
        return []
    problems = []
    if _BIDI_CONTROLS.search(text):
        problems.append("bidi controls (U+202A-202E, U+2066-2069) make it display in another order than stored")
    mixed = sorted({w for w in _LETTERS.findall(as_read(text)) if len(_scripts(w) & _LOOK_ALIKE) > 1})
    if mixed:
        problems.append(f"{', '.join(repr(w) for w in mixed[:3])} mixes letters of different scripts "
                        "(a look-alike letter reads as another word)")
    return problems


def _scripts(word: str) -> set[str]:
    """The scripts of a word's letters (first word of each letter's Unicode name: LATIN, CYRILLIC...)."""
    found = set()
    for ch in word:
        if ch.isascii():
            found.add("LATIN")
            continue
        name = unicodedata.name(ch, "")
        if name:
            found.add(name.split(" ", 1)[0])
    return found
