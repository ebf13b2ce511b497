"""The evidence budget: which of a story's articles, and how many of their sentences, evidence
selection reads, so selection, writing and verification cost the same for 10 articles or 10,000.

An article's centrality is its lede's TF-IDF similarity to the story's mean lede, computed here
as scikit-learn's `TfidfVectorizer(stop_words="english", sublinear_tf=True)` computes it, bit
for bit (the same tokens, the same order of every sum), without importing scikit-learn: its
import costs about a second, more than the ranking itself, and only stories over the budget
need it. tests/test_budget.py compares the two.
"""
from __future__ import annotations

import re

import numpy as np
from scipy import sparse

from ..models import Article
from ..stopwords import ENGLISH

MAX_ARTICLES = 60
MAX_SENTENCES_PER_ARTICLE = 60
LEDE_WORDS = 120

# scikit-learn's default token pattern r"(?u)\b\w\w+\b" finds the same words: a greedy \w+ ends at
# a word's end, and a search never starts inside a word of two or more letters (it would have
# matched at the word's start); without the \b tests it runs twice as fast
_TOKEN = re.compile(r"\w\w+")


def _lede(article: Article) -> str:
    return " ".join(article.text.split(maxsplit=LEDE_WORDS)[:LEDE_WORDS]) + " " + (article.title or "")


def _tfidf_rows(docs: list[str]) -> sparse.csr_matrix | None:
    """The sublinear, smoothed, L2-normalised TF-IDF rows of `docs`; None without a single term.

    Each row holds its terms in the order of their first appearance in `docs` and each column is
    a term in alphabetical order, as scikit-learn leaves them: the order of the sums below and in
    the caller decides the last bit of each score, and so the order of near ties."""
    tokens: list[str] = []
    lengths = np.empty(len(docs), dtype=np.int64)
    for d, doc in enumerate(docs):
        kept = [t for t in _TOKEN.findall(doc.lower()) if t not in ENGLISH]
        tokens += kept
        lengths[d] = len(kept)
    first_seen = {term: i for i, term in enumerate(dict.fromkeys(tokens))}  # term ids in order of appearance
    if not first_seen:
        return None
    n_terms = len(first_seen)
    ids = np.fromiter(map(first_seen.__getitem__, tokens), dtype=np.int64, count=len(tokens))
    # (row, term id) pairs counted, in row then term id order
    pairs, counts = np.unique(np.repeat(np.arange(len(docs)), lengths) * n_terms + ids, return_counts=True)
    alphabetical = np.empty(n_terms, dtype=np.int32)
    alphabetical[[first_seen[term] for term in sorted(first_seen)]] = np.arange(n_terms, dtype=np.int32)
    columns = alphabetical.take(pairs % n_terms)
    starts = np.zeros(len(docs) + 1, dtype=np.int32)
    np.cumsum(np.bincount(pairs // n_terms, minlength=len(docs)), out=starts[1:])
    data = counts.astype(np.float64)
    idf = np.full(n_terms, len(docs) + 1, dtype=np.float64)
    idf /= np.bincount(columns, minlength=n_terms).astype(np.float64) + 1.0
    np.log(idf, out=idf)
    idf += 1.0
    np.log(data, out=data)
    data += 1.0
    data *= idf[columns]
    # each row's sum of squares accumulated one term at a time, in stored order, as scikit-learn's
    # normalize() does (numpy's own sums add pairwise, which differs in the last bit)
    lengths = np.diff(starts)
    padded = np.zeros((len(docs), int(lengths.max(initial=0))), dtype=np.float64)
    rows = np.repeat(np.arange(len(docs)), lengths)
    padded[rows, np.arange(len(data)) - starts[rows]] = data * data
    norms = np.zeros(len(docs), dtype=np.float64)
    for k in range(padded.shape[1]):
        norms += padded[:, k]
    norms = np.sqrt(norms)
    norms[norms == 0.0] = 1.0
    data /= norms[rows]
    return sparse.csr_matrix((data, columns, starts), shape=(len(docs), n_terms))


def lede_centrality(articles: list[Article]) -> np.ndarray:
    """Each article's lede (its first LEDE_WORDS words and its title) scored by TF-IDF similarity
    to the mean of all of them; zeros when the ledes hold nothing but stop words."""
    X = _tfidf_rows([_lede(a) for a in articles])
    if X is None:
        return np.zeros(len(articles))
    centroid = np.asarray(X.mean(axis=0)).ravel()
    return np.asarray(X @ centroid).ravel()


def budget_articles(articles: list[Article], limit: int = MAX_ARTICLES) -> list[Article]:
    """The `limit` most central articles (all of them when fewer), in date then id order."""
    if len(articles) > limit:
        scores = lede_centrality(articles)
        keep = sorted(range(len(articles)), key=lambda i: (-scores[i], articles[i].ext_id))[:limit]
        articles = [articles[i] for i in keep]
    return sorted(articles, key=lambda a: (a.published or "9999", a.ext_id))
