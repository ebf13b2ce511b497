"""Story clustering: online, deterministic average-link agglomeration on a sparse
nearest-neighbour graph of article vectors.

1. Every stored article becomes an L2-normalised vector (`vectorize`): title, lede and body
   fields of sublinear TF-IDF, plus a field of capitalised names (`tokens.name_terms`), with boilerplate
   paragraphs (repeated verbatim across articles) left out.
2. Each article's nearest neighbours (cosine similarity >= EDGE_FLOOR, at most NEIGHBOURS) form
   a sparse graph; when both articles are dated, similarities are raised for articles published
   days apart and damped for ones months apart (`time_factor`); they are damped when both are
   short (snippets, captions and error pages share words by chance) unless their gists mean the
   same, when two longer articles' given headlines mean different things, and when two longer
   articles published a week or more apart name different places and people (`PairEvidence`).
3. Average-link agglomeration on that graph (pairs without an edge count as 0): the two groups
   with the highest mean pairwise similarity merge while it is >= MERGE_THRESHOLD.
   Existing stories enter as fixed groups that may absorb new articles but never merge with each
   other or lose members, so story ids are stable and a later run only adds to them.
4. A new group gets the id `s-` + 10 hex digits of SHA-1 of its earliest member's ext_id, and a
   provisional title: the title (else the first sentence) of its most central member.

Incremental: each article's term counts are stored once (`cluster_features`, with the hashes of
its paragraphs), so a run reads and counts only new articles, and those whose boilerplate
paragraphs changed; IDF and vectors are rebuilt from the stored counts (a sum over rows). Only
edges that touch a new article can change the result (existing stories never merge), so the
neighbour search covers the new articles and the old ones that may count a new one among theirs.
The result is the one clustering every text from scratch gives (tests/test_cluster_incremental.py).

Speed: new articles are counted once (their paragraphs are hashed first, so the boilerplate is
known before counting), by two forked processes when there are many (`forked.ordered_map`), their
terms found by compiled scans (`tokens.py`) and given ids by a compiled table (`termids.py`); the
neighbour search (`neighbours.py`) and the merges (`grouping.py`) are compiled with numba and
compute what the sparse-matrix and Python formulations computed, float sums in the same order
(tests/test_neighbours.py), so the stories, scores and titles are the same, only sooner.
"""
from __future__ import annotations

import functools
import hashlib
import itertools
import math
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable, Iterator, NamedTuple, Optional

import numpy as np
from scipy import sparse

from ..ingest.metadata import strip_dateline
from ..ingest.paragraphs import hash_paragraphs, hashes_blob, paragraph_blob, paragraph_hashes, split_paragraphs
from ..forked import fork_workers, ordered_map
from ..models import Article
from ..stopwords import ENGLISH, NEWS_WORDS
from ..store.sqlite import Store

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
TIME_MAX_FACTOR = 1.5       # published the same day: evidence for one story; an undated pair counts 1 (no evidence)
TIME_MIN_FACTOR = 0.65      # months apart: evidence against (never forbidden: stories run for years)
SHORT_PAIR_WORDS = 200      # two articles whose longer one has n < 200 words of its own: similarity x n / 200
                            # (a link between two snippets, error pages or captions is weak evidence) ...
SHORT_MEANING_LOW = 0.2     # ... unless their gists mean the same: x 1 from a gist cosine of SHORT_MEANING_HIGH,
SHORT_MEANING_HIGH = 0.5    # rising from SHORT_MEANING_LOW (the larger of the two factors counts)
WIDGET_LINE_WORDS = 40      # a paragraph this long is not a widget or notice line (`_without_widgets`)
GIST_WORDS = 60             # a short item's gist: its given title, else its first 60 words of its own
TITLE_MEANING_FULL = 0.4    # two longer articles with given titles: similarity x title cosine / 0.4, ...
TITLE_MEANING_FLOOR = 0.6   # ... at most 1 and at least 0.6 (headlines of one event say the same thing)
NAMES_APART_DAYS = 7        # two longer articles published a week or more apart: similarity x name-word cosine / 0.2, ...
NAMES_FULL = 0.2            # ... at most 1 and at least 0.5 (look-alike events name other places and people;
NAMES_FLOOR = 0.5           # reports of one event days apart may not, so closer pairs are left alone)
_EXTRA_STOP = {"said", "says", "say", "mr", "mrs", "ms", "just", "like", "year", "years", "new", "told",
               "according", "also", "would", "could", "one", "two"}
_MASK64 = (1 << 64) - 1

Progress = Callable[..., None]  # (message[, done, total])
_BODY_CUT = re.compile(rf"(?:[^ ]* ){{{BODY_WORDS}}}")  # BODY_WORDS words, each and a space


@dataclass
class ClusterResult:
    new_stories: list[str] = field(default_factory=list)
    grown_stories: list[str] = field(default_factory=list)
    assigned: int = 0


@functools.cache
def _stop_words() -> frozenset[str]:
    return frozenset(ENGLISH | NEWS_WORDS)


@dataclass
class ArticleFeatures:
    """What clustering needs of one article, counted once and stored (`cluster_features`): its
    paragraph hashes, the sum of those that were boilerplate when its terms were counted (the
    terms are recounted when that set changes), its own words, whether it is a boilerplate page,
    and term counts of its title, lede, body and names fields."""
    paragraphs: list[int]
    repeated_key: int
    own_words: int
    page: bool
    fields: tuple[Counter, Counter, Counter, Counter]


class ArticleTerms(NamedTuple):
    """`ArticleFeatures` as few objects, quick to send between processes."""
    paragraphs: bytes  # the sorted distinct paragraph hashes, uint64
    repeated_key: int
    own_words: int
    page: bool
    lens: list[int]  # how many terms the title, lede, body and names fields have
    terms: str  # their terms joined by spaces (a term has none), field after field
    counts: bytes  # a uint32 count for each term


def _repeated_key(hashes: Iterable[int], repeated: set[int]) -> int:
    return sum(repeated.intersection(hashes)) & _MASK64  # the distinct hashes that are in `repeated`


def _without_widgets(paragraphs: list[str]) -> list[str]:
    """The paragraphs that are not a widget, notice or prompt line (`ingest.boilerplate`: "Play
    Facebook Twitter Embed ... Copy this code to your website", "Subscribe to our newsletter"):
    such a line, met in two articles of different stories, would link them. Such lines are short:
    only paragraphs under WIDGET_LINE_WORDS words are looked at (a tenth of the cost of all)."""
    from ..ingest.boilerplate import boilerplate_kinds

    return [p for p in paragraphs if p.count(" ") >= WIDGET_LINE_WORDS or not boilerplate_kinds(p)]


def article_terms(title: Optional[str], text: str, repeated: set[int], known: Optional[bytes] = None) -> ArticleTerms:
    """Fields of one article, leaving out paragraphs whose hash is in `repeated` (boilerplate):
    title, lede (first LEDE_WORDS own words), body (first BODY_WORDS own words), and names of
    title and body; a short article made almost only of boilerplate is a page. Widget and notice
    lines are left out as well (`_without_widgets`). `known`: the
    article's paragraph hashes when stored already (`paragraph_blob`); when none of them is
    boilerplate, its paragraphs need no hashing."""
    paragraphs = split_paragraphs(text)
    if known is not None and repeated.isdisjoint(np.frombuffer(known, dtype=np.uint64).tolist()):
        blob, key, own = known, 0, paragraphs
    else:
        hashes = hash_paragraphs(paragraphs)
        blob, key = hashes_blob(hashes), _repeated_key(hashes, repeated)
        # a paragraph that is the article's own title is its headline, however many outlets ran it
        # (a feed of headlines repeats them): never boilerplate
        headline = " ".join(title.split()).lower() if title else None
        own = paragraphs if repeated.isdisjoint(hashes) else [p for p, h in zip(paragraphs, hashes)
                                                              if h not in repeated or p.lower() == headline]
    page = len(own) < len(paragraphs) and sum(p.count(" ") + 1 for p in paragraphs) < PAGE_MAX_WORDS
    own = _without_widgets(own)
    # paragraphs are words joined by single spaces: the first n words are the text before the
    # n-th space (" ".join(own_text.split()[:n]) without making the words)
    own_text = " ".join(own)
    own_words = own_text.count(" ") + 1 if own_text else 0
    body = own_text[:_BODY_CUT.match(own_text).end() - 1] if own_words > BODY_WORDS else own_text
    lede = body[:len(body) - len(body.split(" ", LEDE_WORDS)[LEDE_WORDS]) - 1] if own_words > LEDE_WORDS else body
    own_words = min(own_words, BODY_WORDS)
    page = page and own_words < PAGE_MIN_OWN_WORDS
    title = title or ""
    # the lede is the body's start, and a space follows it there: the lede's tokens are the body's
    # that end within it (a token holds no space, and lower() of the two parts is lower() of the
    # whole: only a final sigma looks at its neighbours, and not past a space)
    from ..kernels.tokens import name_terms, word_terms  # compiled (numba): imported when clustering

    lowered = body.lower()
    lede_end = len(lowered) if len(lede) == len(body) else len(lede) if body.isascii() else len(lede.lower())
    stop = _stop_words()
    lede_terms, in_lede, body_terms, in_body = word_terms(lowered, lede_end, stop)
    _, _, title_terms, in_title = word_terms(title.lower(), 0, stop)
    names, in_names = name_terms((title + "\n" if title else "") + body)
    fields = (title_terms, lede_terms, body_terms, names)
    counts = np.concatenate((in_title, in_lede, in_body, in_names)).astype(np.uint32)
    return ArticleTerms(blob, key, own_words, page, [len(in_title), len(in_lede), len(in_body), len(in_names)],
                        " ".join(filter(None, fields)), counts.tobytes())


def article_features(title: Optional[str], text: str, repeated: set[int], known: Optional[bytes] = None) -> ArticleFeatures:
    """`article_terms` with each field's terms and counts as a Counter."""
    packed = article_terms(title, text, repeated, known)
    terms = packed.terms.split(" ") if packed.terms else []
    counts = np.frombuffer(packed.counts, dtype=np.uint32).tolist()
    fields, start = [], 0
    for length in packed.lens:
        fields.append(Counter(dict(zip(terms[start:start + length], counts[start:start + length]))))
        start += length
    return ArticleFeatures(np.frombuffer(packed.paragraphs, dtype=np.uint64).tolist(), packed.repeated_key,
                           packed.own_words, packed.page, tuple(fields))


class _Vocabulary:
    """Term ids of the stored vocabulary (`cluster_terms`); new terms get the next ids."""

    def __init__(self, stored: list[tuple[int, str]]):
        from ..kernels.termids import TermTable  # compiled (numba): imported when clustering

        self.terms = dict(stored)
        self.table = TermTable()
        if stored:
            self.table.put(TermTable.hashes(" ".join(term for _i, term in stored)),
                           np.array([i for i, _term in stored], dtype=np.int64))
        self.added: list[tuple[int, str]] = []

    def encode(self, f: ArticleFeatures) -> bytes:
        """Term ids and counts of the four fields: a uint32 header (the four field lengths and
        the count width), uint32 ids, then counts (uint8, or uint32 when one is over 255)."""
        counts = np.fromiter(itertools.chain.from_iterable(c.values() for c in f.fields), dtype=np.uint32)
        return self.encode_terms([len(c) for c in f.fields], " ".join(itertools.chain.from_iterable(f.fields)), counts)

    def encode_terms(self, lens: list[int], joined: str, counts: np.ndarray) -> bytes:
        """`encode` of the four fields given as their lengths, their terms joined by spaces (a
        term has none) and their counts, in order."""
        total = sum(lens)
        if total:
            hashes = self.table.hashes(joined)
            found = self.table.find(hashes)
            if (found < 0).any():
                found = self._add(lens, joined.split(" "), hashes, found)
            term_ids = found.astype(np.uint32)
        else:
            term_ids = np.zeros(0, dtype=np.uint32)
        wide = total > 0 and int(counts.max()) > 255
        header = np.array(list(lens) + [wide], dtype=np.uint32)
        return header.tobytes() + term_ids.tobytes() + (counts if wide else counts.astype(np.uint8)).tobytes()

    def _add(self, lens: list[int], terms: list[str], hashes: np.ndarray, found: np.ndarray) -> np.ndarray:
        """Ids for the terms not found (-1): the next ids, field by field, in sorted order within a field."""
        fresh: dict[str, int] = {}
        first: dict[str, int] = {}  # a new term -> where it is first
        new = np.flatnonzero(found < 0).tolist()
        start = 0
        for length in lens:
            field_new = {terms[k]: k for k in new if start <= k < start + length and terms[k] not in fresh}
            for term in sorted(field_new):
                fresh[term] = i = len(self.terms)
                first[term] = field_new[term]
                self.terms[i] = term
                self.added.append((i, term))
            start += length
        found = found.copy()
        found[new] = [fresh[terms[k]] for k in new]
        self.table.put(hashes[list(first.values())], np.array(list(fresh.values()), dtype=np.int64))
        return found

    def take_added(self) -> list[tuple[int, str]]:
        added, self.added = self.added, []
        return added


def _decode(blob: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    header = np.frombuffer(blob, dtype=np.uint32, count=5)
    total = int(header[:4].sum())
    ids = np.frombuffer(blob, dtype=np.uint32, count=total, offset=20)
    counts = np.frombuffer(blob, dtype=np.uint32 if header[4] else np.uint8, count=total, offset=20 + 4 * total)
    return header[:4], ids, counts


def _csr(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, shape: tuple[int, int]) -> sparse.csr_matrix:
    """The matrix of entries (row, col, value), each (row, col) at most once, columns sorted in each row."""
    indptr = np.zeros(shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=shape[0]), out=indptr[1:])
    if len(rows) and not (rows[1:] >= rows[:-1]).all():  # `_vectors` gives them by row already
        order = np.argsort(rows, kind="stable")
        rows, cols, vals = rows[order], cols[order], vals[order]
    m = sparse.csr_matrix((vals.copy(), cols.astype(np.int32), indptr), shape=shape)  # copies: sorted in place
    m.sort_indices()  # row by row: far cheaper than one sort of all the entries
    return m


def _vectors(lens: np.ndarray, ids: np.ndarray, counts: np.ndarray, pages: np.ndarray,
             terms: dict[int, str]) -> "ArticleVectors":
    """L2-normalised article vectors from term counts: `lens` (n x 4: title, lede, body, names
    entries per article), `ids` and `counts` those entries in order; with each article's name
    words (`names.name_word_rows`; own-word counts are left to the caller).

    Vector: body + LEDE_WEIGHT * lede + TITLE_WEIGHT * title, each field a sublinear TF-IDF vector
    over the terms found in some body (IDF fit on these articles; from MIN_ARTICLES_FOR_DF_PRUNING
    articles on, terms found in one article only, or in more than MAX_DF of them, are dropped),
    joined by ENTITY_WEIGHT * a TF-IDF vector of names; boilerplate pages get a zero vector.
    Columns are in the order of the terms' text, so ties between terms break as they always did."""
    from ..kernels.names import name_word_rows  # compiled (numba): imported when clustering, not at start-up
    from ..kernels.rownorm import normalize

    n = len(lens)
    rows = np.repeat(np.repeat(np.arange(n, dtype=np.int32), 4), lens.ravel())  # (narrow types: at 100k
    field = np.repeat(np.tile(np.arange(4, dtype=np.int8), n), lens.ravel())       # articles these are long)
    counts = counts.astype(np.float32)

    def columns(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        used = np.unique(ids[mask])
        ranked = np.array(sorted(used.tolist(), key=terms.__getitem__), dtype=np.int64)
        colmap = np.full(int(ids.max(initial=0)) + 1, -1, dtype=np.int32)
        colmap[ranked] = np.arange(len(ranked))
        return colmap, ranked

    def matrix(f: int, colmap: np.ndarray, width: int) -> sparse.csr_matrix:
        mask = field == f  # noqa: F821 - deleted only after its last use
        cols = colmap[ids[mask]]
        keep = cols >= 0
        return _csr(rows[mask][keep], cols[keep], counts[mask][keep], (n, width))  # noqa: F821

    colmap, ranked = columns(field == 2)
    body, title, lede = (matrix(f, colmap, len(ranked)) for f in (2, 0, 1))
    weight = sparse.diags(_idf(((title + body) > 0).sum(axis=0), n))
    colmap, ranked = columns(field == 3)
    ents = matrix(3, colmap, len(ranked))
    del rows, field, counts, colmap
    ent_idf = _idf((ents > 0).sum(axis=0), n)
    ent_weight = sparse.diags(ent_idf)
    # the names that count in the vector (idf > 0: not found in one article only, nor in most),
    # of the articles that are not boilerplate pages
    counted = sparse.diags(((ent_idf > 0)).astype(np.float32))
    names = name_word_rows(sparse.diags((~pages).astype(np.float32)) @ ents @ counted if pages.any() else ents @ counted,
                           [terms[i] for i in ranked.tolist()])
    for m in (title, lede, body, ents):
        m.data = 1.0 + np.log(m.data)  # sublinear tf
    words = normalize(body @ weight) + LEDE_WEIGHT * normalize(lede @ weight) + TITLE_WEIGHT * normalize(title @ weight)
    del body, title, lede
    ents = ENTITY_WEIGHT * normalize(ents @ ent_weight)
    X = normalize(sparse.hstack([words, ents], format="csr"))
    del words, ents
    if pages.any():
        X = (sparse.diags((~pages).astype(np.float32)) @ X).tocsr()
    X.eliminate_zeros()
    return ArticleVectors(X.astype(np.float32), np.zeros(0, dtype=np.int64), names)


def _repeated(paragraph_sets: Iterable[Iterable[int]]) -> set[int]:
    """Hashes of the paragraphs found in REPEATED_PARAGRAPH_DF or more articles."""
    parts = [np.asarray(list(p) if isinstance(p, (set, list)) else p, dtype=np.uint64) for p in paragraph_sets]
    if not parts:
        return set()
    values, df = np.unique(np.concatenate(parts), return_counts=True)
    return set(values[df >= REPEATED_PARAGRAPH_DF].tolist())


class ArticleVectors(NamedTuple):
    """What clustering computes of each article: its vector, its own words (at most BODY_WORDS)
    and its name words (`names.name_word_rows`), one row each."""
    X: sparse.csr_matrix
    lengths: np.ndarray
    names: sparse.csr_matrix


def vectorize(titles: list[Optional[str]], texts: list[str]) -> sparse.csr_matrix:
    """L2-normalised article vectors (see `article_vectors`)."""
    return article_vectors(titles, texts).X


def vectorize_with_lengths(titles: list[Optional[str]], texts: list[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Article vectors and own-word counts (see `article_vectors`)."""
    return article_vectors(titles, texts)[:2]


def article_vectors(titles: list[Optional[str]], texts: list[str]) -> ArticleVectors:
    """Article vectors of these texts (`article_features`, then `_vectors`), each article's
    count of words outside boilerplate paragraphs (at most BODY_WORDS) and its name words.
    `update_stories` computes the same from features stored in the database, so only new
    articles are read and counted."""
    repeated = _repeated(set(paragraph_hashes(t)) for t in texts)
    features = [article_features(t, x, repeated) for t, x in zip(titles, texts)]
    vocab = _Vocabulary([])
    decoded = [_decode(vocab.encode(f)) for f in features]
    vectors = _assemble(decoded, np.array([f.page for f in features], dtype=bool), vocab.terms)
    return vectors._replace(lengths=np.array([f.own_words for f in features], dtype=np.int64))


def _assemble(decoded: list[tuple[np.ndarray, np.ndarray, np.ndarray]], pages: np.ndarray,
              terms: dict[int, str]) -> ArticleVectors:
    n = len(decoded)
    lens = np.array([d[0] for d in decoded], dtype=np.int64).reshape(n, 4)
    ids = np.concatenate([d[1] for d in decoded]) if n else np.zeros(0, dtype=np.uint32)
    counts = np.concatenate([d[2].astype(np.uint32) for d in decoded]) if n else np.zeros(0, dtype=np.uint32)
    return _vectors(lens, ids, counts, pages, terms)


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


def short_pair_factor(longer_words):
    """Similarity multiplier for two articles whose longer one has `longer_words` own words."""
    return np.minimum(1.0, np.maximum(longer_words, 1) / SHORT_PAIR_WORDS)


class PairEvidence:
    """What the words' cosine of two articles misses, as a multiplier of their similarity.

    Two short items (the longer under SHORT_PAIR_WORDS own words: headlines, snippets, captions,
    widget and error pages) share words by chance, so their similarity is damped by length
    (`short_pair_factor`), unless their gists (`gist_text`) mean the same (`gist.GistEncoder`):
    real headlines of one event do, a junk page and a headline do not. Two longer articles that
    both carry a headline from their source are damped when the headlines mean different things:
    look-alike events (two Apple stories, two Israeli court cases) share their body's words, but
    not what their headlines say. A pair with an unknown vector keeps the length damping alone.
    Two longer articles published NAMES_APART_DAYS or more apart are damped when they name
    different places and people (`names`): two earthquakes, shootings or launches months apart
    share the words of the event, not its names. Undated pairs get no such damping (nothing says
    they are far apart), nor do articles naming too few words to tell (`names.MIN_NAME_WORDS`)."""

    def __init__(self, lengths: np.ndarray, gists: np.ndarray, gist_index: np.ndarray,
                 titles: np.ndarray, title_index: np.ndarray, names=None, days: Optional[np.ndarray] = None):
        self.lengths, self.gists, self.gist_index = lengths, gists, gist_index
        self.titles, self.title_index = titles, title_index
        self.names, self.days = names, days  # `names.NameRows`; days: ordinal dates, -1 unknown

    def __call__(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        from .gist import pair_cosines

        longer = np.maximum(self.lengths[rows], self.lengths[cols])
        factor = short_pair_factor(longer)
        short = longer < SHORT_PAIR_WORDS
        if short.any():
            cos = pair_cosines(self.gists, self.gist_index, rows[short], cols[short])
            meaning = np.clip((np.nan_to_num(cos, nan=-1.0) - SHORT_MEANING_LOW) / (SHORT_MEANING_HIGH - SHORT_MEANING_LOW),
                              0.0, 1.0)
            factor[short] = np.maximum(factor[short], meaning)
        if (~short).any():
            cos = pair_cosines(self.titles, self.title_index, rows[~short], cols[~short])
            titled = ~np.isnan(cos)
            part = factor[~short]
            part[titled] = np.clip(cos[titled] / TITLE_MEANING_FULL, TITLE_MEANING_FLOOR, 1.0)
            if self.names is not None and self.days is not None:
                part *= self._names_factor(rows[~short], cols[~short])
            factor[~short] = part
        return factor

    def _names_factor(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        from ..kernels.names import pair_cosines

        factor = np.ones(len(rows))
        a, b = self.days[rows], self.days[cols]
        apart = np.flatnonzero((a >= 0) & (b >= 0) & (np.abs(a - b) >= NAMES_APART_DAYS))
        if len(apart):
            cos = pair_cosines(self.names, rows[apart], cols[apart])
            known = ~np.isnan(cos)
            factor[apart[known]] = np.clip(cos[known] / NAMES_FULL, NAMES_FLOOR, 1.0)
        return factor


def gist_text(title: Optional[str], text: str) -> str:
    """What a short item's meaning is read from: its given title, else its first GIST_WORDS words."""
    return title if title else " ".join(text.split()[:GIST_WORDS])


def pair_evidence(lengths: np.ndarray, titles: list[Optional[str]], texts: Callable[[list[int]], Iterable[str]],
                  names: Optional[sparse.csr_matrix] = None, days: Optional[list[Optional[int]]] = None
                  ) -> PairEvidence:
    """`PairEvidence` of n articles: `lengths` their own words, `titles` their titles as the input
    gave them (None: none, or one inferred from the text), `texts(indices)` the texts of those
    articles in order (read only for the short ones), `names` their name words
    (`ArticleVectors.names`) and `days` their publication dates (`_days`, None: unknown)."""
    from .gist import GistEncoder
    from ..kernels.names import NameRows

    n = len(lengths)
    short = np.flatnonzero(lengths < SHORT_PAIR_WORDS)
    titled = np.array([k for k, t in enumerate(titles) if t], dtype=np.int64)
    encoder = GistEncoder() if len(short) or len(titled) else None  # (the model loads only when needed)
    gists = encoder.vectors([gist_text(titles[i], text) for i, text in zip(short.tolist(), texts(short.tolist()))]) \
        if len(short) else np.zeros((0, 1), dtype=np.float32)
    gist_index = np.full(n, -1, dtype=np.int64)
    gist_index[short] = np.arange(len(short))
    title_vectors = encoder.vectors([titles[k] for k in titled.tolist()]) if len(titled) else np.zeros((0, 1), np.float32)
    title_index = np.full(n, -1, dtype=np.int64)
    title_index[titled] = np.arange(len(titled))
    day_arr = None if days is None else np.array([d if d is not None else -1 for d in days], dtype=np.int64)
    return PairEvidence(lengths, gists, gist_index, title_vectors, title_index,
                        None if names is None else NameRows.of(names), day_arr)


def neighbour_graph(X: sparse.csr_matrix, days: list[Optional[int]], chunk: int = 1000,
                    lengths: Optional[np.ndarray] = None,
                    only: Optional[np.ndarray] = None,
                    evidence: Optional[PairEvidence] = None) -> dict[int, dict[int, float]]:
    """The graph of `neighbour_edges` as a symmetric dict {i: {j: similarity}}."""
    graph: dict[int, dict[int, float]] = {i: {} for i in range(X.shape[0])}
    for i, j, v in zip(*(a.tolist() for a in neighbour_edges(X, days, chunk, lengths, only, evidence))):
        graph[i][j] = graph[j][i] = v
    return graph


def neighbour_edges(X: sparse.csr_matrix, days: list[Optional[int]], chunk: int = 1000,
                    lengths: Optional[np.ndarray] = None,
                    only: Optional[np.ndarray] = None,
                    evidence: Optional[PairEvidence] = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each article's nearest neighbours as a symmetric graph: edges (i, j, similarity), i < j,
    each once, in the order average-link sums them (by i, then as each i met its neighbours).

    Candidates come from each article's QUERY_TERMS strongest terms against the full vectors
    (cheap: those terms are rare); the CANDIDATES best whose partial similarity reaches EDGE_FLOOR
    are rescored with the exact cosine (`neighbours.candidate_cosines`, compiled, in threads),
    time-damped, damped when both articles are short (`lengths`: own words per article) or, with
    `evidence`, as it says (`PairEvidence`, which then replaces the length damping), and the
    best NEIGHBOURS kept.

    `only` (a boolean mask): keep just the edges that touch one of these articles. Then only they
    and the articles that may find one of them among their candidates are searched; every edge
    kept is the one the whole graph has."""
    from ..kernels import neighbours  # compiled (numba): imported when clustering, not at start-up

    n = X.shape[0]
    # the search sums each row's terms in column order (so a pair's cosine is the same from both ends)
    X = X if X.has_sorted_indices else X.sorted_indices()
    XT = X.T.tocsr()
    Q = neighbours.strongest_terms(X, QUERY_TERMS)
    if only is None:
        queries = np.arange(n)
    else:
        marked = np.flatnonzero(only)
        # article i finds j as a candidate when Q[i] . X[j] >= EDGE_FLOOR; a hair lower here, so
        # that a different order of float32 sums can only add rows (extra rows change nothing)
        reverse = (X[marked] @ Q.T).tocsr()
        reverse.data[reverse.data < EDGE_FLOOR * 0.999] = 0
        reverse.eliminate_zeros()
        queries = np.union1d(marked, np.unique(reverse.indices))
        del reverse
    day_arr = np.array([d if d is not None else -1 for d in days], dtype=np.int64)

    def search(part: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rows, cols, sims = neighbours.candidate_cosines(X, Q, XT, part, EDGE_FLOOR, CANDIDATES)
        dated = (day_arr[rows] >= 0) & (day_arr[cols] >= 0)
        sims = sims * np.where(dated, time_factor(day_arr[rows] - day_arr[cols]), 1.0)
        if evidence is not None:
            sims = sims * evidence(rows, cols)
        elif lengths is not None:
            sims = sims * short_pair_factor(np.maximum(lengths[rows], lengths[cols]))
        keep = sims >= EDGE_FLOOR
        rows, cols, sims = rows[keep], cols[keep], sims[keep]
        order = _best_per_row_index(rows, cols, sims, NEIGHBOURS)
        rows, cols, sims = rows[order], cols[order], sims[order]
        if only is not None:
            touching = only[rows] | only[cols]
            rows, cols, sims = rows[touching], cols[touching], sims[touching]
        return rows, cols, sims

    found_i, found_j, found_s = [], [], []
    with ThreadPoolExecutor(neighbours.search_threads()) as pool:  # the search releases the GIL
        for rows, cols, sims in pool.map(search, [queries[s:s + chunk] for s in range(0, len(queries), chunk)]):
            found_i.append(rows)
            found_j.append(cols)
            found_s.append(sims)
    if not found_i:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    rows, cols, sims = np.concatenate(found_i), np.concatenate(found_j), np.concatenate(found_s)
    # a pair found from both ends has the same similarity both times (it is symmetric); keep its
    # first finding, which is when the lower article met the higher one
    lo, hi = np.minimum(rows, cols), np.maximum(rows, cols)
    _, first = np.unique(lo * n + hi, return_index=True)
    first = first[np.lexsort((first, lo[first]))]
    return lo[first], hi[first], sims[first].astype(np.float64)


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
    edges = [(i, j, v) for i, nbrs in graph.items() for j, v in nbrs.items() if i < j]
    i, j, v = (np.array(x) for x in zip(*edges)) if edges else (np.zeros(0, dtype=np.int64),) * 3
    return average_link_edges(i, j, v, groups, fixed, threshold)


def average_link_edges(edge_i: np.ndarray, edge_j: np.ndarray, edge_v: np.ndarray, groups: list[list[int]],
                       fixed: list[bool], threshold: Optional[float] = None) -> list[list[int]]:
    """`average_link` on edges (i, j, similarity) between articles, summed into links between
    groups in the order given (`grouping.merge_order`)."""
    from ..kernels.grouping import merge_order  # compiled (numba): imported when clustering, not at start-up

    threshold = MERGE_THRESHOLD if threshold is None else threshold
    top = max((max(m) for m in groups if m), default=-1)
    top = max(top, int(edge_i.max(initial=-1)), int(edge_j.max(initial=-1)))
    owner = np.full(top + 1, -1, dtype=np.int64)
    for g, members in enumerate(groups):
        owner[members] = g
    gi, gj = owner[np.asarray(edge_i, dtype=np.int64)], owner[np.asarray(edge_j, dtype=np.int64)]
    keep = (gi >= 0) & (gj >= 0) & (gi != gj)
    members = [list(m) for m in groups]
    merges = merge_order([len(m) for m in groups], fixed, gi[keep], gj[keep], np.asarray(edge_v)[keep], threshold)
    for a, b in merges.tolist():
        members[a] += members[b]
        members[b] = []
    return members


def story_id_for(ext_id: str) -> str:
    return "s-" + hashlib.sha1(ext_id.encode("utf-8")).hexdigest()[:10]


def _title_for(member_rows: list[tuple], scores: np.ndarray, article_of: Callable[[str], Article]) -> str:
    """member_rows: (id, ext_id, title, published) of the members; scores: their similarity to the
    centroid; article_of: the stored article of an ext_id (its text and sentences)."""
    order = sorted(range(len(member_rows)), key=lambda k: (-scores[k], member_rows[k][1]))
    for k in order:
        title = member_rows[k][2]
        if title:
            return _shorten(title)
    article = article_of(member_rows[order[0]][1])
    text = article.text
    # the first sentence of five words or more, else the first sentence, else the text's start
    first = None
    for sentence in (strip_dateline(text[s.start:s.end]) for s in article.sentences):
        if len(sentence.split()) >= 5:
            return _shorten(sentence)
        first = sentence if first is None else first
    return _shorten(first if first is not None else text[:200])


def _shorten(text: str, words: int = 14) -> str:
    parts = " ".join(text.split()).split(" ")
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


COUNT_BATCH = 200              # articles handed to a counting worker at a time
MIN_ARTICLES_FOR_WORKERS = 2000  # from this many articles to read, two forked processes count them

_worker_repeated: set[int] = set()  # the boilerplate paragraphs, for the counting workers (inherited)


def _paragraph_blobs_of(batch: list[tuple[int, Optional[str], str]]) -> list[bytes]:
    return [paragraph_blob(text) for _i, _t, text in batch]


def _features_of(batch: list[tuple[int, Optional[str], str, Optional[bytes]]]) -> list[tuple[int, ArticleTerms]]:
    return [(article_id, article_terms(title, text, _worker_repeated, known)) for article_id, title, text, known in batch]


def _batches(store: Store, ids: list[int]) -> Iterator[list[tuple[int, Optional[str], str]]]:
    batch = []
    for row in store.iter_texts(ids):
        batch.append(row)
        if len(batch) >= COUNT_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _workers(ids: list[int]) -> int:
    return fork_workers(2) if len(ids) >= MIN_ARTICLES_FOR_WORKERS else 1


def _paragraph_blobs(store: Store, ids: list[int]) -> Iterator[bytes]:
    """The distinct paragraph hashes of each article of `ids` (uint64 bytes), in order: those that
    ingest stored, and for articles stored without them, computed from their texts."""
    stored = dict(store.iter_paragraph_blobs(ids))
    unknown = [i for i in ids if stored.get(i) is None]
    batches = ordered_map(_paragraph_blobs_of, _batches(store, unknown), _workers(unknown))
    computed = itertools.chain.from_iterable(batches)  # in the order of `unknown`
    try:
        for i in ids:
            blob = stored.get(i)
            yield blob if blob is not None else next(computed)
    finally:
        batches.close()  # ends its worker processes now, not when collected


def _with_paragraphs(batches: Iterable[list[tuple]], known: dict[int, bytes]) -> Iterator[list[tuple]]:
    for batch in batches:
        yield [(*row, known.get(row[0])) for row in batch]


def _counted(store: Store, ids: list[int], repeated: set[int], known: dict[int, bytes]) -> Iterator[tuple[int, tuple]]:
    """(id, `article_terms`) of each article of `ids`, in order, counted by forked
    workers when many; `known`: stored paragraph hashes by id (`article_terms`)."""
    global _worker_repeated
    _worker_repeated = repeated
    from ..kernels.tokens import load

    load()  # before forking: the workers inherit the compiled scans and their table
    try:
        for features in ordered_map(_features_of, _with_paragraphs(_batches(store, ids), known), _workers(ids)):
            yield from features
    finally:
        _worker_repeated = set()


def _stored_features(store: Store, rows: list[tuple], progress: Optional[Progress]) -> ArticleVectors:
    """Article vectors, own-word counts and name words of `rows` (every stored article, in id
    order), from the features stored in the database. Articles without stored features are read and counted
    (a first run reads them all); so are articles whose boilerplate paragraphs changed (a
    paragraph now found in REPEATED_PARAGRAPH_DF articles, or no longer after a prune)."""
    live = {r[0] for r in rows}
    stored = {a: (p, key) for a, p, key in store.cluster_paragraph_keys() if a in live}
    vocab = _Vocabulary(store.cluster_terms())

    def count(ids: list[int], repeated: set[int], known: dict[int, bytes]) -> None:
        batch: list[tuple] = []
        for article_id, (blob, key, own_words, page, lens, terms, counts) in _counted(store, ids, repeated, known):
            stored[article_id] = (blob, _signed(key))
            encoded = vocab.encode_terms(lens, terms, np.frombuffer(counts, dtype=np.uint32))
            batch.append((article_id, blob, _signed(key), own_words, int(page), encoded))
            if len(batch) >= 2000:
                store.save_cluster_features(vocab.take_added(), batch)
                batch = []
        store.save_cluster_features(vocab.take_added(), batch)

    def stored_paragraphs() -> Iterator[np.ndarray]:
        return (np.frombuffer(p, dtype=np.uint64) for p, _k in stored.values())

    # new articles are counted once, with the boilerplate paragraphs that they and the stored
    # ones make (so a first run counts every article once); then any stored article whose
    # boilerplate paragraphs changed is counted again
    missing = [r[0] for r in rows if r[0] not in stored]
    if missing:
        if progress:
            progress(f"finding repeated paragraphs of {len(missing):,} articles")
        fresh = dict(zip(missing, _paragraph_blobs(store, missing)))
        repeated = _repeated(itertools.chain(stored_paragraphs(),
                                             (np.frombuffer(blob, dtype=np.uint64) for blob in fresh.values())))
        if progress:
            progress(f"counting terms of {len(missing):,} articles")
        count(missing, repeated, fresh)
        del fresh
    repeated = _repeated(stored_paragraphs())
    stale = sorted(a for a, (p, key) in stored.items()
                   if _signed(_repeated_key(np.frombuffer(p, dtype=np.uint64).tolist(), repeated)) != key)
    if stale:
        if progress:
            progress(f"counting terms of {len(stale):,} articles again (their boilerplate changed)")
        count(stale, repeated, {a: stored[a][0] for a in stale})
    terms = vocab.terms
    if progress:
        progress(f"vectorising {len(rows):,} articles")
    n = len(rows)
    lens = np.zeros((n, 4), dtype=np.int64)
    own = np.zeros(n, dtype=np.int64)
    pages = np.zeros(n, dtype=bool)
    ids_parts, count_parts, ids_chunk, count_chunk = [], [], [], []
    position = {r[0]: k for k, r in enumerate(rows)}
    last = -1
    for article_id, own_words, page, blob in store.iter_cluster_features():
        k = position.get(article_id)
        if k is None:
            continue
        assert k > last, "features out of order"
        last = k
        head, ids, counts = _decode(blob)
        lens[k], own[k], pages[k] = head, own_words, bool(page)
        ids_chunk.append(ids)
        count_chunk.append(counts.astype(np.uint32))
        if len(ids_chunk) >= 5000:
            ids_parts.append(np.concatenate(ids_chunk))
            count_parts.append(np.concatenate(count_chunk))
            ids_chunk, count_chunk = [], []
    ids_parts += [np.concatenate(ids_chunk)] if ids_chunk else []
    count_parts += [np.concatenate(count_chunk)] if count_chunk else []
    ids = np.concatenate(ids_parts) if ids_parts else np.zeros(0, dtype=np.uint32)
    counts = np.concatenate(count_parts) if count_parts else np.zeros(0, dtype=np.uint32)
    del ids_parts, count_parts
    return _vectors(lens, ids, counts, pages, terms)._replace(lengths=own)


def _input_titles(store: Store, rows: list[tuple]) -> list[Optional[str]]:
    """The title of each row as its input gave it, else None (a title inferred from the text's first
    line is that line, not a headline)."""
    given = store.input_titled()
    return [r[2] if r[0] in given else None for r in rows]


def _texts(store: Store, ids: list[int]) -> list[str]:
    return [text for _i, _title, text in store.iter_texts(ids)]


def _signed(key: int) -> int:
    return key - (1 << 64) if key >= (1 << 63) else key


def update_stories(store: Store, progress: Optional[Progress] = None) -> ClusterResult:
    """Assigns every unassigned stored article to an existing or a new story.

    Only what involves new articles is computed: their neighbours, and the old articles that may
    count a new one among theirs (edges between two old articles cannot change the result:
    existing stories never merge). Vectors come from stored term counts, so an incremental run
    reads only the new articles' texts."""
    rows = store.cluster_inputs()  # (id, ext_id, title, published)
    result = ClusterResult()
    if not rows:
        return result
    assigned = store.story_assignments()
    if all(r[0] in assigned for r in rows):
        return result
    X, lengths, names = _stored_features(store, rows, progress)
    days = [_days(r[3]) for r in rows]
    is_new = np.array([r[0] not in assigned for r in rows], dtype=bool)
    if progress:
        progress("finding neighbours")
    evidence = pair_evidence(lengths, _input_titles(store, rows), lambda ix: _texts(store, [rows[i][0] for i in ix]),
                             names, days)
    del names
    edges = neighbour_edges(X, days, lengths=lengths, only=None if is_new.all() else is_new, evidence=evidence)
    del evidence
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
    final = average_link_edges(*edges, groups, fixed)
    del edges

    from ..kernels.centroids import centroid_scores  # compiled (numba): imported when clustering, not at start-up

    pairs = []
    touched = [(g, members) for g, members in enumerate(final) if members and is_new[members].any()]
    if progress:
        progress(f"saving {len(touched):,} stories")
    with store.transaction():
        for (g, members), scores in zip(touched, centroid_scores(X, [members for _g, members in touched])):
            if g < len(story_order):
                sid = story_order[g]
                result.grown_stories.append(sid)
                store.touch_story(sid)
            else:
                founder = min(members, key=lambda i: (days[i] if days[i] is not None else math.inf, rows[i][1]))
                sid = story_id_for(rows[founder][1])
                result.new_stories.append(sid)
                store.add_story(sid, "")
            store.set_story_title(sid, _title_for([rows[i] for i in members], scores, store.get_article))
            pairs += [(rows[i][0], sid, round(float(score), 4)) for i, score in zip(members, scores.tolist())
                      if is_new[i]]
        store.assign(pairs)
    result.assigned = len(pairs)
    return result
