"""The compiled parts of clustering give exactly what the plain formulations give, on real
articles: the candidate search (against the scipy sparse product it replaced), the average-link
merges (against the Python heap algorithm it replaced), and counting terms in two forked
processes (against one process)."""
from __future__ import annotations

import heapq
import json
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from briefing import api
from briefing.forked import ordered_map
from briefing.kernels.neighbours import candidate_cosines, strongest_terms
from briefing.store.sqlite import Store
from briefing.cluster import stories as cluster


SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GIVEME = SHARED / "bench" / "clustering" / "giveme5w1h"
DUC = SHARED / "bench" / "summaries" / "duc2004_dev.jsonl"
needs_shared = pytest.mark.skipif(not GIVEME.is_dir() or not DUC.is_file(), reason="../shared not present")


def _bench_texts() -> tuple[list, list[str], list]:
    """Titles, texts and dates of the giveme5w1h articles and the first DUC clusters, with five
    articles repeated verbatim (equal scores: the ties must break the same way)."""
    titles, texts, dates = [], [], []
    for f in sorted(GIVEME.glob("*.json")):
        a = json.loads(f.read_text(encoding="utf-8"))
        titles.append(a.get("title"))
        texts.append(a.get("text") or "")
        dates.append(a.get("date_publish"))
    for line in DUC.read_text(encoding="utf-8").splitlines()[:8]:
        for a in json.loads(line)["articles"]:
            titles.append(None)
            texts.append(a["text"])
            dates.append(a.get("published"))
    for k in (3, 40, 41, 200, 300):
        titles.append(titles[k])
        texts.append(texts[k])
        dates.append(dates[k])
    return titles, texts, dates


@pytest.fixture(scope="module")
def bench_vectors():
    titles, texts, dates = _bench_texts()
    X, lengths = cluster.vectorize_with_lengths(titles, texts)
    return X, lengths, [cluster._days(d) for d in dates]


def _reference_strongest_terms(X, k):
    """X with each row's k highest weights (ties by column), by sorting all entries at once."""
    lens = np.diff(X.indptr)
    rows = np.repeat(np.arange(X.shape[0]), lens)
    keep = np.sort(cluster._best_per_row_index(rows, X.indices, X.data, k))
    indptr = np.concatenate([[0], np.cumsum(np.minimum(lens, k))])
    return sparse.csr_matrix((X.data[keep], X.indices[keep], indptr), shape=X.shape)


@needs_shared
@pytest.mark.parametrize("k", [1, 5, cluster.QUERY_TERMS])
def test_strongest_terms_keep_the_highest_weights_ties_to_the_lower_column(bench_vectors, k):
    X = bench_vectors[0].sorted_indices()
    X.data[X.indices % 3 == 0] = np.float32(0.125)  # many equal weights in a row: ties to break
    got, want = strongest_terms(X, k), _reference_strongest_terms(X, k)
    assert got.nnz < X.nnz
    for a, b in ((got.indptr, want.indptr), (got.indices, want.indices), (got.data, want.data)):
        assert np.array_equal(a, b)


def _reference_candidates(X, Q, XT, floor, k):
    """The scipy formulation: the sparse product Q @ X.T, the k best per row >= floor (ties by
    column), their cosines as row sums of elementwise products."""
    S = (Q @ XT).tocsr()
    rows = np.repeat(np.arange(S.shape[0]), np.diff(S.indptr))
    cols, approx = S.indices.astype(np.int64), S.data
    keep = (cols != rows) & (approx >= np.float32(floor))
    rows, cols, approx = rows[keep], cols[keep], approx[keep]
    best = cluster._best_per_row_index(rows, cols, approx, k)
    rows, cols = rows[best], cols[best]
    cos = np.asarray(X[rows].multiply(X[cols]).sum(axis=1)).ravel()
    order = np.lexsort((cols, rows))
    return rows[order], cols[order], cos[order]


@needs_shared
@pytest.mark.parametrize("floor,k", [(cluster.EDGE_FLOOR, cluster.CANDIDATES), (0.2, 5), (0.01, 200)])
def test_candidate_search_is_the_sparse_product(bench_vectors, floor, k):
    X = bench_vectors[0].sorted_indices()
    Q = strongest_terms(X, cluster.QUERY_TERMS)
    XT = X.T.tocsr()
    want = _reference_candidates(X, Q, XT, floor, k)
    rows, cols, cos = candidate_cosines(X, Q, XT, np.arange(X.shape[0]), floor, k)
    order = np.lexsort((cols, rows))
    got = rows[order], cols[order], cos[order]
    assert len(want[0]) > X.shape[0]  # most articles have candidates
    assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    assert got[2].dtype == np.float32 and np.array_equal(got[2], want[2])  # the same float32 sums, bit for bit


@needs_shared
def test_candidate_search_refuses_unsorted_or_float64_matrices(bench_vectors):
    X = bench_vectors[0].sorted_indices()
    with pytest.raises(TypeError):
        candidate_cosines(X.astype(np.float64), X, X.T.tocsr(), np.arange(3), 0.05, 5)
    shuffled = X.copy()
    shuffled.has_sorted_indices = False
    with pytest.raises(ValueError):
        candidate_cosines(shuffled, X, X.T.tocsr(), np.arange(3), 0.05, 5)


@needs_shared
def test_neighbour_edges_do_not_depend_on_threads_or_chunks(bench_vectors, monkeypatch):
    X, lengths, days = bench_vectors
    one = cluster.neighbour_edges(X, days, chunk=1000, lengths=lengths)
    monkeypatch.setattr("briefing.kernels.neighbours.search_threads", lambda: 3)
    many = cluster.neighbour_edges(X, days, chunk=37, lengths=lengths)
    assert len(one[0]) > X.shape[0]
    assert all(np.array_equal(a, b) for a, b in zip(one, many))
    assert (one[0] < one[1]).all() and len(set(zip(one[0].tolist(), one[1].tolist()))) == len(one[0])


def _reference_average_link(graph, groups, fixed, threshold):
    """The Python heap algorithm average_link ran before it was compiled."""
    owner = {m: g for g, members in enumerate(groups) for m in members}
    size = [len(m) for m in groups]
    members = [list(m) for m in groups]
    links = [dict() for _ in groups]
    for i, nbrs in graph.items():
        gi = owner.get(i)
        if gi is None:
            continue
        for j, v in nbrs.items():
            gj = owner.get(j)
            if gj is None or gj == gi or i > j:
                continue
            links[gi][gj] = links[gi].get(gj, 0.0) + v
            links[gj][gi] = links[gj].get(gi, 0.0) + v
    alive = [True] * len(groups)
    heap = []

    def push(a, b):
        if fixed[a] and fixed[b]:
            return
        avg = links[a][b] / (size[a] * size[b])
        if avg >= threshold:
            heapq.heappush(heap, (-avg, min(a, b), max(a, b)))

    for a in range(len(groups)):
        for b in links[a]:
            if a < b:
                push(a, b)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or b not in links[a]:
            continue
        if abs(-neg - links[a][b] / (size[a] * size[b])) > 1e-9:
            continue
        if fixed[b] and not fixed[a]:
            a, b = b, a
        elif not fixed[a] and not fixed[b] and b < a:
            a, b = b, a
        alive[b] = False
        for c, v in links[b].items():
            if c == a:
                continue
            links[a][c] = links[a].get(c, 0.0) + v
            links[c][a] = links[a][c]
            del links[c][b]
        del links[a][b]
        links[b] = {}
        size[a] += size[b]
        members[a] += members[b]
        members[b] = []
        for c in links[a]:
            push(a, c)
    return [members[g] if alive[g] else [] for g in range(len(groups))]


@needs_shared
def test_compiled_average_link_merges_as_the_heap_algorithm(bench_vectors):
    X, lengths, days = bench_vectors
    graph = cluster.neighbour_graph(X, days, lengths=lengths)
    n = X.shape[0]
    # some fixed groups (earlier stories) of several articles, the rest single new articles
    rng = np.random.default_rng(3)
    order = rng.permutation(n).tolist()
    groups = [sorted(order[k:k + 4]) for k in range(0, 40, 4)] + [[i] for i in sorted(order[40:])]
    fixed = [True] * 10 + [False] * (len(groups) - 10)
    for threshold in (cluster.MERGE_THRESHOLD, 0.3):
        want = _reference_average_link(graph, groups, fixed, threshold)
        got = cluster.average_link(graph, groups, fixed, threshold)
        assert got == want  # the same groups, members in the same order
        assert sum(1 for g in got if g) < len(groups) - 50


def test_average_link_breaks_ties_as_the_heap_algorithm():
    # equal similarities everywhere: the order of merges is decided by the tie-breaks alone
    rng = np.random.default_rng(11)
    graph = {i: {} for i in range(60)}
    for _ in range(150):
        i, j = (int(x) for x in rng.choice(60, 2, replace=False))
        graph[i][j] = graph[j][i] = float(rng.choice([0.25, 0.5]))
    groups = [[i] for i in range(60)]
    fixed = [i % 7 == 0 for i in range(60)]
    assert cluster.average_link(graph, groups, fixed, 0.1) == _reference_average_link(graph, groups, fixed, 0.1)


@pytest.mark.parametrize("seed,n,edges,values,threshold", [
    (1, 300, 300, "ties", 0.0),       # sparse: chains of merges
    (2, 400, 3000, "ties", 0.0),      # merging into a few groups: the heap grows
    (3, 1000, 1500, "random", 0.0),   # more pairs made by merges than the edges gave: the table grows
    (4, 600, 2400, "signed", 0.01),   # zero and negative link sums
    (5, 500, 2000, "random", 0.05),
])
def test_compiled_average_link_merges_as_the_heap_algorithm_on_random_graphs(seed, n, edges, values, threshold):
    # heavy merging on random graphs, with fixed groups of several articles: the compiled link
    # table, neighbour lists and heap (grown, and cleared of absorbed groups' entries) give the
    # merges of the Python heap algorithm
    rng = np.random.default_rng(seed)
    choices = {"ties": [0.125, 0.25, 0.5], "signed": [0.0, -0.0, -0.25, 0.25, 0.5]}
    graph = {i: {} for i in range(n)}
    for _ in range(edges):
        i, j = (int(x) for x in rng.choice(n, 2, replace=False))
        v = float(rng.choice(choices[values])) if values in choices else float(rng.random())
        graph[i][j] = graph[j][i] = v
    order = rng.permutation(n).tolist()
    groups = [sorted(order[k:k + 3]) for k in range(0, 60, 3)] + [[i] for i in sorted(order[60:])]
    fixed = [g % 3 == 0 for g in range(20)] + [False] * (len(groups) - 20)
    want = _reference_average_link(graph, groups, fixed, threshold)
    assert cluster.average_link(graph, groups, fixed, threshold) == want
    assert sum(1 for g in want if g) < len(groups) // 2


def _square(x: int) -> int:
    return x * x


def test_ordered_map_in_forked_workers_keeps_the_order():
    items = list(range(200))
    assert list(ordered_map(_square, iter(items), 2)) == [x * x for x in items]
    assert list(ordered_map(_square, iter(items), 1)) == [x * x for x in items]


@needs_shared
def test_counting_in_two_processes_stores_what_one_process_stores(tmp_path, monkeypatch):
    stored = []
    for workers in (1, 2):
        with Store(tmp_path / f"{workers}.db") as store:
            api.ingest_paths(store, [GIVEME])
            monkeypatch.setattr(cluster, "_workers", lambda ids, w=workers: w)
            messages: list[str] = []
            api.update_stories(store, messages.append)
            rows = store.cluster_inputs()
            X, lengths, _names = cluster._stored_features(store, rows, None)
            features = sorted(store.iter_cluster_features())
            terms = sorted(store.cluster_terms())
            membership = {aid: s.id for s in api.stories(store) for aid in s.article_ids}
        # a first run counts every article once (the boilerplate is known before counting)
        assert [m for m in messages if m.startswith("counting terms")] == [f"counting terms of {len(rows):,} articles"]
        stored.append((X, lengths, features, terms, membership))
    (X1, l1, f1, t1, m1), (X2, l2, f2, t2, m2) = stored
    assert (X1 != X2).nnz == 0 and np.array_equal(l1, l2)
    assert f1 == f2 and t1 == t2 and m1 == m2
