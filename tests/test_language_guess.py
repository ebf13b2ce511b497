"""The language guess counts words with a compiled scan (`tokens.word_counts`) and guesses what
it guessed from the words as Python's `re` finds them (the plain definition, written out here)."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.ingest.text import guess_language
from briefing.stopwords import ENGLISH_MARKERS

_WORD = re.compile(r"\w+")


def _plain_guess(text: str):
    words = _WORD.findall(text[:2000].lower())
    if len(words) < 20:
        return None
    return "en" if sum(w in ENGLISH_MARKERS for w in words) / len(words) > 0.12 else None


ENGLISH = "The minister said on Tuesday that the talks with the unions had failed and that a strike was likely."
FRENCH = "Le ministre a déclaré mardi que les négociations avec les syndicats avaient échoué et qu'une grève était probable."


@pytest.mark.parametrize("text, want", [
    (ENGLISH * 3, "en"), (FRENCH * 3, None), ("", None), (ENGLISH[:60], None),  # under 20 words: unknown
    ("the " * 19, None), ("the " * 20, "en"), ("word " * 100, None),
    ("THE OF AND " * 10, "en"),  # lower-cased first
    (FRENCH * 30 + ENGLISH * 30, None),  # only the first 2,000 characters count
    ("the\u2019s the\u2014of “and” to_in 9the théof " * 10, _plain_guess("the\u2019s the\u2014of “and” to_in 9the théof " * 10)),
])
def test_the_guess_on_clear_cases(text, want):
    assert guess_language(text) == want == _plain_guess(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "of", "and", "The", "x", "word", "théâtre", "_", "9", "’", "—", " ", "\n",
                                 "THE", "said", "his", "حدث", "東京", "the_", "i\u0307"]), max_size=200))
def test_any_text_gets_the_plain_guess(parts):
    text = " ".join(parts)
    assert guess_language(text) == _plain_guess(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_unicode_text_gets_the_plain_guess(text):
    assert guess_language(text) == _plain_guess(text)
