"""The evidence budget: which of a story's articles, and how many of their sentences, evidence
selection reads, so selection, writing and verification cost the same for 10 articles or 10,000."""
from __future__ import annotations

import numpy as np

from ..models import Article

MAX_ARTICLES = 60
MAX_SENTENCES_PER_ARTICLE = 60


def _lede_vectors(articles: list[Article]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    ledes = [" ".join(a.text.split()[:120]) + " " + (a.title or "") for a in articles]
    try:
        X = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(ledes)
    except ValueError:  # nothing but stop words
        return np.zeros(len(articles))
    centroid = np.asarray(X.mean(axis=0)).ravel()
    return np.asarray(X @ centroid).ravel()


def budget_articles(articles: list[Article], limit: int = MAX_ARTICLES) -> list[Article]:
    """The `limit` most central articles (all of them when fewer), in date then id order."""
    if len(articles) > limit:
        scores = _lede_vectors(articles)
        keep = sorted(range(len(articles)), key=lambda i: (-scores[i], articles[i].ext_id))[:limit]
        articles = [articles[i] for i in keep]
    return sorted(articles, key=lambda a: (a.published or "9999", a.ext_id))
