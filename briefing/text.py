"""Text helpers: normalisation and sentence splitting with character offsets.

The splitter is rule based (fast, deterministic, no model): a sentence ends at `.`, `!` or `?`
(plus closing quotes/brackets) followed by white space and a plausible sentence start, unless
the word before is a known abbreviation or an initial; a blank line or a line break always ends
one. Offsets index the article text exactly as stored, so `text[start:end]` is the sentence.
"""
from __future__ import annotations

import re
import unicodedata

from .models import Sentence

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft gen col lt maj capt cpt sgt adm gov sen rep rev hon pres
    supt insp det cmdr brig cpl pvt messrs mme mlle
    jan feb mar apr jun jul aug sep sept oct nov dec
    inc ltd co corp bros llc plc dept univ assn est approx vol vs etc al fig figs
    ave blvd rd hwy
    u.s u.k u.n e.u u.s.a a.m p.m i.e e.g d.c""".split()
)

_BOUNDARY = re.compile(  # starts with the punctuation (not a look-behind), so the scan jumps from one to the next
    r"""[.!?]                 # sentence-final punctuation
        [\"'”’»)\]]*          # closing quotes or brackets
        (?=\s+[\"'“‘«(\[]*[A-Z0-9À-ÖØ-Þ\u0391-\u03A9\u0400-\u042F\u0590-\u05FF\u0600-\u06FF\u4e00-\u9fff])  # space, then a sentence start
     """,
    re.VERBOSE,
)
_LINE_BREAK = re.compile(r"\n\s*")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?")
# control characters, and the bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069) that
# can make quoted text display in another order than it is stored ("Trojan Source"); the RTL/LTR
# marks U+200E/U+200F, which only steer neutral characters, stay
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def normalize_text(text: str) -> str:
    """Unicode NFC, unified line endings, control and bidi-override characters removed, trailing spaces trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text).replace("\u00a0", " ")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def collapse_ws(text: str) -> str:
    return " ".join(text.split())


def _is_abbreviation(text: str, lo: int, p: int) -> bool:
    """Whether the `.` at text[p] ends an abbreviation or an initial rather than a sentence.

    The word is the run of word characters and dots just before text[p], read no further back than
    `lo` (the sentence's start, or 40 characters before the boundary: linear in a long sentence)."""
    if p <= lo or text[p] != ".":
        return False
    j = p
    while j > lo:
        c = text[j - 1]
        if not (c.isalnum() or c == "_" or c == "."):  # the characters of [\w.]
            break
        j -= 1
    if j == p:
        return False
    word = text[j:p]
    if word.lower().rstrip(".") in ABBREVIATIONS:
        return True
    if len(word.rstrip(".")) == 1 and word[0].isupper():  # an initial: "B. Habibie"
        return True
    if _INITIALS.fullmatch(word):  # "B.J", "U.S"
        return True
    return False


def split_sentences(text: str) -> list[Sentence]:
    """Splits `text` into sentences; returns offsets of each, white space excluded."""
    spans: list[tuple[int, int]] = []
    if text:
        start = 0
        for m in _LINE_BREAK.finditer(text):  # a line break always ends a sentence
            _split_block(text, start, m.start(), spans)
            start = m.end()
        _split_block(text, start, len(text), spans)
    return [Sentence(i, s, e) for i, (s, e) in enumerate(spans)]


def _split_block(text: str, start: int, stop: int, spans: list[tuple[int, int]]) -> None:
    """Sentences of text[start:stop], a block without line breaks (matched in place, never copied)."""
    begin = start
    for m in _BOUNDARY.finditer(text, start, stop):
        end = m.end()
        if _is_abbreviation(text, max(begin, end - 40), m.start()):
            continue
        _add_span(text, begin, end, spans)
        begin = end
    _add_span(text, begin, stop, spans)


def _add_span(text: str, begin: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[begin:end]
    stripped = piece.strip()
    if not stripped or not (stripped[0].isalnum() or any(ch.isalnum() for ch in stripped)):
        return
    s = begin + len(piece) - len(piece.lstrip())
    spans.append((s, s + len(stripped)))


_WORD = re.compile(r"\w+", re.UNICODE)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


_EN_STOP = frozenset("the of and to in a is that for on with as was by it said at from his he be are has have".split())


def guess_language(text: str) -> str | None:
    """'en' when the text is clearly English by its function words; otherwise unknown (None)."""
    words = _WORD.findall(text[:2000].lower())
    if len(words) < 20:
        return None
    share = sum(w in _EN_STOP for w in words) / len(words)
    return "en" if share > 0.12 else None
