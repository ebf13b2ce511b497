"""The evidence budget ranks a story's articles by lede centrality exactly as scikit-learn's
TfidfVectorizer would, without importing it."""
import json
import re

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

import briefing
from briefing.memo import budget
from briefing.models import Article


def _sklearn_centrality(articles):
    ledes = [" ".join(a.text.split()[:120]) + " " + (a.title or "") for a in articles]
    try:
        X = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(ledes)
    except ValueError:  # nothing but stop words
        return np.zeros(len(articles))
    return np.asarray(X @ np.asarray(X.mean(axis=0)).ravel()).ravel()


def _sklearn_budget(articles, limit):
    scores = _sklearn_centrality(articles)
    keep = sorted(range(len(articles)), key=lambda i: (-scores[i], articles[i].ext_id))[:limit]
    return sorted((articles[i] for i in keep), key=lambda a: (a.published or "9999", a.ext_id))


def test_centrality_is_scikit_learns_bit_for_bit(bench_dir):
    clusters = [json.loads(line) for line in open(bench_dir / "summaries" / "duc2004_dev.jsonl", encoding="utf-8")]
    pool = [Article(ext_id=a["id"], text=a["text"], title=a.get("title")) for c in clusters for a in c["articles"]]
    for articles in (pool, pool[:37], pool[::7], pool[:2]):
        ours, theirs = budget.lede_centrality(articles), _sklearn_centrality(articles)
        assert ours.tobytes() == theirs.tobytes()


def test_odd_ledes_score_as_scikit_learn_scores_them():
    texts = ["Ünïcödé café: ÇA VA, naïve ŒUVRE_1 x y", "the and of a", "", "snake_case __init__ a1 b2 ΟΔΟΣ ΣΟΦΟΣ",
             "U.S. co-operation, don't stop—now… “quoted” words 1998-10-16"]
    articles = [Article(ext_id=str(i), text=t, title="Title " + t[:5]) for i, t in enumerate(texts)]
    assert budget.lede_centrality(articles).tobytes() == _sklearn_centrality(articles).tobytes()
    only_stop_words = [Article(ext_id="a", text="the of and"), Article(ext_id="b", text="a an")]
    assert not budget.lede_centrality(only_stop_words).any()
    assert not _sklearn_centrality(only_stop_words).any()


def test_the_budget_keeps_the_articles_scikit_learn_ranks_first(bench_dir, tmp_path):
    """A story of real articles, more than the limit, each a copy with its sentences reordered (as
    big wire stories are): the same articles kept, in the same order."""
    clusters = [json.loads(line) for line in open(bench_dir / "summaries" / "duc2004_dev.jsonl", encoding="utf-8")]
    split = re.compile(r"(?<=[.!?])\s+")
    path = tmp_path / "story.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for k, a in enumerate(a for c in clusters[:4] for a in c["articles"]):
            sentences = split.split(a["text"])
            f.write(json.dumps({"id": f"s{k}", "text": " ".join(sentences[k % 3:] + sentences[:k % 3])}) + "\n")
    store = briefing.open_store(tmp_path / "b.db")
    try:
        report = briefing.ingest_paths(store, [path])
        articles, _ = store.canonical_articles(report.stored + report.unchanged)
    finally:
        store.close()
    assert len(articles) > 15
    kept = budget.budget_articles(articles, limit=15)
    assert [a.ext_id for a in kept] == [a.ext_id for a in _sklearn_budget(articles, 15)]
    assert len(kept) == 15
