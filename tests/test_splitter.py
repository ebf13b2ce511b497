"""The compiled sentence splitter (`briefing.kernels.splitter`) makes the sentences the splitter's
regular expression made, offset for offset: the expression and its loop (as `text.sentence_spans`
ran them before the scan was compiled) are written out here."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.kernels import splitter
from briefing.ingest import text
from briefing.ingest.text import ABBREVIATIONS, _abbreviation_or_initial


_CLOSING = r"[\"'”’»)\]]"  # closing quotes or brackets after sentence-final punctuation
_SENTENCE_START = r"(?=[\"'“‘«(\[]*[A-Z0-9À-ÖØ-Þ\u0391-\u03A9\u0400-\u042F\u0590-\u05FF\u0600-\u06FF\u4e00-\u9fff])"
# A word before a full stop that ends in more word characters than the longest abbreviation has
# (no dot among them) is no abbreviation and no initial ("B", "U.S"): that full stop needs no look.
# The word is read no further back than 40 characters before the sentence's end (see _plain_is_abbreviation),
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


def _plain_is_abbreviation(text: str, reversed_text: str, lo: int, p: int) -> bool:
    """Whether the `.` at text[p] ends an abbreviation or an initial rather than a sentence.

    The word is the run of word characters and dots just before text[p], read no further back than
    `lo` (the sentence's start, or 40 characters before the boundary: linear in a long sentence); it
    is matched forwards in `reversed_text` (text[::-1]), from the character before p back to lo."""
    if p <= lo or text[p] != ".":
        return False
    n = len(text)
    j = p - (_WORD_CHARS.match(reversed_text, n - p, n - lo).end() - (n - p))
    return j < p and _abbreviation_or_initial(text[j:p])


def _plain_sentence_spans(text: str) -> list[tuple[int, int]]:
    """The splitter as it was before it was compiled (text.sentence_spans)."""
    spans: list[tuple[int, int]] = []
    if not text:
        return spans
    reversed_text = text[::-1]
    begin = 0
    for m in _SENTENCE_END.finditer(text):
        kind = m.lastindex
        if kind == _LINE_BREAK:
            _plain_add_span(text, begin, m.start(), spans)
        else:
            end = m.start(kind)  # after the punctuation and closing marks
            if kind == _MAYBE_END and _plain_is_abbreviation(text, reversed_text, max(begin, end - 40), m.start()):
                continue
            if begin:  # after white space a scan consumed: text[begin] starts the sentence, text[end - 1] ends it
                if text[begin].isalnum() or _ALNUM.search(text, begin, end):
                    spans.append((begin, end))
            else:
                _plain_add_span(text, begin, end, spans)
        begin = m.end()
    _plain_add_span(text, begin, len(text), spans)
    return spans


def _plain_add_span(text: str, begin: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Adds text[begin:end] without its surrounding white space, if it has a letter or digit."""
    piece = text[begin:end]
    stripped = piece.strip()
    if stripped and (stripped[0].isalnum() or _ALNUM.search(stripped)):
        s = begin + len(piece) - len(piece.lstrip())
        spans.append((s, s + len(stripped)))


def _same(value: str) -> None:
    assert text.sentence_spans(value) == _plain_sentence_spans(value)


def test_example_and_seed_articles_get_the_expressions_sentences(example_and_seed_texts):
    texts = example_and_seed_texts
    assert len(texts) >= 3
    for value in texts:
        _same(value)
        _same(text.normalize_text(value))


@pytest.mark.parametrize("value", [
    "", " ", "\n", "A", "Hello world. Foo bar.", "Mr. Smith went. Then he left.", "The U.S. Army said. It did.",
    "B. J. Habibie spoke. Yes.", "e.g. This. i.e. That.", "Approx. 5 people. Then 6.", "x.y.z. Next", "Hi! There? Yes.",
    "He said \"no.\" Then left.", "End.) Next", "End.\u201d \u201cNext", "Long wordsss. Next", "Longword. Next",
    "abcdefg. Next", "abcdef. Next", "a" * 50 + ". Next", "End." + "\"" * 33 + " Next", "End." + "\"" * 32 + " Next",
    "Caf\u00e9. Next", "\u00c9. Next", "\u212ao. Next", "Co\u0301. Next", "\u0130. Next", "So. \u00c9cole", "So. \u0416uk",
    "So. \u05d0b", "So. \u4e00x", "So. 9 lives", "So.\u00a0Next", "So.\u2003Next", "So.\u2028Next", "So. \nNext",
    "a\n\n b\n  \n", "...", ". . .", "!!! ???", "\u2014 \u2013", "_. Next", "word_. Next", "Mr.. Next",
    "U.S.A. Next", "A.B.C Next", "A.B.C. Next", "vs. Next", "Vs. Next", "VS. Next", "etc.. Next",
    "Hello \ud800. Next", "x\x00. Next", "(Inc.) Next", "Inc.) Next", "  lead. Next  ", "Foo.\tBar",
])
def test_edges_abbreviations_closing_marks_and_scripts(value):
    _same(value)
    _same(value + " " + value)
    _same("\n".join([value] * 3))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Mr", "mr", "U.S", "B", "e.g", "word", "longwords", "Caf\u00e9", "\u00c9", "x_y",
                                 "9", ".", "!", "?", "\"", "\u201d", ")", "(", "\u201c", " ", "  ", "\n", "\t",
                                 "\u00a0", "\u2003", "A", "\u0416", "\u05d0", "\u4e00", "'", "\u2019"]), max_size=60))
def test_any_text_gets_the_expressions_sentences(parts):
    _same("".join(parts))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=120))
def test_any_unicode_text_gets_the_expressions_sentences(value):
    _same(value)


def test_the_space_table_is_python_s_white_space():
    table = splitter.space_table()
    assert len(table) == 0x110000
    assert [c for c in range(0x110000) if table[c]] == [c for c in range(0x110000) if chr(c).isspace()]
