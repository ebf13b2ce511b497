"""Text helpers: normalisation and sentence splitting with character offsets.

The splitter is rule based (fast, deterministic, no model): a sentence ends at `.`, `!` or `?`
(plus closing quotes/brackets) followed by white space and a plausible sentence start, unless
the word before is a known abbreviation or an initial; a blank line or a line break always ends
one. Offsets index the article text exactly as stored, so `text[start:end]` is the sentence.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from ..models import Sentence
from ..stopwords import ENGLISH_MARKERS

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft gen col lt maj capt cpt sgt adm gov sen rep rev hon pres
    supt insp det cmdr brig cpl pvt messrs mme mlle
    jan feb mar apr jun jul aug sep sept oct nov dec
    inc ltd co corp bros llc plc dept univ assn est approx vol vs etc al fig figs
    ave blvd rd hwy
    u.s u.k u.n e.u u.s.a a.m p.m i.e e.g d.c""".split()
)

_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?")
# control characters, and the bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069) that
# can make quoted text display in another order than it is stored ("Trojan Source"); the RTL/LTR
# marks U+200E/U+200F, which only steer neutral characters, stay
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_BLANK_LINES = re.compile(r"\n\n\n+")  # \n{3,}, written so the scan looks for its literal start


def normalize_text(text: str) -> str:
    """Unicode NFC, unified line endings, control and bidi-override characters removed, trailing spaces trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    if not text.replace("\n", "").isprintable():  # every character _CONTROL matches is unprintable (Cc or Cf)
        text = _CONTROL.sub("", text)
    text = text.replace("\u00a0", " ")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def collapse_ws(text: str) -> str:
    return " ".join(text.split())


@functools.lru_cache(maxsize=1 << 14)  # the same few thousand words end most sentences
def _abbreviation_or_initial(word: str) -> bool:
    """Whether `word` (word characters and dots) before a full stop is an abbreviation or an initial."""
    if word.lower().rstrip(".") in ABBREVIATIONS:
        return True
    if len(word.rstrip(".")) == 1 and word[0].isupper():  # an initial: "B. Habibie"
        return True
    if _INITIALS.fullmatch(word):  # "B.J", "U.S"
        return True
    return False


def split_sentences(text: str) -> list[Sentence]:
    """Splits `text` into sentences; returns offsets of each, white space excluded."""
    return [Sentence(i, s, e) for i, (s, e) in enumerate(sentence_spans(text))]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, as `split_sentences` numbers them: one compiled
    scan (`splitter.py`) finds the line breaks and the punctuation that may end a sentence, with
    the white space after it; the punctuation's look-ahead stays on its line."""
    if not text:
        return []
    from ..kernels.splitter import spans  # compiled (numba): imported at the first text split, not at start-up

    return list(map(tuple, spans(text, ABBREVIATIONS, _abbreviation_or_initial).tolist()))


_WORD = re.compile(r"\w+", re.UNICODE)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))




def guess_language(text: str) -> str | None:
    """'en' when the text is clearly English by its function words (over 12% of the first 2,000
    characters' words, of 20 or more); otherwise unknown (None). The words are runs of `\\w`,
    counted by a compiled scan (`tokens.word_counts`)."""
    from ..kernels.tokens import word_counts  # compiled (numba): imported at the first guess, not at start-up

    words, function_words = word_counts(text[:2000].lower(), ENGLISH_MARKERS)
    if words < 20:
        return None
    return "en" if function_words / words > 0.12 else None
