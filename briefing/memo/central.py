"""What a story is about: how widely its articles share each word.

A word's spread is the share of the story's articles (in the evidence) whose sentences use it,
by its stem ("agreement" and "agreements" are one word). A text's centrality is the sum of the
spreads of its distinct content words: a sentence about what most articles report ("Pinochet was
arrested in London") scores above one about a side event few articles tell ("Pinochet's
wife appealed for his release"). The extractive writer chooses its headline by it among its first
candidates and orders the bottom line's later sentences by it.
"""
from __future__ import annotations

from collections import defaultdict

from .evidence import Evidence, content_words
from .salience import stem

MAJORITY = 0.5   # share of the articles from which a word is what the story is about


def word_spread(evidence: Evidence) -> dict[str, float]:
    """Stem -> share of the evidence's articles whose sentences hold it (0 to 1)."""
    holders: dict[str, set[int]] = defaultdict(set)
    for e in evidence.sentences:
        for w in content_words(e.clean):
            holders[stem(w)].add(e.article)
    n = max(1, len(evidence.articles))
    return {w: len(a) / n for w, a in holders.items()}


def centrality(text: str, spread: dict[str, float]) -> float:
    """The sum of the spreads of the text's distinct content words (by stem) that at least
    MAJORITY of the articles use: the words of a side event ("wife", "appealed") add nothing."""
    return sum(s for s in (spread.get(w, 0.0) for w in {stem(w) for w in content_words(text)}) if s >= MAJORITY)


def spread_of(word: str, spread: dict[str, float]) -> float:
    """The spread of one word (0 for a function word or one no article uses)."""
    words = content_words(word)
    return max((spread.get(stem(w), 0.0) for w in words), default=0.0)
