"""Incremental clustering: term counts stored per article, neighbour search only around new
articles. An incremental run must give what clustering everything from the texts gives."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from briefing import api
from briefing.store.sqlite import Store
from briefing.cluster import stories as cluster


SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GIVEME = SHARED / "bench" / "clustering" / "giveme5w1h"
needs_shared = pytest.mark.skipif(not GIVEME.is_dir(), reason="../shared not present")

FOOTER = "Copyright Millbrook Gazette. All rights reserved. Printed and published in the Millbrook valley."


def _halves(tmp_path: Path) -> tuple[Path, Path]:
    """The giveme5w1h articles in two folders (every other file), plus three articles sharing a
    footer paragraph: two in the first folder, one in the second, so the footer becomes
    boilerplate (found in 3 articles) only when the second folder is added."""
    files = sorted(GIVEME.glob("*.json"))
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, part in ((first, files[::2]), (second, files[1::2])):
        folder.mkdir()
        for f in part:
            shutil.copy(f, folder / f.name)
    bodies = ["The river Alder burst its banks in Millbrook, flooding four hundred homes along the quay.",
              "Millbrook library reopened after roof repairs, with a new skylight in the reading room.",
              "Mayor Tom Hale of Millbrook said the council would vote on a new flood barrier next month."]
    for k, (folder, body) in enumerate(zip((first, first, second), bodies)):
        (folder / f"footer{k}.txt").write_text(f"{body}\n{FOOTER}\n", encoding="utf-8")
    return first, second


def _membership(store: Store) -> dict[str, str]:
    return {aid: s.id for s in api.stories(store) for aid in s.article_ids}


def _texts(store: Store) -> tuple[list, list[str]]:
    rows = store.cluster_inputs()
    found = {i: (title, text) for i, title, text in store.iter_texts([r[0] for r in rows])}
    return [found[r[0]][0] for r in rows], [found[r[0]][1] for r in rows]


@needs_shared
def test_stored_term_counts_give_the_vectors_of_the_texts(tmp_path):
    first, second = _halves(tmp_path)
    with Store(tmp_path / "b.db") as store:
        api.ingest_paths(store, [first])
        api.update_stories(store)
        ids = [r[0] for r in store.cluster_inputs()]
        earlier = cluster._stored_features(store, store.cluster_inputs(), None).X[
            [k for k, (_i, _t, text) in enumerate(store.iter_texts(ids)) if FOOTER in text]]
        new = len(api.ingest_paths(store, [second]).stored)
        messages: list[str] = []
        api.update_stories(store, messages.append)
        # the new articles were read, then those whose boilerplate changed (the footer articles
        # among them: their vectors below match), not the whole store
        counted = [m for m in messages if m.startswith("counting terms")]
        rows = store.cluster_inputs()
        assert counted[0] == f"counting terms of {new:,} articles"
        again = int(counted[1].split()[3].replace(",", ""))
        assert len(counted) == 2 and 3 <= again < len(rows) - new, counted
        X, lengths, names = cluster._stored_features(store, rows, None)
        titles, texts = _texts(store)
    fresh, fresh_lengths, fresh_names = cluster.article_vectors(titles, texts)
    assert X.shape == fresh.shape
    assert np.array_equal(lengths, fresh_lengths)
    assert abs(X - fresh).max() < 1e-6
    # name words: columns numbered as the words are met, so compared as each pair's cosine
    pairs = np.random.default_rng(5).integers(0, len(rows), (2, 2000))
    dots = [np.asarray(m[pairs[0]].multiply(m[pairs[1]]).sum(axis=1)).ravel() for m in (names, fresh_names)]
    assert names.nnz == fresh_names.nnz > 0 and np.allclose(*dots, atol=1e-6)
    # the footer is boilerplate now, and the footer articles (short, the rest of them repeated)
    # boilerplate pages: zero vectors; counted before the footer was repeated, they were not
    footers = [k for k, t in enumerate(texts) if FOOTER in t]
    assert len(footers) == 3 and X[footers].nnz == 0
    assert earlier.nnz > 0


@needs_shared
def test_neighbour_search_around_new_articles_finds_every_edge_that_touches_them(tmp_path):
    with Store(tmp_path / "b.db") as store:
        api.ingest_paths(store, [GIVEME])
        titles, texts = _texts(store)
        rows = store.cluster_inputs()
    X, lengths = cluster.vectorize_with_lengths(titles, texts)
    days = [cluster._days(r[3]) for r in rows]
    full = cluster.neighbour_graph(X, days, lengths=lengths, chunk=97)
    only = np.zeros(len(rows), dtype=bool)
    only[np.random.default_rng(7).choice(len(rows), 40, replace=False)] = True
    part = cluster.neighbour_graph(X, days, lengths=lengths, chunk=97, only=only)
    expected = {(i, j, v) for i, nbrs in full.items() for j, v in nbrs.items() if only[i] or only[j]}
    got = {(i, j, v) for i, nbrs in part.items() for j, v in nbrs.items()}
    assert expected and got == expected


def _recount_everything(store, rows, progress):
    """The clustering inputs computed from the texts, as before features were stored."""
    titles, texts = _texts(store)
    return cluster.article_vectors(titles, texts)


@needs_shared
def test_incremental_run_assigns_new_articles_as_clustering_from_the_texts_does(tmp_path, monkeypatch):
    first, second = _halves(tmp_path)
    results = []
    for name in ("stored", "texts"):
        with Store(tmp_path / f"{name}.db") as store:
            api.ingest_paths(store, [first])
            api.update_stories(store)
            before = _membership(store)
            api.ingest_paths(store, [second])
            with monkeypatch.context() as m:
                if name == "texts":  # every vector from the texts, the whole neighbour graph
                    m.setattr(cluster, "_stored_features", _recount_everything)
                    full_edges = cluster.neighbour_edges
                    m.setattr(cluster, "neighbour_edges", lambda X, days, lengths=None, only=None, evidence=None:
                              full_edges(X, days, lengths=lengths, evidence=evidence))
                result = api.update_stories(store)
            after = _membership(store)
            titles = {s.id: s.title for s in api.stories(store)}
        assert all(after[a] == s for a, s in before.items())
        assert result.grown_stories and result.new_stories
        results.append((after, titles, sorted(result.grown_stories), sorted(result.new_stories)))
    assert results[0] == results[1]


def test_features_of_a_pruned_article_go_with_it(tmp_path):
    docs = [{"id": f"d{k}", "published": date, "text": f"Storm {name} reached the coast of Valeria on {date}, "
             "closing the port of Anselm and cutting power to ten thousand homes along the shore."}
            for k, (name, date) in enumerate([("Ada", "2020-01-05"), ("Ada", "2020-01-06"), ("Bo", "2026-02-01")])]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    with Store(tmp_path / "b.db") as store:
        api.ingest_paths(store, [path])
        api.update_stories(store)
        assert len(store.cluster_paragraph_keys()) == 3
        deleted, _ = store.prune("2021-01-01")
        assert deleted == 2
        assert [a for a, _p, _k in store.cluster_paragraph_keys()] == [r[0] for r in store.cluster_inputs()]
        X, lengths, _names = cluster._stored_features(store, store.cluster_inputs(), None)
        assert X.shape[0] == 1 and lengths[0] > 10


@needs_shared
def test_paragraph_hashes_stored_at_ingest_spare_clustering_a_reading_and_change_nothing(tmp_path):
    """Ingest stores each article's paragraph hashes, the ones clustering computes from its text;
    an article stored without them (by a briefing before schema 6) gets them from its text, and
    the stories come out the same either way."""
    first, second = _halves(tmp_path)
    results = []
    for name in ("stored", "from texts"):
        with Store(tmp_path / f"{name}.db") as store:
            api.ingest_paths(store, [first, second])
            ids = [r[0] for r in store.cluster_inputs()]
            stored = dict(store.iter_paragraph_blobs(ids))
            assert stored == {i: cluster.paragraph_blob(text) for i, _t, text in store.iter_texts(ids)}
            if name == "from texts":
                store.db.execute("UPDATE articles SET paragraphs = NULL WHERE id % 2 = 0")
            assert list(cluster._paragraph_blobs(store, ids)) == [stored[i] for i in ids]
            api.update_stories(store)
            results.append((_membership(store), {s.id: s.title for s in api.stories(store)}))
    assert results[0] == results[1] and len(set(results[0][0].values())) > 10
