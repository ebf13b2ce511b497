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

from .models import Sentence

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft gen col lt maj capt cpt sgt adm gov sen rep rev hon pres
    supt insp det cmdr brig cpl pvt messrs mme mlle
    jan feb mar apr jun jul aug sep sept oct nov dec
    inc ltd co corp bros llc plc dept univ assn est approx vol vs etc al fig figs
    ave blvd rd hwy
    u.s u.k u.n e.u u.s.a a.m p.m i.e e.g d.c""".split()
)

_CLOSING = r"[\"'”’»)\]]"  # closing quotes or brackets after sentence-final punctuation
_SENTENCE_START = r"(?=[\"'“‘«(\[]*[A-Z0-9À-ÖØ-Þ\u0391-\u03A9\u0400-\u042F\u0590-\u05FF\u0600-\u06FF\u4e00-\u9fff])"
# A word before a full stop that ends in more word characters than the longest abbreviation has
# (no dot among them) is no abbreviation and no initial ("B", "U.S"): that full stop needs no look.
# The word is read no further back than 40 characters before the sentence's end (see _is_abbreviation),
# so with 33 or more closing marks it could be cut short: those full stops are looked at.
_LONG_WORD = "{%d}" % (max(map(len, ABBREVIATIONS)) + 1)
_SENTENCE_END = re.compile(
    r"[\n.!?]"  # one class first, so the scan jumps from one candidate to the next
    r"(?:(?<=\n)(\s*)"  # group 1: a line break and the white space after it always end a sentence
    # group 2: ! or ?, or a full stop after a long word, closing marks, white space on the same line
    # (a line has no newline: [^\S\n] there is \s), then a sentence start
    r"|(?:(?<=[!?])" + _CLOSING + r"*|(?<=\w" + _LONG_WORD + r"\.)" + _CLOSING + r"{0,32})([^\S\n]+)" + _SENTENCE_START +
    r"|(?<=\.)" + _CLOSING + r"*([^\S\n]+)" + _SENTENCE_START +  # group 3: a full stop after a word to look at
    r")"
)
_LINE_BREAK, _SURE_END, _MAYBE_END = 1, 2, 3  # the group that matched
_WORD_CHARS = re.compile(r"[\w.]*")  # matched on the reversed text: the word before a position
_ALNUM = re.compile(r"[^\W_]")  # \w is str.isalnum() or "_": this is exactly str.isalnum()
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


def _is_abbreviation(text: str, reversed_text: str, lo: int, p: int) -> bool:
    """Whether the `.` at text[p] ends an abbreviation or an initial rather than a sentence.

    The word is the run of word characters and dots just before text[p], read no further back than
    `lo` (the sentence's start, or 40 characters before the boundary: linear in a long sentence); it
    is matched forwards in `reversed_text` (text[::-1]), from the character before p back to lo."""
    if p <= lo or text[p] != ".":
        return False
    n = len(text)
    j = p - (_WORD_CHARS.match(reversed_text, n - p, n - lo).end() - (n - p))
    return j < p and _abbreviation_or_initial(text[j:p])


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
    """(start, end) of each sentence of `text`, as `split_sentences` numbers them.

    One scan finds the line breaks and the punctuation that may end a sentence, with the white space
    after it; the punctuation's look-ahead stays on its line."""
    spans: list[tuple[int, int]] = []
    if not text:
        return spans
    reversed_text = text[::-1]
    begin = 0
    for m in _SENTENCE_END.finditer(text):
        kind = m.lastindex
        if kind == _LINE_BREAK:
            _add_span(text, begin, m.start(), spans)
        else:
            end = m.start(kind)  # after the punctuation and closing marks
            if kind == _MAYBE_END and _is_abbreviation(text, reversed_text, max(begin, end - 40), m.start()):
                continue
            if begin:  # after white space a scan consumed: text[begin] starts the sentence, text[end - 1] ends it
                if text[begin].isalnum() or _ALNUM.search(text, begin, end):
                    spans.append((begin, end))
            else:
                _add_span(text, begin, end, spans)
        begin = m.end()
    _add_span(text, begin, len(text), spans)
    return spans


def _add_span(text: str, begin: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Adds text[begin:end] without its surrounding white space, if it has a letter or digit."""
    piece = text[begin:end]
    stripped = piece.strip()
    if stripped and (stripped[0].isalnum() or _ALNUM.search(stripped)):
        s = begin + len(piece) - len(piece.lstrip())
        spans.append((s, s + len(stripped)))


_WORD = re.compile(r"\w+", re.UNICODE)
# On ASCII text \w is [0-9A-Za-z_]: every other byte becomes a space, and bytes.split() gives the words.
_ASCII_NON_WORD_TO_SPACE = bytes(b if chr(b).isalnum() or b == 0x5F else 0x20 for b in range(128)) + b" " * 128
# Punctuation often found in English news that is not a word character: replaced by spaces, the
# words stay the same, and text with nothing else beyond ASCII takes the ASCII way.
_COMMON_NON_WORD = "’‘“”—–…"


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def words_of(text: str) -> list:
    """The words (runs of \\w) of the text, as str, or as ASCII bytes when that is quicker to find."""
    if not text.isascii():
        for ch in _COMMON_NON_WORD:
            text = text.replace(ch, " ")
        if not text.isascii():
            return _WORD.findall(text)
    return text.encode("ascii").translate(_ASCII_NON_WORD_TO_SPACE).split()


_EN_STOP = frozenset("the of and to in a is that for on with as was by it said at from his he be are has have".split())
_EN_STOP_ALL = _EN_STOP | {w.encode("ascii") for w in _EN_STOP}  # as words_of may give them


def guess_language(text: str) -> str | None:
    """'en' when the text is clearly English by its function words; otherwise unknown (None)."""
    words = words_of(text[:2000].lower())
    if len(words) < 20:
        return None
    share = sum(map(_EN_STOP_ALL.__contains__, words)) / len(words)
    return "en" if share > 0.12 else None
