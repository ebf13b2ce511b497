"""The compiled term scans (`briefing.kernels.tokens`) find what the regular expressions that defined
clustering's terms find, and the compiled term table (`briefing.kernels.termids`) gives the ids a plain
dictionary gives: the expressions and the dictionary (as `cluster` used them before they were
compiled) are written out here."""
from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.kernels import tokens
from briefing.cluster.stories import _stop_words, _Vocabulary, article_features, article_terms
from briefing.kernels.termids import TermTable


# a token, (?u)\b[a-zA-Z][a-zA-Z\-]*[a-zA-Z]\b, for lower-cased text (lower() leaves no A-Z), written
# to start with the letter: "(?<!\w[a-z])" after the first letter is the "\b" before it
_LOWER_TOKEN = re.compile(r"[a-z](?<!\w[a-z])[a-z\-]*[a-z]\b")
_NAME = r"[A-Z][a-zA-Z'\-]+"
# a run of two or more capitalised words, or a single one that does not open a line or sentence:
#   (?=[A-Z])(?:\b{_NAME}(?:[ \t]+{_NAME})+|(?<![.!?"\u201d] )(?<!\n)\b{_NAME})
_NAME_RUN = re.compile(rf"[A-Z](?<!\w[A-Z])(?:[a-zA-Z'\-]+(?:[ \t]+{_NAME})+"
                       rf"|(?<![.!?\"\u201d] [A-Z])(?<!\n[A-Z])[a-zA-Z'\-]+)")
_GAPS = re.compile(r"[ \t]+")


def _plain_names(text: str) -> list[str]:
    runs = _NAME_RUN.findall("\n" + text)
    return ["e_" + _GAPS.sub("_", run.lower().replace("'", "").replace("-", "_")) for run in runs]


_STOP = _stop_words()


def _in_order(counts: Counter) -> tuple[str, list[int]]:
    return " ".join(counts), list(counts.values())


def _same(text: str) -> None:
    lowered = text.lower()
    cuts = [0, len(lowered)] + [m.start() for m in re.finditer(" ", lowered)][:3]
    for stop in (_STOP, frozenset()):
        for cut in cuts:
            prefix, in_prefix, every, in_all = tokens.word_terms(lowered, cut, stop)
            want = Counter(w for w in _LOWER_TOKEN.findall(lowered) if w not in stop)  # in first-occurrence order
            assert (every, in_all.tolist()) == _in_order(want)
            want_prefix = Counter(w for w in _LOWER_TOKEN.findall(lowered[:cut]) if w not in stop)
            assert (prefix, in_prefix.tolist()) == _in_order(want_prefix)
    names, in_names = tokens.name_terms(text)
    assert (names, in_names.tolist()) == _in_order(Counter(_plain_names(text)))


def test_example_and_seed_articles_get_the_expressions_terms(example_and_seed_texts):
    texts = example_and_seed_texts
    assert len(texts) >= 3
    for text in texts:
        _same(text)


@pytest.mark.parametrize("text", [
    "", " ", "a", "ab", "a-", "-ab-", "ab-", "ab--cd", "abc-def9 x", "abc9", "9abc", "_abc", "abc_", "ab_cd",
    "café au lait", "caféx xcafé éab abé", "naïve-ab", "ab\u0301c",  # non-ASCII letters are word characters
    "ΣΑΣ ΟΔΟΣ", "İstanbul KELVIN \u212a", "שלום עולם ab", "مرحبا ab-cd", "東京ab ab東京",
    "\ud800ab \udfffab", "ab\x00cd", "a\u00a0b ab\u2019s don't",
    "Mitt Romney's plan", "The White House said. John Smith", "said \u201d Barack Obama", "\nMcDonald x",
    "A B C", "Ab\tCd  Ef", "x. Ab Cd. Ef", "O'Brien-Smith and De La Rosa", "ABC DEF", "Ab\nCd", "x!  Ab",
    "x.\u00a0Ab", "\"  Ab", "é Ab", "éAb", "_Ab", "9Ab", "Ab9 Cd", "Ab Cd9", "Ab 'Cd", "Ab -Cd",
])
def test_edges_boundaries_and_characters(text):
    _same(text)
    _same(text.upper())
    _same(" ".join([text] * 3))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("abAB-'_9 \t\n.!?\"\u201d\u00e9\u03a3\u0130\u212a\u05d0x"), max_size=10),
                max_size=40),
       st.sampled_from([" ", "\n", ". ", "-", ""]))
def test_any_text_gets_the_expressions_terms(words, sep):
    _same(sep.join(words))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_any_unicode_text_gets_the_expressions_terms(text):
    _same(text)


def test_the_word_table_is_python_s_word_class():
    table = tokens.word_table()
    assert len(table) == 0x110000
    want = np.fromiter((chr(c).isalnum() or c == 0x5F for c in range(0x110000)), dtype=np.bool_, count=0x110000)
    assert np.array_equal(table, want)


def _fnv(term: str) -> int:
    h = 14695981039346656037
    for byte in term.encode("ascii"):
        h = ((h ^ byte) * 1099511628211) & ((1 << 64) - 1)
    return h


def test_term_hashes_are_fnv_1a_of_each_term():
    terms = ["ab", "e_mitt_romney", "a", "xy-z", "ab"]
    assert TermTable.hashes(" ".join(terms)).tolist() == [_fnv(t) for t in terms]


def test_the_table_finds_every_term_it_was_given_across_growth():
    table = TermTable()
    terms = [f"t{k}" for k in range(20_000)]
    hashes = TermTable.hashes(" ".join(terms))
    for start in range(0, len(terms), 3_000):  # grows from 4,096 slots several times
        table.put(hashes[start:start + 3_000], np.arange(start, min(start + 3_000, len(terms))))
    assert table.find(hashes).tolist() == list(range(len(terms)))
    assert (table.find(TermTable.hashes("u1 u2 t")) == -1).all()


class _PlainVocabulary:
    """The vocabulary as a dict: new terms get the next ids, field by field, sorted within a field."""

    def __init__(self, stored):
        self.ids = {term: i for i, term in stored}

    def encode(self, fields):
        ids = []
        for field in fields:
            for term in sorted(t for t in field if t not in self.ids):
                self.ids[term] = len(self.ids)
            ids += [self.ids[t] for t in field]
        return ids


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(*[st.lists(st.sampled_from([f"w{k}" for k in range(40)]), unique=True, max_size=8)] * 4),
                max_size=12),
       st.integers(0, 10))
def test_the_vocabulary_gives_the_plain_dictionary_s_ids(articles, stored_count):
    stored = [(i, f"w{i * 3}") for i in range(stored_count)]
    vocabulary, plain = _Vocabulary(stored), _PlainVocabulary(stored)
    for fields in articles:
        joined = " ".join(t for field in fields for t in field)
        counts = np.ones(sum(map(len, fields)), dtype=np.uint32)
        blob = vocabulary.encode_terms([len(f) for f in fields], joined, counts)
        total = sum(map(len, fields))
        assert np.frombuffer(blob, dtype=np.uint32, count=total, offset=20).tolist() == plain.encode(fields)
    assert {t: i for i, t in vocabulary.terms.items()} == plain.ids


def test_article_features_count_title_lede_body_and_names():
    body = " ".join(["Rescue teams in Northern Province searched the flooded valley."] * 12)
    features = article_features("Floods hit Northern Province", body, set())
    title, lede, body_counts, names = features.fields
    assert title == Counter({"floods": 1, "hit": 1, "northern": 1, "province": 1})
    assert lede["rescue"] == 7 and body_counts["rescue"] == 12  # the lede: the first 60 words (9 a sentence)
    assert lede["valley"] == 6
    assert "the" not in body_counts and "in" not in lede  # stop words out
    assert names == Counter({"e_northern_province": 13})  # "Floods" and "Rescue" open a line or sentence


def test_article_terms_pack_what_article_features_count():
    text = "Mitt Romney spoke in Ohio.\nThe Governor of Ohio, Mitt Romney, said taxes would fall." * 30
    packed = article_terms("Romney in Ohio", text, set())
    features = article_features("Romney in Ohio", text, set())
    fields = features.fields
    assert packed.lens == [len(f) for f in fields]
    assert packed.terms.split(" ") == [t for f in fields for t in f]
    assert np.frombuffer(packed.counts, dtype=np.uint32).tolist() == [n for f in fields for n in f.values()]
    assert fields[3]["e_mitt_romney"] == 60 and fields[3]["e_the_governor"] == 30  # a run may open a line
    assert "e_romney" not in fields[3] and "e_the" not in fields[3]  # a single word opening one may not
