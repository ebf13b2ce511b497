"""Sentence splitting (abbreviation-aware, offsets into the text) and text normalisation."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.ingest.text import normalize_text, split_sentences


def sentences(text: str) -> list[str]:
    return [s.text_of(text) for s in split_sentences(text)]


@pytest.mark.parametrize("text, expected", [
    ("Mr. Smith met Dr. Jones on Monday. They talked.",
     ["Mr. Smith met Dr. Jones on Monday.", "They talked."]),
    ("Mrs. Brown and Prof. Lee disagreed. Gov. Hale and Sen. Ortiz did not.",
     ["Mrs. Brown and Prof. Lee disagreed.", "Gov. Hale and Sen. Ortiz did not."]),
    ("The U.S. Army said so. The U.K. agreed.", ["The U.S. Army said so.", "The U.K. agreed."]),
    ("Talks in the U.S. Capitol ended. Nothing was signed.",
     ["Talks in the U.S. Capitol ended.", "Nothing was signed."]),
    ("The meeting on Jan. 5 was short. It ended early.", ["The meeting on Jan. 5 was short.", "It ended early."]),
    ("Elections are due in Sept. 2025 and Feb. 2026. Few expect delays.",
     ["Elections are due in Sept. 2025 and Feb. 2026.", "Few expect delays."]),
    ("B.J. Habibie was president. He served briefly.", ["B.J. Habibie was president.", "He served briefly."]),
    ("President B. J. Habibie spoke. He was brief.", ["President B. J. Habibie spoke.", "He was brief."]),
    ("Prices rose 3.5 percent. Inflation is at 2.1%.", ["Prices rose 3.5 percent.", "Inflation is at 2.1%."]),
    ("Tools, e.g. hammers, were sold. Others were not.", ["Tools, e.g. hammers, were sold.", "Others were not."]),
    ("Wait... what? Yes! Fine.", ["Wait... what?", "Yes!", "Fine."]),
])
def test_abbreviations_and_initials(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text, expected", [
    ('He said, "We will win." Then he left.', ['He said, "We will win."', "Then he left."]),
    ('"Is it over?" she asked. Nobody answered.', ['"Is it over?" she asked.', "Nobody answered."]),
    ("He said: “It is done.” They cheered.", ["He said: “It is done.”", "They cheered."]),
    ("She left. “We stay,” he said.", ["She left.", "“We stay,” he said."]),
    ("(He left.) She stayed.", ["(He left.)", "She stayed."]),
    ("It was 'final.' Nobody argued.", ["It was 'final.'", "Nobody argued."]),
])
def test_quotes_and_brackets_stay_with_their_sentence(text, expected):
    assert sentences(text) == expected


def test_lowercase_after_a_full_stop_does_not_start_a_sentence():
    assert sentences("Visit example.com for more. the rest") == ["Visit example.com for more. the rest"]


@pytest.mark.parametrize("text, expected", [
    ("Headline without a stop\nThe first sentence. The second.",
     ["Headline without a stop", "The first sentence.", "The second."]),
    ("one line\nsecond line continues\n\nthird", ["one line", "second line continues", "third"]),
    ("Mr.\nSmith", ["Mr.", "Smith"]),  # a line break ends a sentence even after an abbreviation
    ("A list:\n- first item\n- second item", ["A list:", "- first item", "- second item"]),
])
def test_line_breaks_always_split(text, expected):
    assert sentences(text) == expected


def test_non_latin_sentence_starts():
    assert sentences("Москва ответила. Киев промолчал.") == ["Москва ответила.", "Киев промолчал."]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "...", "— — —", "* * *\n---"])
def test_no_sentences_without_words(text):
    assert split_sentences(text) == []


def test_offsets_round_trip_with_irregular_white_space():
    text = "  First one.   Second one!\n\n\n   Third, with   gaps?  \n\tFourth."
    spans = split_sentences(text)
    assert [text[s.start:s.end] for s in spans] == ["First one.", "Second one!", "Third, with   gaps?", "Fourth."]
    assert [s.index for s in spans] == [0, 1, 2, 3]
    assert spans[0].start == 2


def test_repeated_sentence_gets_each_its_own_offsets():
    text = "Yes. Yes. Yes.\nYes."
    spans = split_sentences(text)
    assert [(s.start, s.end) for s in spans] == [(0, 4), (5, 9), (10, 14), (15, 19)]


def test_normalize_text():
    raw = "  Cafe\u0301 line\r\nsecond\u00a0line   \rthird\x07\n\n\n\n\nlast\u2028end\u2029tail  \n"
    assert normalize_text(raw) == "Café line\nsecond line\nthird\n\nlast\nend\n\ntail"


# -- properties ---------------------------------------------------------------------------------

PIECES = st.sampled_from(
    list("abcXYZ019 .!?\"'”’»)]([“‘«\n\t\r\u00a0\u2028éЖ字ـ") +
    ["Mr.", "U.S.", "B.J.", "Dr. ", "e.g.", "Jan.", " ", "\n\n", ". ", "? ", "! ", "...", "“A", "B.”", "\n  \n"])
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=80).map("".join))


def _check(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    covered: set[int] = set()
    for i, s in enumerate(spans):
        assert s.index == i
        assert 0 <= s.start < s.end <= len(text)  # within bounds, never empty
        assert s.start >= previous_end  # increasing and non-overlapping
        previous_end = s.end
        piece = text[s.start:s.end]
        assert piece == piece.strip()
        assert "\n" not in piece  # line breaks always split
        covered.update(range(s.start, s.end))
    missing = [(i, ch) for i, ch in enumerate(text) if ch.isalnum() and i not in covered]
    assert not missing, f"alphanumeric characters outside every sentence: {missing[:10]}"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_spans_are_valid_and_cover_every_word_character(text):
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_spans_of_normalized_text_are_valid(text):
    _check(normalize_text(text))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["The vote passed.", "Mr. Lee spoke.", "Why?", "It rained!", "“Done,” he said.",
                                 "Prices rose 2.5%."]), min_size=1, max_size=12))
def test_joined_sentences_split_back(parts):
    """Sentences that each end the sentence cleanly split back into exactly those sentences."""
    text = " ".join(parts)
    assert sentences(text) == parts


# -- the quick ways give what the plain definitions give -----------------------------------------

import hashlib  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import unicodedata  # noqa: E402

from briefing.ingest import dedup  # noqa: E402
from briefing.ingest.text import guess_language  # noqa: E402
from briefing.kernels.tokens import word_counts  # noqa: E402

_SPACEY = st.lists(st.sampled_from([" ", "  ", "\n", "\n\n", "\t", "\u3000", "\x85", "\u2028", "\x1c", "\xa0",
                                    "\u200b", "\u180e", "word", "é", "中", "’", "—", ".", "_", "x9"]), max_size=30).map("".join)


def test_other_spaces_are_all_white_space_but_space_and_newline():
    every = {chr(cp) for cp in range(sys.maxunicode + 1) if chr(cp).isspace()}
    assert set(dedup.OTHER_SPACES) == every - {" ", "\n"}
    assert len(dedup.OTHER_SPACES) == len(set(dedup.OTHER_SPACES))


@settings(max_examples=400, deadline=None)
@given(st.one_of(_SPACEY, st.text(max_size=60)))
def test_text_hash_is_sha256_of_the_words_joined_by_single_spaces(text):
    try:
        expected = hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
    except UnicodeEncodeError:  # lone surrogates: no hash either way
        return
    assert dedup.text_hash(text) == expected


@settings(max_examples=400, deadline=None)
@given(st.one_of(_SPACEY, st.text(max_size=60)))
def test_words_are_the_runs_of_word_characters(text):
    words = re.findall(r"\w+", text)
    listed = frozenset({"word", "x9", "_", "the"})
    assert word_counts(text, listed) == (len(words), sum(w in listed for w in words))


@pytest.mark.parametrize("text, expected", [
    ("The mayor said on Monday that the bridge in the town was closed, and that it is to be rebuilt by a firm "
     "from the city. " * 2, "en"),
    ("Der Bürgermeister sagte am Montag, dass die Brücke in der Stadt geschlossen sei und neu gebaut werde " * 2, None),
    ("the of and", None), ("", None)])
def test_guess_language(text, expected):
    assert guess_language(text) == expected


def test_every_character_normalize_text_removes_is_unprintable():
    # normalize_text skips the removal for text that is printable but for its newlines
    from briefing.ingest.text import _CONTROL
    assert all(not chr(cp).isprintable() for cp in range(sys.maxunicode + 1) if _CONTROL.fullmatch(chr(cp)))


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(["a", " ", "\n", "\r", "\t", "\x00", "\x0b", "\x1f", "\x7f", "\u202e", "\u2066",
                                "\u200e", "\xa0", "\u2028", "\u2029", "e", "\u0301", "\xad"]), max_size=40))
def test_normalize_text_by_its_rules(text):
    expected = unicodedata.normalize("NFC", text)
    for old, new in (("\r\n", "\n"), ("\r", "\n"), ("\u2028", "\n"), ("\u2029", "\n\n")):
        expected = expected.replace(old, new)
    expected = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]", "", expected).replace("\xa0", " ")
    expected = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in expected.split("\n"))).strip()
    assert normalize_text(text) == expected
