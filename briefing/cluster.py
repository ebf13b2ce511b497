"""Story clustering: online, deterministic average-link agglomeration on a sparse
nearest-neighbour graph of article vectors.

1. Every stored article becomes an L2-normalised vector (`vectorize`): title, lede and body
   fields of sublinear TF-IDF, plus a field of capitalised names (`names`), with boilerplate
   paragraphs (repeated verbatim across articles) left out.
2. Each article's nearest neighbours (cosine similarity >= EDGE_FLOOR, at most NEIGHBOURS) form
   a sparse graph; when both articles are dated, similarities are raised for articles published
   days apart and damped for ones months apart (`time_factor`); they are damped when both are
   short (snippets, captions and error pages share words by chance).
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

MERGE_THRESHOLD = 0.16      # average-link stops (and a new article stops joining) below this mean similarity
EDGE_FLOOR = 0.05           # pair similarities below this count as 0
NEIGHBOURS = 30             # neighbours kept per article
QUERY_TERMS = 30            # neighbour search looks up each article's 30 strongest terms ...
CANDIDATES = 2 * NEIGHBOURS  # ... and rescores this many best candidates exactly
TITLE_WEIGHT = 1.0          # field weights: title and lede vectors added to the body vector
LEDE_WEIGHT = 0.5
ENTITY_WEIGHT = 0.7         # capitalised names (one token per run of capitalised words) added as a 4th field
LEDE_WORDS = 60
BODY_WORDS = 600            # the body field is the first 600 words (drops tail noise, caps cost)
IDF_ADD = 0.5               # idf = log((1 + n + IDF_PSEUDO_DOCS) / (1 + df)) + IDF_ADD
IDF_PSEUDO_DOCS = 50        # as if 50 more articles shared none of these words: keeps a tiny corpus's
                            # shared words (all five seed articles say "Iran") from weighing nothing
MAX_DF = 0.5                # terms in more than half the articles carry no story signal
MIN_ARTICLES_FOR_DF_PRUNING = 50  # below this, terms of one article and very common terms are kept
REPEATED_PARAGRAPH_DF = 3   # a paragraph found verbatim in this many articles is boilerplate
PAGE_MAX_WORDS = 150        # an article this short with fewer than PAGE_MIN_OWN_WORDS words outside
PAGE_MIN_OWN_WORDS = 30     # boilerplate paragraphs is a boilerplate page: it gets no neighbours
TIME_TAU_DAYS = 60.0        # two dated articles: similarity x (MIN + (MAX - MIN) * exp(-days apart / tau))
TIME_MAX_FACTOR = 1.3       # published the same day: evidence for one story; an undated pair counts 1 (no evidence)
TIME_MIN_FACTOR = 0.65      # months apart: evidence against (never forbidden: stories run for years)
SHORT_PAIR_WORDS = 200      # two articles whose longer one has n < 200 words of its own: similarity x n / 200
                            # (a link between two snippets, error pages or captions is weak evidence)
_EXTRA_STOP = {"said", "says", "say", "mr", "mrs", "ms", "just", "like", "year", "years", "new", "told",
               "according", "also", "would", "could", "one", "two"}

Progress = Callable[[str], None]
_NAME = r"[A-Z][a-zA-Z'\-]+"
# a run of two or more capitalised words, or a single one that does not open a line or sentence
_NAME_RUN = re.compile(rf"(?=[A-Z])(?:\b{_NAME}(?:[ \t]+{_NAME})+|(?<![.!?\"\u201d] )(?<!\n)\b{_NAME})")


@dataclass
class ClusterResult:
    new_stories: list[str] = field(default_factory=list)
    grown_stories: list[str] = field(default_factory=list)
    assigned: int = 0


def _paragraphs(text: str) -> list[str]:
    return [p for p in (" ".join(line.split()) for line in text.split("\n")) if p]


def _fields(title: Optional[str], text: str, repeated: set[str]) -> tuple[str, str, str, bool]:
    """(title, lede, body) texts without boilerplate paragraphs, and whether the article is a
    boilerplate page (short, and almost all of it repeated across the corpus)."""
    paragraphs = _paragraphs(text)
    own = [p for p in paragraphs if p.lower() not in repeated]
    total = sum(len(p.split()) for p in paragraphs)
    words = " ".join(own).split(None, BODY_WORDS)[:BODY_WORDS]
    page = len(own) < len(paragraphs) and total < PAGE_MAX_WORDS and len(words) < PAGE_MIN_OWN_WORDS
    return title or "", " ".join(words[:LEDE_WORDS]), " ".join(words), page


def names(text: str) -> list[str]:
    """Tokens for runs of capitalised words ("Mitt Romney's" -> "e_mitt_romneys"); a single
    capitalised word opening the text, a line or a sentence is left out (capitalised for position only)."""
    return ["e_" + "_".join(run.lower().replace("'", "").replace("-", "_").split())
            for run in _NAME_RUN.findall("\n" + text)]


def vectorize(titles: list[Optional[str]], texts: list[str]) -> sparse.csr_matrix:
    """L2-normalised article vectors (see `vectorize_with_lengths`)."""
    return vectorize_with_lengths(titles, texts)[0]


def vectorize_with_lengths(titles: list[Optional[str]], texts: list[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """L2-normalised article vectors, and each article's count of words outside boilerplate
    paragraphs (at most BODY_WORDS).

    Vector: body + LEDE_WEIGHT * lede + TITLE_WEIGHT * title, each field a
    sublinear TF-IDF vector (English stop words out; IDF fit on these articles; from
    MIN_ARTICLES_FOR_DF_PRUNING articles on, terms found in one article only, or in more than
    MAX_DF of them, are dropped), joined by ENTITY_WEIGHT * a TF-IDF vector of capitalised
    names (`names`) from title and body. Paragraphs repeated verbatim in
    REPEATED_PARAGRAPH_DF or more articles (widgets, copyright lines) are left out; boilerplate
    pages get a zero vector, so they join nothing."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer
    from sklearn.preprocessing import normalize

    n = len(texts)
    seen: dict[str, int] = {}
    for text in texts:
        for p in {p.lower() for p in _paragraphs(text)}:
            seen[p] = seen.get(p, 0) + 1
    repeated = {p for p, c in seen.items() if c >= REPEATED_PARAGRAPH_DF}
    fields = [_fields(t, x, repeated) for t, x in zip(titles, texts)]
    vec = CountVectorizer(lowercase=True, token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z\-]*[a-zA-Z]\b",
                          stop_words=sorted(ENGLISH_STOP_WORDS | _EXTRA_STOP), dtype=np.float32)
    body = vec.fit_transform([f[2] for f in fields]).tocsr()
    title = vec.transform([f[0] for f in fields]).tocsr()
    lede = vec.transform([f[1] for f in fields]).tocsr()
    weight = sparse.diags(_idf(((title + body) > 0).sum(axis=0), n))
    ent_vec = CountVectorizer(lowercase=False, analyzer=names, dtype=np.float32)
    ents = ent_vec.fit_transform([(f[0] + "\n" if f[0] else "") + f[2] for f in fields]).tocsr()
    ent_weight = sparse.diags(_idf((ents > 0).sum(axis=0), n))
    for m in (title, lede, body, ents):
        m.data = 1.0 + np.log(m.data)  # sublinear tf
    words = normalize(body @ weight) + LEDE_WEIGHT * normalize(lede @ weight) + TITLE_WEIGHT * normalize(title @ weight)
    del body, title, lede
    ents = ENTITY_WEIGHT * normalize(ents @ ent_weight)
    X = normalize(sparse.hstack([words, ents], format="csr"))
    del words, ents
    pages = np.array([f[3] for f in fields], dtype=bool)
    if pages.any():
        X = (sparse.diags((~pages).astype(np.float32)) @ X).tocsr()
    X.eliminate_zeros()
    return X.astype(np.float32), np.array([len(f[2].split()) for f in fields], dtype=np.int64)


def _idf(df, n: int) -> np.ndarray:
    df = np.asarray(df).ravel()
    idf = np.log((1 + n + IDF_PSEUDO_DOCS) / (1 + df)) + IDF_ADD
    if n >= MIN_ARTICLES_FOR_DF_PRUNING:  # in a tiny corpus these counts say little
        idf[df <= 1] = 0.0
        idf[df > MAX_DF * n] = 0.0
    return idf.astype(np.float32)


def _days(published: Optional[str]) -> Optional[int]:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def time_factor(days_apart):
    """Similarity multiplier for two dated articles: TIME_MAX_FACTOR on the same day, falling
    below 1 after about five weeks and towards TIME_MIN_FACTOR over months; never 0, because a
    developing story can span years. A pair without both dates gets 1: time says nothing."""
    return TIME_MIN_FACTOR + (TIME_MAX_FACTOR - TIME_MIN_FACTOR) * np.exp(-np.abs(days_apart) / TIME_TAU_DAYS)


def _strongest_terms(X: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    """X with only each row's k highest weights kept (ties by column), not renormalised."""
    lens = np.diff(X.indptr)
    if lens.max(initial=0) <= k:
        return X
    rows = np.repeat(np.arange(X.shape[0]), lens)
    keep = np.sort(_best_per_row_index(rows, X.indices, X.data, k))
    indptr = np.concatenate([[0], np.cumsum(np.minimum(lens, k))])
    return sparse.csr_matrix((X.data[keep], X.indices[keep], indptr), shape=X.shape)


def short_pair_factor(longer_words):
    """Similarity multiplier for two articles whose longer one has `longer_words` own words."""
    return np.minimum(1.0, np.maximum(longer_words, 1) / SHORT_PAIR_WORDS)


def neighbour_graph(X: sparse.csr_matrix, days: list[Optional[int]], chunk: int = 1000,
                    lengths: Optional[np.ndarray] = None) -> dict[int, dict[int, float]]:
    """Symmetric sparse graph {i: {j: similarity}} of each article's nearest neighbours.

    Candidates come from each article's QUERY_TERMS strongest terms against the full vectors
    (cheap: those terms are rare); candidates whose partial similarity reaches EDGE_FLOOR are
    rescored with the exact cosine, time-damped, damped when both articles are short (`lengths`:
    own words per article), and the best NEIGHBOURS kept."""
    n = X.shape[0]
    XT = X.T.tocsr()
    Q = _strongest_terms(X, QUERY_TERMS)
    day_arr = np.array([d if d is not None else -1 for d in days], dtype=np.int64)
    found_i, found_j, found_s = [], [], []
    for start in range(0, n, chunk):
        S = (Q[start:min(n, start + chunk)] @ XT).tocsr()
        rows = np.repeat(np.arange(S.shape[0]), np.diff(S.indptr)) + start
        cols, approx = S.indices.astype(np.int64), S.data
        keep = (cols != rows) & (approx >= EDGE_FLOOR)
        rows, cols, approx = rows[keep], cols[keep], approx[keep]
        best = _best_per_row_index(rows, cols, approx, CANDIDATES)
        rows, cols = rows[best], cols[best]
        if not len(rows):
            continue
        sims = np.asarray(X[rows].multiply(X[cols]).sum(axis=1)).ravel()  # exact cosine
        dated = (day_arr[rows] >= 0) & (day_arr[cols] >= 0)
        sims = sims * np.where(dated, time_factor(day_arr[rows] - day_arr[cols]), 1.0)
        if lengths is not None:
            sims = sims * short_pair_factor(np.maximum(lengths[rows], lengths[cols]))
        keep = sims >= EDGE_FLOOR
        rows, cols, sims = rows[keep], cols[keep], sims[keep]
        order = _best_per_row_index(rows, cols, sims, NEIGHBOURS)
        found_i.append(rows[order])
        found_j.append(cols[order])
        found_s.append(sims[order])
    graph: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    if found_i:
        for i, j, v in zip(np.concatenate(found_i).tolist(), np.concatenate(found_j).tolist(),
                           np.concatenate(found_s).tolist()):
            if v > graph[i].get(j, 0.0):
                graph[i][j] = v
                graph[j][i] = v
    return graph


def _best_per_row_index(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest values of each row (ties broken by column: deterministic)."""
    if not len(rows):
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((cols, -vals, rows))
    sorted_rows = rows[order]
    first = np.searchsorted(sorted_rows, sorted_rows, side="left")
    return order[(np.arange(len(order)) - first) < k]


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


def _title_for(member_rows: list[tuple], X: sparse.csr_matrix, idx: list[int], centroid: np.ndarray) -> str:
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
    X, lengths = vectorize_with_lengths([r[2] for r in rows], [r[3] for r in rows])
    days = [_days(r[4]) for r in rows]
    if progress:
        progress("finding neighbours")
    graph = neighbour_graph(X, days, lengths=lengths)
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
            store.set_story_title(sid, _title_for([rows[i] for i in members], X, members, centroid))
            for i in fresh:
                pairs.append((rows[i][0], sid, round(float((X[i] @ centroid)[0]), 4)))
        store.assign(pairs)
    result.assigned = len(pairs)
    return result
