"""The stop words clustering leaves out are scikit-learn's list (copied so ingest needn't import it)."""
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from briefing.stopwords import ENGLISH


def test_the_stop_words_are_scikit_learns_list():
    assert ENGLISH == frozenset(ENGLISH_STOP_WORDS)
