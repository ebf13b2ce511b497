"""Story clustering: online, deterministic average-link agglomeration on a sparse
nearest-neighbour graph of article vectors.

1. Every stored article becomes an L2-normalised TF-IDF vector (see `vectorize`).
2. Each article's nearest neighbours (cosine similarity >= EDGE_FLOOR, at most NEIGHBOURS) form
   a sparse graph; similarities are damped when both articles are dated and far apart in time.
3. Average-link agglomeration on that graph (pairs without an edge count as 0): the two groups
   with the highest mean pairwise similarity merge while it is >= MERGE_THRESHOLD.
   Existing stories enter as fixed groups that may absorb new articles but never merge with each
   other or lose members, so story ids are stable and a later run only adds to them.
4. A new group gets the id `s-` + 10 hex digits of SHA-1 of its earliest member's ext_id, and a
   provisional title: the title (else the first sentence) of its most central member.
"""
from __future__ import annotations

import hashlib
import heapq
import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Optional

import numpy as np
from scipy import sparse

from .ingest.metadata import strip_dateline
from .store import Store
from .text import split_sentences

MERGE_THRESHOLD = 0.20
EDGE_FLOOR = 0.08
NEIGHBOURS = 30
TITLE_WEIGHT = 2
LEDE_CHARS = 600
MAX_TERMS_PER_DOC = 80
TIME_GRACE_DAYS = 7
TIME_HALF_LIFE_DAYS = 60
TIME_MIN_FACTOR = 0.5

Progress = Callable[[str], None]


@dataclass
class ClusterResult:
    new_stories: list[str] = field(default_factory=list)
    grown_stories: list[str] = field(default_factory=list)
    assigned: int = 0


_TOKEN = re.compile(r"(?u)\b\w[\w'’-]*\w\b|\b\w\b")


def _doc_text(title: Optional[str], text: str) -> str:
    head = ((title or "") + "\n") * TITLE_WEIGHT
    return head + text[:LEDE_CHARS] + "\n" + text


def vectorize(docs: list[str]) -> sparse.csr_matrix:
    """Sublinear TF-IDF over words (English stop words out), each row pruned to its strongest
    terms and L2-normalised; terms in almost every document carry no story signal and are dropped."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(docs)
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", lowercase=True, min_df=1,
                          max_df=1.0 if n < 50 else 0.5, dtype=np.float32, norm=None)
    X = vec.fit_transform(docs).tocsr()
    X = _top_terms(X, MAX_TERMS_PER_DOC)
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ X


def _top_terms(X: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    indptr, indices, data = X.indptr, X.indices, X.data
    rows, cols, vals = [], [], []
    for i in range(X.shape[0]):
        s, e = indptr[i], indptr[i + 1]
        if e - s > k:
            keep = s + np.argpartition(-data[s:e], k)[:k]
        else:
            keep = np.arange(s, e)
        rows.append(np.full(len(keep), i))
        cols.append(indices[keep])
        vals.append(data[keep])
    if not rows:
        return X
    return sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=X.shape)


def _days(published: Optional[str]) -> Optional[int]:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def time_factor(days_apart: float) -> float:
    """1 within TIME_GRACE_DAYS; then halves every TIME_HALF_LIFE_DAYS, down to TIME_MIN_FACTOR."""
    if days_apart <= TIME_GRACE_DAYS:
        return 1.0
    return max(TIME_MIN_FACTOR, 0.5 ** ((days_apart - TIME_GRACE_DAYS) / TIME_HALF_LIFE_DAYS))


def neighbour_graph(X: sparse.csr_matrix, days: list[Optional[int]], chunk: int = 512) -> dict[int, dict[int, float]]:
    """Symmetric sparse graph {i: {j: similarity}} of each article's nearest neighbours."""
    n = X.shape[0]
    graph: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    XT = X.T.tocsr()
    day_arr = np.array([d if d is not None else -1 for d in days], dtype=np.int64)
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        S = (X[start:stop] @ XT).tocsr()
        for r in range(stop - start):
            i = start + r
            s, e = S.indptr[r], S.indptr[r + 1]
            cols, sims = S.indices[s:e], S.data[s:e]
            mask = (cols != i) & (sims >= EDGE_FLOOR)
            cols, sims = cols[mask], sims[mask]
            if day_arr[i] >= 0 and len(cols):
                other = day_arr[cols]
                dated = other >= 0
                apart = np.abs(other - day_arr[i])
                factor = np.where(dated & (apart > TIME_GRACE_DAYS),
                                  np.maximum(TIME_MIN_FACTOR, 0.5 ** ((apart - TIME_GRACE_DAYS) / TIME_HALF_LIFE_DAYS)), 1.0)
                sims = sims * factor
                keep = sims >= EDGE_FLOOR
                cols, sims = cols[keep], sims[keep]
            if len(cols) > NEIGHBOURS:
                top = np.lexsort((cols, -sims))[:NEIGHBOURS]
                cols, sims = cols[top], sims[top]
            for j, v in zip(cols.tolist(), sims.tolist()):
                graph[i][j] = max(graph[i].get(j, 0.0), v)
                graph[j][i] = max(graph[j].get(i, 0.0), v)
    return graph


def average_link(graph: dict[int, dict[int, float]], groups: list[list[int]], fixed: list[bool],
                 threshold: Optional[float] = None) -> list[list[int]]:
    """Merges groups while the best mean pairwise similarity is >= threshold; two fixed groups
    never merge. Returns the final groups (a merged group keeps the lower index)."""
    threshold = MERGE_THRESHOLD if threshold is None else threshold
    owner = {}
    for g, members in enumerate(groups):
        for m in members:
            owner[m] = g
    size = [len(m) for m in groups]
    members = [list(m) for m in groups]
    is_fixed = list(fixed)
    links: list[dict[int, float]] = [dict() for _ in groups]
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
    heap: list[tuple[float, int, int]] = []

    def push(a: int, b: int) -> None:
        if is_fixed[a] and is_fixed[b]:
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
            continue  # stale entry: the pair's mean changed since it was pushed
        if is_fixed[b] and not is_fixed[a]:
            a, b = b, a  # the fixed group survives, keeping its story id
        elif not is_fixed[a] and not is_fixed[b] and b < a:
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


def story_id_for(ext_id: str) -> str:
    return "s-" + hashlib.sha1(ext_id.encode("utf-8")).hexdigest()[:10]


def _title_for(member_rows: list[tuple], X: sparse.csr_matrix, idx: list[int]) -> str:
    centroid = np.asarray(X[idx].mean(axis=0)).ravel()
    scores = X[idx] @ centroid
    order = sorted(range(len(idx)), key=lambda k: (-scores[k], member_rows[k][1]))
    for k in order:
        title = member_rows[k][2]
        if title:
            return _shorten(title)
    text = member_rows[order[0]][3]
    sentences = [strip_dateline(text[s.start:s.end]) for s in split_sentences(text)]
    first = next((s for s in sentences if len(s.split()) >= 5), sentences[0] if sentences else text[:200])
    return _shorten(first)


def _shorten(text: str, words: int = 14) -> str:
    parts = " ".join(text.split()).split(" ")
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def update_stories(store: Store, progress: Optional[Progress] = None) -> ClusterResult:
    """Assigns every unassigned stored article to an existing or a new story."""
    rows = list(store.iter_cluster_inputs())  # (id, ext_id, title, text, published)
    result = ClusterResult()
    if not rows:
        return result
    assigned = store.story_assignments()
    if all(r[0] in assigned for r in rows):
        return result
    if progress:
        progress(f"vectorising {len(rows):,} articles")
    X = vectorize([_doc_text(r[2], r[3]) for r in rows])
    days = [_days(r[4]) for r in rows]
    if progress:
        progress("finding neighbours")
    graph = neighbour_graph(X, days)
    if progress:
        progress("grouping into stories")
    by_story: dict[str, list[int]] = {}
    new_idx: list[int] = []
    for i, r in enumerate(rows):
        sid = assigned.get(r[0])
        if sid is None:
            new_idx.append(i)
        else:
            by_story.setdefault(sid, []).append(i)
    story_order = sorted(by_story)
    groups = [by_story[s] for s in story_order] + [[i] for i in new_idx]
    fixed = [True] * len(story_order) + [False] * len(new_idx)
    final = average_link(graph, groups, fixed)
    pairs = []
    with store.transaction():
        for g, members in enumerate(final):
            if not members:
                continue
            fresh = [i for i in members if rows[i][0] not in assigned]
            if not fresh:
                continue
            centroid = np.asarray(X[members].mean(axis=0)).ravel()
            if g < len(story_order):
                sid = story_order[g]
                result.grown_stories.append(sid)
                store.touch_story(sid)
            else:
                founder = min(members, key=lambda i: (days[i] if days[i] is not None else math.inf, rows[i][1]))
                sid = story_id_for(rows[founder][1])
                result.new_stories.append(sid)
                store.add_story(sid, "")
            store.set_story_title(sid, _title_for([rows[i] for i in members], X, members))
            for i in fresh:
                pairs.append((rows[i][0], sid, round(float((X[i] @ centroid)[0]), 4)))
        store.assign(pairs)
    result.assigned = len(pairs)
    return result
